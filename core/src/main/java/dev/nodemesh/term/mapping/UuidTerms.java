package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Binary;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * {@code UUID} as Elixir code usually carries it (Ecto's {@code :binary_id}, {@code
 * Ecto.UUID.generate()}): the 36-character text {@code "0f8fad5b-d9cb-469f-a165-70867728950e"}
 * as a binary, lower case. Decoding also accepts upper case and the 16-byte raw form ({@code
 * Ecto.UUID.dump/1}).
 */
final class UuidTerms {

    private UuidTerms() {}

    private static final int TEXT_LENGTH = 36;
    private static final int RAW_LENGTH = 16;
    private static final String EXPECTED = "UUID as a 36-character string or 16-byte binary";

    static final Encoder ENCODER = (value, cursor) -> Binary.of(value.toString());

    static final Decoder DECODER = (term, cursor) -> {
        if (!(term instanceof Binary binary)) {
            return cursor.mismatch(EXPECTED, term);
        }
        if (binary.size() == RAW_LENGTH) {
            ByteBuffer bytes = binary.asReadOnlyBuffer();
            return new UUID(bytes.getLong(), bytes.getLong());
        }
        if (binary.size() == TEXT_LENGTH && binary.isUtf8()) {
            String text = binary.utf8();
            if (isUuidText(text)) {
                return UUID.fromString(text);
            }
        }
        return cursor.mismatch(EXPECTED, term);
    };

    /** 8-4-4-4-12 hexadecimal digits; {@code UUID.fromString} alone accepts shorter groups. */
    private static boolean isUuidText(String text) {
        for (int i = 0; i < TEXT_LENGTH; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
                return false;
            }
        }
        return true;
    }
}

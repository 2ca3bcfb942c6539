package dev.nodemesh.term.etf;

import static dev.nodemesh.term.etf.EtfTags.BINARY_EXT;
import static dev.nodemesh.term.etf.EtfTags.BIT_BINARY_EXT;

import dev.nodemesh.term.Binary;
import dev.nodemesh.term.BitString;
import dev.nodemesh.term.Term;
import java.nio.ByteBuffer;

/**
 * Reads binaries: {@code BINARY_EXT} and {@code BIT_BINARY_EXT}. A binary of {@code viewThreshold}
 * bytes or more is a view of the input rather than a copy.
 */
final class BinaryReader {

    private BinaryReader() {}

    /** Reads the length and bytes of a {@code BINARY_EXT} whose tag is at {@code start}. */
    static Binary binary(EtfCursor c, int start, int viewThreshold) {
        long length = c.u32(BINARY_EXT);
        c.requireBytes(length, "BINARY_EXT", start);
        return bytes(c, (int) length, viewThreshold);
    }

    /** Reads a {@code BIT_BINARY_EXT} whose tag is at {@code start}; 8 bits in the last byte make a binary. */
    static Term bitBinary(EtfCursor c, int start, int viewThreshold) {
        long length = c.u32(BIT_BINARY_EXT);
        int bits = c.u8(BIT_BINARY_EXT);
        if (length == 0 || bits == 0) {
            if (length == 0 && bits == 0) {
                return Binary.EMPTY;
            }
            throw c.failure(
                    "BIT_BINARY_EXT with " + length + " bytes cannot have " + bits
                            + " bits in its last byte (0 bits go with 0 bytes only)",
                    start);
        }
        if (bits > 8) {
            throw c.failure("BIT_BINARY_EXT has " + bits + " bits in its last byte, more than 8", start);
        }
        c.requireBytes(length, "BIT_BINARY_EXT", start);
        if (bits == 8) {
            return bytes(c, (int) length, viewThreshold);
        }
        byte[] bytes = c.bytes(c.pos, (int) length);
        c.pos += (int) length;
        return BitString.of(bytes, bits);
    }

    /** Reads {@code length} bytes, already checked, as a binary. */
    private static Binary bytes(EtfCursor c, int length, int viewThreshold) {
        if (length == 0) {
            return Binary.EMPTY;
        }
        Binary binary;
        if (length >= viewThreshold) {
            ByteBuffer in = c.buffer();
            binary = Binary.view(in.slice(c.pos, length));
        } else {
            binary = Binary.wrap(c.bytes(c.pos, length));
        }
        c.pos += length;
        return binary;
    }
}

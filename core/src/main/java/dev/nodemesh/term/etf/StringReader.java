package dev.nodemesh.term.etf;

import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import java.nio.ByteBuffer;

/** Reads {@code STRING_EXT}: a list of up to 65,535 small integers, one byte each. */
final class StringReader {

    private StringReader() {}

    /** Reads the length and bytes of a {@code STRING_EXT} whose tag is at {@code start}. */
    static Term string(EtfCursor c, int start) {
        int length = c.u16("STRING_EXT");
        c.requireBytes(length, "STRING_EXT", start);
        if (length == 0) {
            return TermList.EMPTY;
        }
        Term[] elements = new Term[length];
        append(c, elements, 0, length);
        return TermList.wrap(elements);
    }

    /**
     * Reads {@code length} bytes, already checked, as integers into {@code items} from {@code
     * size}, as a {@code STRING_EXT} list tail is spliced into its list.
     */
    static void append(EtfCursor c, Term[] items, int size, int length) {
        ByteBuffer in = c.buffer();
        int pos = c.pos;
        for (int i = 0; i < length; i++) {
            items[size + i] = Int.of(in.get(pos + i) & 0xff);
        }
        c.pos = pos + length;
    }
}

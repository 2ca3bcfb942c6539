package dev.nodemesh.term;

import java.nio.ByteBuffer;

/**
 * Strict UTF-8 scanning, as Erlang applies it to UTF-8 atoms and Elixir to strings: no overlong
 * forms, no surrogates, nothing above U+10FFFF. Shared by {@link Binary#isUtf8()} and the
 * External Term Format decoder.
 */
public final class Utf8 {

    private Utf8() {}

    /**
     * Counts the code points of {@code length} bytes at {@code from}, or finds the first invalid
     * one.
     *
     * @param bytes the bytes, read with absolute gets (the position is not used or moved)
     * @param from the index of the first byte
     * @param length how many bytes
     * @return the number of code points, or {@code ~i} (negative) when the sequence starting
     *     {@code i} bytes after {@code from} is not valid UTF-8
     */
    public static int codePoints(ByteBuffer bytes, int from, int length) {
        int count = 0;
        int i = 0;
        while (i < length) {
            int b = bytes.get(from + i) & 0xff;
            if (b < 0x80) {
                i++;
                count++;
                continue;
            }
            int extra;
            int min;
            int cp;
            if (b >= 0xc2 && b <= 0xdf) {
                extra = 1;
                min = 0x80;
                cp = b & 0x1f;
            } else if (b >= 0xe0 && b <= 0xef) {
                extra = 2;
                min = 0x800;
                cp = b & 0x0f;
            } else if (b >= 0xf0 && b <= 0xf4) {
                extra = 3;
                min = 0x10000;
                cp = b & 0x07;
            } else {
                return ~i;
            }
            if (i + extra >= length) {
                return ~i;
            }
            for (int k = 1; k <= extra; k++) {
                int c = bytes.get(from + i + k) & 0xff;
                if ((c & 0xc0) != 0x80) {
                    return ~i;
                }
                cp = (cp << 6) | (c & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return ~i;
            }
            i += extra + 1;
            count++;
        }
        return count;
    }
}

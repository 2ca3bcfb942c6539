package dev.nodemesh.term.etf;

import static dev.nodemesh.term.etf.EtfTags.FLOAT_EXT;
import static dev.nodemesh.term.etf.EtfTags.NEW_FLOAT_EXT;

import dev.nodemesh.term.Float64;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads floats: {@code NEW_FLOAT_EXT} (an IEEE 754 double) and the old {@code FLOAT_EXT} (31
 * bytes of text). Neither may hold a value an Erlang float cannot be (infinity, NaN).
 */
final class FloatReader {

    private static final int FLOAT_EXT_LENGTH = 31;

    private FloatReader() {}

    /** Reads the eight bytes of a {@code NEW_FLOAT_EXT} whose tag is at {@code start}. */
    static Float64 newFloat(EtfCursor c, int start) {
        c.need(8, NEW_FLOAT_EXT);
        double value = Double.longBitsToDouble(c.buffer().getLong(c.pos));
        if (!Double.isFinite(value)) {
            throw c.failure("NEW_FLOAT_EXT holds " + value + ", which an Erlang float cannot be", start);
        }
        c.pos += 8;
        return Float64.of(value);
    }

    /** Reads the text of a {@code FLOAT_EXT} whose tag is at {@code start}. */
    static Float64 floatText(EtfCursor c, int start) {
        c.need(FLOAT_EXT_LENGTH, FLOAT_EXT);
        ByteBuffer in = c.buffer();
        int pos = c.pos;
        int length = 0;
        while (length < FLOAT_EXT_LENGTH && in.get(pos + length) != 0) {
            length++;
        }
        String text = c.text(pos, length, StandardCharsets.ISO_8859_1);
        if (!isFloatText(text)) {
            throw c.failure("FLOAT_EXT text \"" + text + "\" is not a float such as 1.50000000000000000000e+00", start);
        }
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            throw c.failure("FLOAT_EXT text \"" + text + "\" is outside the range of a double", start);
        }
        c.pos = pos + FLOAT_EXT_LENGTH;
        return Float64.of(value);
    }

    /** Accepts {@code [+-]digits.digits[(e|E)[+-]digits]}, the shape {@code "%.20e"} produces. */
    static boolean isFloatText(String text) {
        int i = 0;
        int n = text.length();
        if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            i++;
        }
        int digits = i;
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == digits || i == n || text.charAt(i) != '.') {
            return false;
        }
        i++;
        digits = i;
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == digits) {
            return false;
        }
        if (i == n) {
            return true;
        }
        if (text.charAt(i) != 'e' && text.charAt(i) != 'E') {
            return false;
        }
        i++;
        if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            i++;
        }
        digits = i;
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i > digits && i == n;
    }
}

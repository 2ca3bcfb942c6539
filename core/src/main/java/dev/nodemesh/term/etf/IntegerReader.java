package dev.nodemesh.term.etf;

import static dev.nodemesh.term.etf.EtfTags.INTEGER_EXT;
import static dev.nodemesh.term.etf.EtfTags.SMALL_INTEGER_EXT;

import dev.nodemesh.term.Int;
import java.math.BigInteger;
import java.nio.ByteBuffer;

/** Reads integers: {@code SMALL_INTEGER_EXT}, {@code INTEGER_EXT} and the two big-integer tags. */
final class IntegerReader {

    private IntegerReader() {}

    /** Reads the byte of a {@code SMALL_INTEGER_EXT} whose tag is read. */
    static Int smallInteger(EtfCursor c) {
        c.need(1, SMALL_INTEGER_EXT);
        return Int.of((c.buffer().get(c.pos++) & 0xff));
    }

    /** Reads the four bytes of an {@code INTEGER_EXT} whose tag is read. */
    static Int integer(EtfCursor c) {
        c.need(4, INTEGER_EXT);
        int value = c.buffer().getInt(c.pos);
        c.pos += 4;
        return Int.of(value);
    }

    /**
     * Reads a {@code SMALL_INTEGER_EXT} or {@code INTEGER_EXT} with its tag, as funs and exports
     * embed them.
     *
     * @param role what the integer is, such as {@code "EXPORT_EXT arity"}, for messages
     */
    static long embedded(EtfCursor c, String role) {
        int start = c.pos;
        int tag = c.tagAt(start);
        c.pos++;
        if (tag == SMALL_INTEGER_EXT) {
            c.need(1, tag);
            return (c.buffer().get(c.pos++) & 0xff);
        }
        if (tag == INTEGER_EXT) {
            c.need(4, tag);
            int value = c.buffer().getInt(c.pos);
            c.pos += 4;
            return value;
        }
        throw c.failure(
                "expected SMALL_INTEGER_EXT or INTEGER_EXT for the " + role + " but got " + EtfTags.name(tag), start);
    }

    /**
     * Reads the sign and {@code digits} little-endian digit bytes of a {@code SMALL_BIG_EXT} or
     * {@code LARGE_BIG_EXT} whose tag, {@code tag}, is at {@code start}.
     */
    static Int big(EtfCursor c, long digits, int start, int tag) {
        c.need(1, tag);
        ByteBuffer in = c.buffer();
        boolean negative = (in.get(c.pos++) & 0xff) != 0;
        c.requireBytes(digits, EtfTags.name(tag), start);
        int pos = c.pos;
        int n = (int) digits;
        if (n <= 8) {
            long magnitude = 0;
            for (int i = 0; i < n; i++) {
                magnitude |= (long) (in.get(pos + i) & 0xff) << (8 * i);
            }
            c.pos = pos + n;
            if (magnitude >= 0) {
                return Int.of(negative ? -magnitude : magnitude);
            }
            if (negative && magnitude == Long.MIN_VALUE) {
                return Int.of(Long.MIN_VALUE);
            }
            BigInteger big = BigInteger.valueOf(magnitude & Long.MAX_VALUE).setBit(63);
            return Int.of(negative ? big.negate() : big);
        }
        byte[] bigEndian = new byte[n];
        for (int i = 0; i < n; i++) {
            bigEndian[n - 1 - i] = in.get(pos + i);
        }
        c.pos = pos + n;
        BigInteger big = new BigInteger(1, bigEndian);
        return Int.of(negative ? big.negate() : big);
    }
}

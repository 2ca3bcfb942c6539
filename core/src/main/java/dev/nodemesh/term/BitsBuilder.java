package dev.nodemesh.term;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Collects the segments of a binary literal, bit by bit where they are not byte-aligned. */
final class BitsBuilder {

    /** The largest segment size the parsers accept, in bits. */
    static final int MAX_SEGMENT_BITS = 1 << 16;

    private byte[] bytes = new byte[16];
    private long bitLength;

    /** Appends the low {@code size} bits of {@code value}, most significant first (two's complement). */
    void appendInteger(BigInteger value, int size, boolean little) {
        if (little) {
            for (int octet = 0; octet < size / 8; octet++) {
                for (int bit = 7; bit >= 0; bit--) {
                    appendBit(value.testBit(octet * 8 + bit));
                }
            }
            return;
        }
        for (int bit = size - 1; bit >= 0; bit--) {
            appendBit(value.testBit(bit));
        }
    }

    void appendBytes(byte[] data) {
        if (bitLength % 8 == 0) {
            int at = (int) (bitLength / 8);
            ensure(at + data.length);
            System.arraycopy(data, 0, bytes, at, data.length);
            bitLength += 8L * data.length;
            return;
        }
        for (byte b : data) {
            appendInteger(BigInteger.valueOf(b & 0xff), 8, false);
        }
    }

    /** Appends a code point as UTF-8. */
    void appendUtf8(int codePoint) {
        appendBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
    }

    private void appendBit(boolean set) {
        int at = (int) (bitLength / 8);
        ensure(at + 1);
        if (set) {
            bytes[at] |= (byte) (0x80 >>> (bitLength % 8));
        }
        bitLength++;
    }

    private void ensure(int size) {
        if (size > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size, bytes.length * 2));
        }
    }

    /** Returns a {@link Binary} for whole bytes, a {@link BitString} otherwise. */
    Term build() {
        int whole = (int) (bitLength / 8);
        int tail = (int) (bitLength % 8);
        if (tail == 0) {
            return Binary.wrap(Arrays.copyOf(bytes, whole));
        }
        return BitString.of(Arrays.copyOf(bytes, whole + 1), tail);
    }
}

package dev.nodemesh.term;

import java.util.Arrays;

/**
 * An Erlang bitstring whose length is not a whole number of bytes, such as {@code <<1::3>>}.
 * Byte-aligned bitstrings are {@link Binary binaries}.
 */
public final class BitString implements Term {

    private final byte[] bytes;
    private final int tailBits;

    private BitString(byte[] bytes, int tailBits) {
        this.bytes = bytes;
        this.tailBits = tailBits;
    }

    /**
     * Returns the bitstring of {@code bytes} whose last byte holds only its {@code tailBits} most
     * significant bits; the unused low bits are cleared.
     *
     * @param bytes the bytes, at least one
     * @param tailBits how many bits of the last byte belong to the bitstring, 1 to 7
     * @return the bitstring
     * @throws IllegalArgumentException for an empty array or a tail outside 1..7 (use
     *     {@link Binary} for whole bytes)
     */
    public static BitString of(byte[] bytes, int tailBits) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a bitstring needs at least one byte");
        }
        if (tailBits < 1 || tailBits > 7) {
            throw new IllegalArgumentException("tail bits must be 1..7 (whole bytes are a Binary), got " + tailBits);
        }
        byte[] copy = bytes.clone();
        copy[copy.length - 1] &= (byte) (0xff << (8 - tailBits));
        return new BitString(copy, tailBits);
    }

    /**
     * Returns the bytes, the last one only partly used.
     *
     * @return a copy of the bytes
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Returns the number of bytes, counting the partial last one.
     *
     * @return the byte count
     */
    public int byteCount() {
        return bytes.length;
    }

    /**
     * Returns how many bits of the last byte are used.
     *
     * @return 1 to 7
     */
    public int tailBits() {
        return tailBits;
    }

    /**
     * Returns the length in bits.
     *
     * @return {@code 8 * (byteCount() - 1) + tailBits()}
     */
    public long bitLength() {
        return 8L * (bytes.length - 1) + tailBits;
    }

    @Override
    public boolean equals(Object other) {
        return this == other
                || (other instanceof BitString bits && tailBits == bits.tailBits && Arrays.equals(bytes, bits.bytes));
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + tailBits;
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }
}

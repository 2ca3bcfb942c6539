package dev.nodemesh.term;

import java.util.Arrays;

/**
 * A term in the runtime-local external format ({@code LOCAL_EXT}, OTP 26+), which only the
 * runtime that produced it can read. Kept as opaque bytes so it can be passed back unchanged.
 */
public final class LocalTerm implements Term {

    private final byte[] encoded;

    private LocalTerm(byte[] encoded) {
        this.encoded = encoded;
    }

    /**
     * Returns a local term from its encoding; used by the decoder.
     *
     * @param encoded the whole {@code LOCAL_EXT}, from its tag byte (121) on
     * @return the term
     */
    public static LocalTerm of(byte[] encoded) {
        if (encoded.length == 0 || encoded[0] != 121) {
            throw new IllegalArgumentException("a local term's encoding starts with LOCAL_EXT (121)");
        }
        return new LocalTerm(encoded.clone());
    }

    /**
     * Returns the encoding, from the tag byte on.
     *
     * @return a copy of the bytes
     */
    public byte[] encoded() {
        return encoded.clone();
    }

    /**
     * Returns the size of the encoding in bytes.
     *
     * @return the length of {@link #encoded()}
     */
    public int encodedLength() {
        return encoded.length;
    }

    /**
     * Copies the encoding into {@code target}.
     *
     * @param target the array to write into
     * @param offset where the first byte goes
     */
    public void copyEncoded(byte[] target, int offset) {
        System.arraycopy(encoded, 0, target, offset, encoded.length);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof LocalTerm local && Arrays.equals(encoded, local.encoded));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }
}

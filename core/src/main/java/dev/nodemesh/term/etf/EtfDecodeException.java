package dev.nodemesh.term.etf;

/**
 * Thrown when bytes are not a well-formed External Term Format term, or a well-formed term that
 * breaks the decoder's {@link EtfLimits}. It is the only exception {@link EtfDecoder} throws.
 *
 * <p>The message says what was expected and where, for example {@code BINARY_EXT length
 * 4294967295 exceeds the 12 bytes that remain at offset 5}.
 */
public final class EtfDecodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * Creates an exception.
     *
     * @param problem what was expected and what was found
     * @param offset where in the input the problem is
     */
    public EtfDecodeException(String problem, int offset) {
        super(problem + " at offset " + offset);
        this.offset = offset;
    }

    /**
     * Creates an exception with a cause.
     *
     * @param problem what was expected and what was found
     * @param offset where in the input the problem is
     * @param cause the underlying failure
     */
    public EtfDecodeException(String problem, int offset, Throwable cause) {
        super(problem + " at offset " + offset, cause);
        this.offset = offset;
    }

    EtfDecodeException(String problem, int offset, String where) {
        super(problem + " at offset " + offset + where);
        this.offset = offset;
    }

    /**
     * Returns the byte offset of the problem, counted from the first byte the decoder was given
     * (the version byte 131, or the first tag for {@link EtfDecoder#decodeBody}). For a problem
     * inside a compressed term it is the offset in the decompressed bytes, and the message says
     * so.
     *
     * @return the offset, zero or more
     */
    public int offset() {
        return offset;
    }
}

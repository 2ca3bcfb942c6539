package dev.nodemesh.term.etf;

/**
 * Bounds on what {@link EtfDecoder} accepts, so that a hostile or broken peer cannot make it use
 * unbounded memory, time or stack.
 *
 * <p>Every length field is also checked against the bytes that remain before anything is
 * allocated, so memory use stays proportional to the input; these limits cap the input itself.
 *
 * <pre>{@code
 * EtfLimits limits = EtfLimits.DEFAULTS.withMaxTermBytes(1 << 20).withMaxDepth(64);
 * EtfDecoder decoder = new EtfDecoder(limits);
 * }</pre>
 *
 * @param maxDepth how many containers (tuples, lists, maps, fun environments) may enclose a term;
 *     at least 1
 * @param maxAtomLength the longest atom accepted, in characters; 0 to {@value #MAX_ATOM_LENGTH}
 * @param maxTermBytes the largest term accepted, in bytes, counting a compressed term by its
 *     decompressed size; at least 1
 * @param maxDecompressedBytes the largest size a compressed term may claim or inflate to; zero
 *     rejects compressed terms
 */
public record EtfLimits(int maxDepth, int maxAtomLength, int maxTermBytes, int maxDecompressedBytes) {

    /** The longest atom Erlang allows, in characters. */
    public static final int MAX_ATOM_LENGTH = 255;

    /**
     * Depth 1024, atoms of up to 255 characters, terms of up to 64 MiB and compressed terms that
     * inflate to at most 64 MiB.
     */
    public static final EtfLimits DEFAULTS = new EtfLimits(1024, MAX_ATOM_LENGTH, 64 << 20, 64 << 20);

    /**
     * Creates limits.
     *
     * @throws IllegalArgumentException if a value is out of its range
     */
    public EtfLimits {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
        }
        if (maxAtomLength < 0 || maxAtomLength > MAX_ATOM_LENGTH) {
            throw new IllegalArgumentException(
                    "maxAtomLength must be 0.." + MAX_ATOM_LENGTH + " characters, got " + maxAtomLength);
        }
        if (maxTermBytes < 1) {
            throw new IllegalArgumentException("maxTermBytes must be at least 1, got " + maxTermBytes);
        }
        if (maxDecompressedBytes < 0) {
            throw new IllegalArgumentException(
                    "maxDecompressedBytes must not be negative, got " + maxDecompressedBytes);
        }
    }

    /**
     * Returns a copy with another depth limit.
     *
     * @param maxDepth how many containers may enclose a term; at least 1
     * @return the new limits
     */
    public EtfLimits withMaxDepth(int maxDepth) {
        return new EtfLimits(maxDepth, maxAtomLength, maxTermBytes, maxDecompressedBytes);
    }

    /**
     * Returns a copy with another atom length limit.
     *
     * @param maxAtomLength the longest atom accepted, in characters; 0 to {@value #MAX_ATOM_LENGTH}
     * @return the new limits
     */
    public EtfLimits withMaxAtomLength(int maxAtomLength) {
        return new EtfLimits(maxDepth, maxAtomLength, maxTermBytes, maxDecompressedBytes);
    }

    /**
     * Returns a copy with another term size limit.
     *
     * @param maxTermBytes the largest term accepted, in (decompressed) bytes; at least 1
     * @return the new limits
     */
    public EtfLimits withMaxTermBytes(int maxTermBytes) {
        return new EtfLimits(maxDepth, maxAtomLength, maxTermBytes, maxDecompressedBytes);
    }

    /**
     * Returns a copy with another limit for compressed terms.
     *
     * @param maxDecompressedBytes the largest size a compressed term may inflate to; zero rejects
     *     compressed terms
     * @return the new limits
     */
    public EtfLimits withMaxDecompressedBytes(int maxDecompressedBytes) {
        return new EtfLimits(maxDepth, maxAtomLength, maxTermBytes, maxDecompressedBytes);
    }
}

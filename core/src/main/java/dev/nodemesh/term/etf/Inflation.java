package dev.nodemesh.term.etf;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the zlib stream of a {@link EtfTags#COMPRESSED} term to exactly the size it claims,
 * growing the output as bytes actually arrive, so that a false claim costs nothing and a zip
 * bomb is stopped one byte past its claim.
 */
final class Inflation {

    private static final int FIRST_CHUNK = 64 * 1024;
    private static final int INPUT_CHUNK = 8 * 1024;

    private Inflation() {}

    /** The inflated bytes and how many input bytes the zlib stream took. */
    record Result(byte[] data, int consumed) {}

    /**
     * Inflates the zlib stream that starts at {@code from}.
     *
     * @param in the input
     * @param from the first byte of the zlib stream
     * @param to the end of the input the stream may use
     * @param claimed the uncompressed size the term claims, already checked against the limits
     * @param offsetOf turns a buffer index into an offset for error messages
     * @return the inflated bytes, exactly {@code claimed} of them
     * @throws EtfDecodeException if the stream is malformed, truncated, or inflates to another size
     */
    static Result inflate(ByteBuffer in, int from, int to, int claimed, IntUnaryOperator offsetOf) {
        Inflater inflater = new Inflater();
        try {
            byte[] out = new byte[Math.min(claimed + 1, FIRST_CHUNK)];
            byte[] chunk = new byte[Math.max(1, Math.min(INPUT_CHUNK, to - from))];
            int produced = 0;
            int fed = 0;
            while (!inflater.finished()) {
                if (produced == out.length) {
                    if (produced > claimed) {
                        throw new EtfDecodeException(
                                "COMPRESSED data inflates to more than the " + claimed + " bytes it claims",
                                offsetOf.applyAsInt(from));
                    }
                    out = Arrays.copyOf(out, (int) Math.min((long) claimed + 1, 2L * out.length));
                }
                int n = inflater.inflate(out, produced, out.length - produced);
                produced += n;
                if (n > 0 || inflater.finished()) {
                    continue;
                }
                if (inflater.needsDictionary()) {
                    throw new EtfDecodeException(
                            "COMPRESSED data needs a preset zlib dictionary, which ETF never uses",
                            offsetOf.applyAsInt(from));
                }
                if (!inflater.needsInput()) {
                    throw new EtfDecodeException("COMPRESSED data stalled the inflater", offsetOf.applyAsInt(from));
                }
                if (fed == to - from) {
                    throw new EtfDecodeException(
                            "COMPRESSED data ends before its zlib stream does, after " + produced + " of " + claimed
                                    + " bytes",
                            offsetOf.applyAsInt(to));
                }
                int length = Math.min(chunk.length, to - from - fed);
                in.get(from + fed, chunk, 0, length);
                inflater.setInput(chunk, 0, length);
                fed += length;
            }
            if (produced != claimed) {
                throw new EtfDecodeException(
                        "COMPRESSED data inflates to " + (produced > claimed ? "more than" : "only " + produced + " of")
                                + " the " + claimed + " bytes it claims",
                        offsetOf.applyAsInt(from));
            }
            byte[] data = produced == out.length ? out : Arrays.copyOf(out, produced);
            return new Result(data, fed - inflater.getRemaining());
        } catch (DataFormatException e) {
            throw new EtfDecodeException(
                    "COMPRESSED data is not a valid zlib stream (" + e.getMessage() + ")",
                    offsetOf.applyAsInt(from),
                    e);
        } finally {
            inflater.end();
        }
    }
}

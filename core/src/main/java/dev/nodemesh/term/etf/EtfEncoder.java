package dev.nodemesh.term.etf;

import dev.nodemesh.term.Fun;
import dev.nodemesh.term.LocalTerm;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermOrder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Objects;

/**
 * Encodes {@link Term}s in the External Term Format, byte for byte as OTP's {@code
 * term_to_binary(Term, [{minor_version, 2}])} does.
 *
 * <pre>{@code
 * EtfEncoder.standard().encode(Tuple.of(Atom.OK, Int.of(1)), out);   // 131,104,2,119,2,"ok",97,1
 * }</pre>
 *
 * <p>The choices OTP makes, and this encoder with it: the smallest integer form ({@code
 * SMALL_INTEGER_EXT}, {@code INTEGER_EXT}, {@code SMALL_BIG_EXT}, {@code LARGE_BIG_EXT}); {@code
 * NEW_FLOAT_EXT}; atoms as {@code SMALL_ATOM_UTF8_EXT}, or {@code ATOM_UTF8_EXT} over 255 bytes;
 * a proper list of 1 to 65535 integers 0..255 as {@code STRING_EXT} at any depth; maps of up to
 * 32 entries with their keys in {@link TermOrder#MAP_KEYS} order, larger maps in iteration order
 * (OTP uses its hash order there, so those bytes differ while the term is the same); ports with
 * ids over 28 bits as {@code V4_PORT_EXT}. {@link Fun} and {@link LocalTerm} are written back
 * exactly as they were decoded.
 *
 * <p>Encoding is one pass straight into the output buffer's memory, allocation-free for ordinary
 * terms; nesting beyond 256 levels continues with an explicit stack, so any depth works. An
 * output buffer with no single writable view (a composite spanning components) gets the bytes
 * through a temporary buffer. An instance is stateless and thread-safe.
 */
public final class EtfEncoder {

    private static final EtfEncoder STANDARD = new EtfEncoder();

    /** Creates an encoder; {@link #standard()} returns a shared one. */
    public EtfEncoder() {}

    /**
     * Returns the shared encoder.
     *
     * @return the standard encoder
     */
    public static EtfEncoder standard() {
        return STANDARD;
    }

    /**
     * Writes the version byte 131 and the term into {@code out}, as {@code term_to_binary} does.
     * If the term cannot be encoded, {@code out}'s writer index is restored.
     *
     * @param term the term
     * @param out the buffer to append to
     * @throws IllegalArgumentException if a {@link LocalTerm} appears inside another term
     */
    public void encode(Term term, ByteBuf out) {
        write(Objects.requireNonNull(term, "term"), out, true);
    }

    /**
     * Writes the term without the version byte, as terms follow a distribution header. If the
     * term cannot be encoded, {@code out}'s writer index is restored.
     *
     * @param term the term
     * @param out the buffer to append to
     * @throws IllegalArgumentException if a {@link LocalTerm} appears inside another term
     */
    public void encodeBody(Term term, ByteBuf out) {
        write(Objects.requireNonNull(term, "term"), out, false);
    }

    /**
     * Returns the version byte 131 and the term, as {@code term_to_binary} does.
     *
     * @param term the term
     * @return a new array
     * @throws IllegalArgumentException if a {@link LocalTerm} appears inside another term
     */
    public byte[] encode(Term term) {
        ByteBuf out = Unpooled.buffer(64);
        try {
            encode(term, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static void write(Term term, ByteBuf out, boolean versioned) {
        int mark = out.writerIndex();
        try {
            if (!TermWriter.tryWrite(term, out, versioned)) {
                // no single writable view (a composite spanning components): encode aside, then copy
                ByteBuf aside = Unpooled.buffer();
                try {
                    TermWriter.tryWrite(term, aside, versioned);
                    out.writeBytes(aside);
                } finally {
                    aside.release();
                }
            }
        } catch (RuntimeException e) {
            out.writerIndex(mark);
            throw e;
        }
    }
}

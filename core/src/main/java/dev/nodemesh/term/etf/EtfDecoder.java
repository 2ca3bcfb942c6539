package dev.nodemesh.term.etf;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Term;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Decodes External Term Format bytes into {@link Term}s: every tag OTP 25 and 26 produce,
 * including the legacy ones, bounded by {@link EtfLimits}.
 *
 * <pre>{@code
 * Term message = EtfDecoder.standard().decode(bytes);          // 131, Tag, Data
 * Term control = EtfDecoder.standard().decodeBody(frame);       // Tag, Data after a dist header
 * }</pre>
 *
 * <p>What is accepted: all atom encodings (Latin-1 tags as Latin-1, UTF-8 tags strictly
 * validated), old and new pids, ports and references, {@code FLOAT_EXT} text, redundant integer
 * encodings (normalised), {@code STRING_EXT} as a list of integers, improper lists, {@code
 * COMPRESSED} terms as the outermost term, {@code NEW_FUN_EXT} as a {@link dev.nodemesh.term.Fun}
 * holding its bytes and {@code LOCAL_EXT} as a {@link dev.nodemesh.term.LocalTerm} holding the
 * rest of the input. What is rejected, always with {@link EtfDecodeException}: {@code
 * ATOM_CACHE_REF} (except in {@link #decodeBody(ByteBuf, Atom[], int)}, given the atoms of the
 * distribution header the term follows), {@code FUN_EXT}, NaN and infinite
 * floats, duplicate map keys, invalid UTF-8, atoms over the length limit, and any length that
 * does not fit in the bytes that remain. No other exception escapes, for any input.
 *
 * <p>An instance is immutable and thread-safe; share one. It holds a small bounded cache of
 * decoded atoms.
 */
public final class EtfDecoder {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private static final int NO_VIEWS = Integer.MAX_VALUE;
    private static final EtfDecoder STANDARD = new EtfDecoder(EtfLimits.DEFAULTS);

    private final EtfLimits limits;
    private final int viewThreshold;
    private final AtomTable atoms;

    /**
     * Creates a decoder that copies binaries out of its input.
     *
     * @param limits the bounds to enforce
     */
    public EtfDecoder(EtfLimits limits) {
        this(Objects.requireNonNull(limits, "limits"), NO_VIEWS, new AtomTable());
    }

    private EtfDecoder(EtfLimits limits, int viewThreshold, AtomTable atoms) {
        this.limits = limits;
        this.viewThreshold = viewThreshold;
        this.atoms = atoms;
    }

    /**
     * Returns the shared decoder with {@link EtfLimits#DEFAULTS}, which copies binaries.
     *
     * @return the standard decoder
     */
    public static EtfDecoder standard() {
        return STANDARD;
    }

    /**
     * Returns the limits this decoder enforces.
     *
     * @return the limits
     */
    public EtfLimits limits() {
        return limits;
    }

    /**
     * Returns a decoder that decodes binaries of at least {@code minBytes} bytes as views of the
     * input ({@link Binary#view}) instead of copies. Smaller binaries are still copied.
     *
     * <p>The caller must then keep the input memory valid and unchanged for as long as any decoded
     * binary is used: for a pooled or direct {@link ByteBuf}, not release it (or {@code retain} it)
     * until then; for a {@code byte[]}, not reuse the array. A view of a {@code CompositeByteBuf}
     * that spans components is a copy, because it cannot be otherwise.
     *
     * @param minBytes the smallest binary to decode as a view, at least 1
     * @return a decoder with the same limits and atom cache
     */
    public EtfDecoder withBinaryViews(int minBytes) {
        if (minBytes < 1) {
            throw new IllegalArgumentException("minBytes must be at least 1, got " + minBytes);
        }
        return new EtfDecoder(limits, minBytes, atoms);
    }

    /**
     * Decodes one stand-alone term: the version byte 131, then one term (possibly compressed).
     * The reader index advances past the term; bytes after it are left unread. On failure the
     * reader index does not move.
     *
     * @param in the input, from its reader index; heap, direct and composite buffers all work
     * @return the term
     * @throws EtfDecodeException if the bytes are not one well-formed term within the limits
     */
    public Term decode(ByteBuf in) {
        return decode(in, true, null, 0);
    }

    /**
     * Decodes one term without the version byte, as terms follow a distribution header. A
     * compressed term ({@code 80, Size, zlib}) is accepted too. The reader index advances past
     * the term; on failure it does not move.
     *
     * @param in the input, from its reader index
     * @return the term
     * @throws EtfDecodeException if the bytes are not one well-formed term within the limits
     */
    public Term decodeBody(ByteBuf in) {
        return decode(in, false, null, 0);
    }

    /**
     * Decodes one term that follows a distribution header with atom cache references, as {@link
     * #decodeBody(ByteBuf)} does, except that {@code ATOM_CACHE_REF} (tag 82, one byte index) is
     * accepted anywhere an atom may stand and resolves to {@code atomCacheRefs[index]}. An index
     * of {@code refCount} or more is an error.
     *
     * @param in the input, from its reader index
     * @param atomCacheRefs the atoms the header's references resolved to, in header order, the
     *     first {@code refCount} not null; the decoder reads the array and keeps no reference to
     *     it
     * @param refCount how many of them the header has, 0 to {@code atomCacheRefs.length}
     * @return the term
     * @throws EtfDecodeException if the bytes are not one well-formed term within the limits
     * @throws IllegalArgumentException if {@code refCount} is out of range
     */
    public Term decodeBody(ByteBuf in, Atom[] atomCacheRefs, int refCount) {
        Objects.requireNonNull(atomCacheRefs, "atomCacheRefs");
        if (refCount < 0 || refCount > atomCacheRefs.length) {
            throw new IllegalArgumentException("refCount must be 0.." + atomCacheRefs.length + ", got " + refCount);
        }
        return decode(in, false, atomCacheRefs, refCount);
    }

    /**
     * Decodes {@code length} bytes of UTF-8 text as one atom, as a distribution header carries the
     * text of a new atom cache entry: strictly validated UTF-8 within {@link
     * EtfLimits#maxAtomLength()} characters. The reader index advances past the text; on failure
     * it does not move.
     *
     * @param in the input, from its reader index
     * @param length the number of bytes of text, zero or more
     * @return the atom
     * @throws EtfDecodeException if fewer than {@code length} bytes remain, or the text is not valid
     *     UTF-8 or has too many characters
     */
    public Atom decodeAtomText(ByteBuf in, int length) {
        Objects.requireNonNull(in, "in");
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, got " + length);
        }
        if (length > in.readableBytes()) {
            throw new EtfDecodeException(
                    "atom text length " + length + " exceeds the " + in.readableBytes() + " bytes that remain", 0);
        }
        Atom atom = reader(in, in.readerIndex(), length, false).readUtf8AtomText();
        in.skipBytes(length);
        return atom;
    }

    /**
     * Decodes a stand-alone term that must fill the whole array, as {@code binary_to_term/1}
     * does; bytes after the term are an error.
     *
     * @param bytes the version byte 131, then one term
     * @return the term
     * @throws EtfDecodeException if the bytes are not exactly one well-formed term within the
     *     limits
     */
    public Term decode(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(Objects.requireNonNull(bytes, "bytes"));
        Term term = decode(in, true, null, 0);
        if (in.isReadable()) {
            throw new EtfDecodeException(
                    in.readableBytes() + " bytes follow the term; expected exactly one term", in.readerIndex());
        }
        return term;
    }

    private Term decode(ByteBuf in, boolean versioned, Atom[] atomCacheRefs, int refCount) {
        Objects.requireNonNull(in, "in");
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int window = Math.min(readable, limits.maxTermBytes());
        EtfReader reader = reader(in, start, window, window < readable);
        if (atomCacheRefs != null) {
            reader.atomRefs(atomCacheRefs, refCount);
        }
        Term term;
        try {
            if (versioned) {
                reader.readVersion();
            }
            term = reader.readOutermost(true);
        } catch (EtfDecodeException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // defensive: the checks above should leave nothing else to throw
            throw new EtfDecodeException("malformed term (" + e + ")", reader.offset(), e);
        }
        in.readerIndex(start + reader.position());
        return term;
    }

    /** A reader over {@code window} bytes of {@code in} from {@code start}. */
    private EtfReader reader(ByteBuf in, int start, int window, boolean cutByLimit) {
        if (in.hasArray()) {
            // a heap buffer is read straight from its array, skipping ByteBuf's per-access checks
            return new EtfReader(
                    in.array(), in.arrayOffset() + start, window, cutByLimit, "", limits, viewThreshold, atoms);
        }
        // one zero-copy view for the whole decode: ByteBuffer reads skip ByteBuf's per-access
        // reference-count checks (a composite buffer of several components is merged here)
        ByteBuffer view = window == 0 ? EMPTY : in.nioBuffer(start, window);
        return new EtfReader(view, 0, window, cutByLimit, "", limits, viewThreshold, atoms);
    }
}

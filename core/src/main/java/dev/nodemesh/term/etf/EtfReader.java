package dev.nodemesh.term.etf;

import static dev.nodemesh.term.etf.EtfTags.ATOM_CACHE_REF;
import static dev.nodemesh.term.etf.EtfTags.ATOM_EXT;
import static dev.nodemesh.term.etf.EtfTags.ATOM_UTF8_EXT;
import static dev.nodemesh.term.etf.EtfTags.BINARY_EXT;
import static dev.nodemesh.term.etf.EtfTags.BIT_BINARY_EXT;
import static dev.nodemesh.term.etf.EtfTags.COMPRESSED;
import static dev.nodemesh.term.etf.EtfTags.EXPORT_EXT;
import static dev.nodemesh.term.etf.EtfTags.FLOAT_EXT;
import static dev.nodemesh.term.etf.EtfTags.FUN_EXT;
import static dev.nodemesh.term.etf.EtfTags.INTEGER_EXT;
import static dev.nodemesh.term.etf.EtfTags.LARGE_BIG_EXT;
import static dev.nodemesh.term.etf.EtfTags.LARGE_TUPLE_EXT;
import static dev.nodemesh.term.etf.EtfTags.LIST_EXT;
import static dev.nodemesh.term.etf.EtfTags.LOCAL_EXT;
import static dev.nodemesh.term.etf.EtfTags.MAP_EXT;
import static dev.nodemesh.term.etf.EtfTags.NEWER_REFERENCE_EXT;
import static dev.nodemesh.term.etf.EtfTags.NEW_FLOAT_EXT;
import static dev.nodemesh.term.etf.EtfTags.NEW_FUN_EXT;
import static dev.nodemesh.term.etf.EtfTags.NEW_PID_EXT;
import static dev.nodemesh.term.etf.EtfTags.NEW_PORT_EXT;
import static dev.nodemesh.term.etf.EtfTags.NEW_REFERENCE_EXT;
import static dev.nodemesh.term.etf.EtfTags.NIL_EXT;
import static dev.nodemesh.term.etf.EtfTags.PID_EXT;
import static dev.nodemesh.term.etf.EtfTags.PORT_EXT;
import static dev.nodemesh.term.etf.EtfTags.REFERENCE_EXT;
import static dev.nodemesh.term.etf.EtfTags.SMALL_ATOM_EXT;
import static dev.nodemesh.term.etf.EtfTags.SMALL_ATOM_UTF8_EXT;
import static dev.nodemesh.term.etf.EtfTags.SMALL_BIG_EXT;
import static dev.nodemesh.term.etf.EtfTags.SMALL_INTEGER_EXT;
import static dev.nodemesh.term.etf.EtfTags.SMALL_TUPLE_EXT;
import static dev.nodemesh.term.etf.EtfTags.STRING_EXT;
import static dev.nodemesh.term.etf.EtfTags.V4_PORT_EXT;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.BitString;
import dev.nodemesh.term.ExternalFun;
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Fun;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.LocalTerm;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Port;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.term.Utf8;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One decode: the cursor, the limits and the stack of containers being filled.
 *
 * <p>Decoding is iterative. A container's header pushes a {@link Frame}; each finished term is
 * handed to the frame on top, and a frame that has all its elements becomes a finished term in
 * turn. Nesting therefore costs heap in proportion to the (limited) depth, never Java stack.
 *
 * <p>Every length is checked before anything is allocated against the bytes that remain minus
 * {@link #pending}, the number of terms that open containers still expect (each needs at least
 * one byte). So the element arrays of all open containers together never exceed the input size,
 * however the containers nest.
 */
final class EtfReader {

    private static final int TUPLE = 0;
    private static final int LIST = 1;
    private static final int MAP = 2;
    private static final int FUN = 3;

    private static final Term[] NO_TERMS = new Term[0];
    private static final Frame[] NO_FRAMES = new Frame[0];
    private static final int FLOAT_EXT_LENGTH = 31;

    /** How deep {@link #readFast} recurses before the iterative reader takes over. */
    private static final int FAST_DEPTH = 64;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** The input as a buffer; for array input made only when the iterative reader needs it. */
    private ByteBuffer in;
    /** The input array, or null for buffer input; index {@code i} is at {@code array[arrayOffset + i]}. */
    private final byte[] array;

    private final int arrayOffset;
    private final int base;
    private final int end;
    private final boolean cutByLimit;
    private final String where;
    private final EtfLimits limits;
    private final int viewThreshold;
    private final AtomTable atoms;

    /**
     * The atoms of the distribution header the term follows, which {@code ATOM_CACHE_REF} indexes;
     * null when there is no header, and then every {@code ATOM_CACHE_REF} is an error.
     */
    private Atom[] atomRefs;

    private int atomRefCount;

    private int pos;
    private int pending;
    private Frame[] frames = NO_FRAMES;
    private int depth;
    /** How many containers enclose the term the iterative reader is reading ({@link #readFast} ones). */
    private int depthBase;

    /** A container being filled. Frames are reused for the whole decode. */
    private static final class Frame {
        int kind;
        int start;
        int childStart;
        Term[] items;
        int size;
        long left;
        TermMap.Builder map;
        Term key;
        int keyStart;
        int funEnd;
        Atom module;
        int arity;
        long oldIndex;
        long oldUniq;
    }

    /**
     * Creates a reader over {@code in} from {@code start} to {@code end}.
     *
     * @param in the input
     * @param start the index of offset 0
     * @param end the index after the last byte the term may use
     * @param cutByLimit whether {@code end} was set by {@link EtfLimits#maxTermBytes()} before the
     *     end of the readable bytes
     * @param where appended to offsets in messages, such as {@code " of the decompressed data"}
     */
    EtfReader(
            ByteBuffer in,
            int start,
            int end,
            boolean cutByLimit,
            String where,
            EtfLimits limits,
            int viewThreshold,
            AtomTable atoms) {
        this.in = in;
        this.array = null;
        this.arrayOffset = 0;
        this.base = start;
        this.pos = start;
        this.end = end;
        this.cutByLimit = cutByLimit;
        this.where = where;
        this.limits = limits;
        this.viewThreshold = viewThreshold;
        this.atoms = atoms;
    }

    /**
     * Creates a reader over {@code length} bytes of {@code array} from {@code offset}; offsets and
     * indexes then count from {@code offset}.
     */
    EtfReader(
            byte[] array,
            int offset,
            int length,
            boolean cutByLimit,
            String where,
            EtfLimits limits,
            int viewThreshold,
            AtomTable atoms) {
        this.in = null;
        this.array = array;
        this.arrayOffset = offset;
        this.base = 0;
        this.pos = 0;
        this.end = length;
        this.cutByLimit = cutByLimit;
        this.where = where;
        this.limits = limits;
        this.viewThreshold = viewThreshold;
        this.atoms = atoms;
    }

    /** Makes {@link #in} for the iterative reader, which reads buffers only. */
    private void ensureBuffer() {
        if (in == null) {
            in = ByteBuffer.wrap(array, arrayOffset, end).slice();
        }
    }

    /**
     * Lets {@code ATOM_CACHE_REF} resolve to the first {@code count} atoms of {@code refs}, the
     * atom cache references of the distribution header the term follows.
     */
    void atomRefs(Atom[] refs, int count) {
        this.atomRefs = refs;
        this.atomRefCount = count;
    }

    private int byteAt(int index) {
        return array != null ? (array[arrayOffset + index] & 0xff) : (in.get(index) & 0xff);
    }

    /** Returns the index after the last byte read. */
    int position() {
        return pos;
    }

    /** Returns the offset of the current position, for messages. */
    int offset() {
        return pos - base;
    }

    /** Reads the version byte. */
    void readVersion() {
        if (pos == end) {
            throw failure("expected the version byte 131 but the input is empty", pos);
        }
        int version = byteAt(pos);
        if (version != EtfTags.VERSION) {
            throw failure("expected the version byte 131 but got " + version, pos);
        }
        pos++;
    }

    /**
     * Reads one outermost term: like {@code readTerm()}, but also accepting {@code COMPRESSED}
     * (when {@code allowCompressed}) and {@code LOCAL_EXT}, which may only stand there.
     */
    Term readOutermost(boolean allowCompressed) {
        if (pos == end) {
            throw failure("expected a term but the input ends", pos);
        }
        int tag = byteAt(pos);
        if (tag == COMPRESSED && allowCompressed) {
            ensureBuffer();
            return readCompressed();
        }
        if (tag == LOCAL_EXT) {
            ensureBuffer();
            if (cutByLimit) {
                throw failure(
                        "LOCAL_EXT runs to the end of the input, which is beyond the limit of " + limits.maxTermBytes()
                                + " bytes (EtfLimits.maxTermBytes)",
                        pos);
            }
            byte[] encoded = new byte[end - pos];
            in.get(pos, encoded);
            pos = end;
            return LocalTerm.of(encoded);
        }
        if (array != null) {
            return readFast(0);
        }
        return readTerm();
    }

    private Term readCompressed() {
        int start = pos++;
        long claimed = u32("COMPRESSED");
        if (claimed > limits.maxDecompressedBytes()) {
            throw failure(
                    "COMPRESSED term claims " + claimed + " bytes, more than the limit of "
                            + limits.maxDecompressedBytes() + " (EtfLimits.maxDecompressedBytes)",
                    start);
        }
        if (claimed > limits.maxTermBytes()) {
            throw failure(
                    "COMPRESSED term claims " + claimed + " bytes, more than the limit of " + limits.maxTermBytes()
                            + " (EtfLimits.maxTermBytes)",
                    start);
        }
        if (claimed == 0) {
            throw failure("COMPRESSED term claims 0 bytes, but a term needs at least 1", start);
        }
        Inflation.Result inflated = Inflation.inflate(in, pos, end, (int) claimed, index -> index - base);
        pos += inflated.consumed();
        byte[] data = inflated.data();
        EtfReader inner =
                new EtfReader(data, 0, data.length, false, " of the decompressed data", limits, viewThreshold, atoms);
        inner.atomRefs(atomRefs, atomRefCount);
        Term term = inner.readOutermost(false);
        if (inner.pos != data.length) {
            throw inner.failure((data.length - inner.pos) + " bytes follow the term inside COMPRESSED data", inner.pos);
        }
        return term;
    }

    // ---- the fast path: recursive descent over an array, for the common tags ----

    /**
     * Reads one term from the array. Containers recurse, up to {@value #FAST_DEPTH} levels; deeper
     * ones, rare tags, views and anything that fails go to the iterative reader ({@link #slow}),
     * which reads the same bytes again from the same position and state, so that it alone decides
     * what is accepted and how failures read. The checks here are the iterative reader's: every
     * length against the bytes that remain minus {@link #pending}, before anything is allocated.
     *
     * @param level how many containers enclose the term
     */
    private Term readFast(int level) {
        int start = pos;
        if (start >= end) {
            throw truncated("a tag", 1, start);
        }
        byte[] a = array;
        int at = arrayOffset + start;
        int left = end - start;
        int tag = a[at] & 0xff;
        switch (tag) {
            case SMALL_INTEGER_EXT:
                if (left >= 2) {
                    pos = start + 2;
                    return Int.of(a[at + 1] & 0xff);
                }
                break;
            case INTEGER_EXT:
                if (left >= 5) {
                    pos = start + 5;
                    return Int.of((int) INT.get(a, at + 1));
                }
                break;
            case SMALL_ATOM_UTF8_EXT:
            case ATOM_UTF8_EXT:
            case ATOM_EXT:
            case SMALL_ATOM_EXT:
                return fastAtom(tag, start);
            case SMALL_TUPLE_EXT:
                if (left >= 2) {
                    return fastTuple(a[at + 1] & 0xff, start, start + 2, level);
                }
                break;
            case LARGE_TUPLE_EXT:
                if (left >= 5) {
                    return fastTuple((int) INT.get(a, at + 1) & 0xffffffffL, start, start + 5, level);
                }
                break;
            case NIL_EXT:
                pos = start + 1;
                return TermList.EMPTY;
            case LIST_EXT:
                if (left >= 5) {
                    return fastList((int) INT.get(a, at + 1) & 0xffffffffL, start, level);
                }
                break;
            case MAP_EXT:
                if (left >= 5) {
                    return fastMap((int) INT.get(a, at + 1) & 0xffffffffL, start, level);
                }
                break;
            case BINARY_EXT:
                if (left >= 5) {
                    long length = (int) INT.get(a, at + 1) & 0xffffffffL;
                    if (length <= (long) left - 5 - pending && length < viewThreshold) {
                        int n = (int) length;
                        pos = start + 5 + n;
                        return n == 0 ? Binary.EMPTY : Binary.wrap(Arrays.copyOfRange(a, at + 5, at + 5 + n));
                    }
                }
                break;
            case NEW_FLOAT_EXT:
                if (left >= 9) {
                    double value = Double.longBitsToDouble((long) LONG.get(a, at + 1));
                    if (Double.isFinite(value)) {
                        pos = start + 9;
                        return Float64.of(value);
                    }
                }
                break;
            case NEW_PID_EXT:
                if (left >= 2) {
                    int nodeTag = a[at + 1] & 0xff;
                    Atom node = isAtomTag(nodeTag) ? fastAtom(nodeTag, start + 1) : fastAtomRef(start + 1);
                    int p = pos;
                    if (node != null && end - p >= 12) {
                        int i = arrayOffset + p;
                        pos = p + 12;
                        return new Pid(node, (int) INT.get(a, i), (int) INT.get(a, i + 4), (int) INT.get(a, i + 8));
                    }
                }
                break;
            case ATOM_CACHE_REF: {
                Atom atom = fastAtomRef(start);
                if (atom != null) {
                    return atom;
                }
                break;
            }
            default:
                break;
        }
        pos = start;
        return slow(level);
    }

    private static boolean isAtomTag(int tag) {
        return tag == SMALL_ATOM_UTF8_EXT || tag == ATOM_UTF8_EXT || tag == ATOM_EXT || tag == SMALL_ATOM_EXT;
    }

    /** Reads the term at {@link #pos} with the iterative reader, {@code level} containers deep. */
    private Term slow(int level) {
        ensureBuffer();
        int saved = depthBase;
        depthBase = level;
        try {
            return readTerm();
        } finally {
            depthBase = saved;
        }
    }

    /** Reads an atom whose tag is at {@code start}: from the atom cache, or else as the iterative reader does. */
    private Atom fastAtom(int tag, int start) {
        byte[] a = array;
        int p = start + 1;
        int length = -1;
        if (tag == ATOM_EXT || tag == ATOM_UTF8_EXT) {
            if (end - p >= 2) {
                length = ((a[arrayOffset + p] & 0xff) << 8) | (a[arrayOffset + p + 1] & 0xff);
                p += 2;
            }
        } else if (end - p >= 1) {
            length = a[arrayOffset + p] & 0xff;
            p++;
        }
        if (length >= 0) {
            Atom cached = cachedAtom(p, length, tag == ATOM_EXT || tag == SMALL_ATOM_EXT);
            if (cached != null) {
                return cached;
            }
        }
        ensureBuffer();
        pos = start + 1;
        return readAtomText(tag, start);
    }

    /**
     * Returns the atom of {@code length} bytes of text at {@code p} in the array from the atom
     * table, moving past it, or null (moving nothing) when the table lacks it or it breaks a limit.
     */
    private Atom cachedAtom(int p, int length, boolean latin1) {
        if (length <= AtomTable.MAX_CACHED_BYTES && length <= (long) end - p - pending) {
            AtomTable.Entry cached = atoms.find(array, arrayOffset + p, length, latin1);
            if (cached != null && cached.characters <= limits.maxAtomLength()) {
                pos = p + length;
                return cached.atom;
            }
        }
        return null;
    }

    /**
     * Resolves the {@code ATOM_CACHE_REF} at {@code start} in the array, moving past it, or returns
     * null (moving nothing) when it is not one or does not resolve; the iterative reader then
     * reports why.
     */
    private Atom fastAtomRef(int start) {
        if (end - start >= 2 && (array[arrayOffset + start] & 0xff) == ATOM_CACHE_REF) {
            int index = array[arrayOffset + start + 1] & 0xff;
            if (index < atomRefCount) {
                pos = start + 2;
                return atomRefs[index];
            }
        }
        return null;
    }

    private Term fastTuple(long arity, int start, int p, int level) {
        if (arity == 0) {
            pos = p;
            return Tuple.of();
        }
        if (arity > (long) end - p - pending || level >= FAST_DEPTH || level >= limits.maxDepth()) {
            pos = start;
            return slow(level);
        }
        pos = p;
        int n = (int) arity;
        Term[] items = new Term[n];
        pending += n;
        int inner = level + 1;
        for (int i = 0; i < n; i++) {
            pending--;
            items[i] = readFast(inner);
        }
        return Tuple.wrap(items);
    }

    /** Reads a list; a tail that is a list itself is spliced in, as {@link #readListTail} does. */
    private Term fastList(long length, int start, int level) {
        int p = start + 5;
        if (length + 1 > (long) end - p - pending || level >= FAST_DEPTH || level >= limits.maxDepth()) {
            pos = start;
            return slow(level);
        }
        pos = p;
        pending += (int) length + 1;
        Term[] items = length == 0 ? NO_TERMS : new Term[(int) length];
        int size = 0;
        long left = length;
        int inner = level + 1;
        for (; ; ) {
            for (; left > 0; left--) {
                pending--;
                items[size++] = readFast(inner);
            }
            pending--;
            int tailStart = pos;
            int tag = tagAt(tailStart);
            if (tag == NIL_EXT) {
                pos = tailStart + 1;
                return finishList(items, size, null);
            } else if (tag == LIST_EXT) {
                pos = tailStart + 1;
                long more = u32("LIST_EXT");
                requireElements(more, more + 1, "LIST_EXT", tailStart);
                pending += (int) more + 1;
                items = room(items, size, (int) more);
                left = more;
            } else if (tag == STRING_EXT) {
                pos = tailStart + 1;
                int more = u16("STRING_EXT");
                requireBytes(more, "STRING_EXT", tailStart);
                items = room(items, size, more);
                byte[] a = array;
                int from = arrayOffset + pos;
                for (int i = 0; i < more; i++) {
                    items[size++] = Int.of(a[from + i] & 0xff);
                }
                pos += more;
                return finishList(items, size, null);
            } else {
                return finishList(items, size, readFast(inner));
            }
        }
    }

    private static Term[] room(Term[] items, int size, int more) {
        int needed = size + more;
        if (needed > items.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) needed, 2L * items.length));
            return Arrays.copyOf(items, grown);
        }
        return items;
    }

    private static Term finishList(Term[] items, int size, Term improperTail) {
        Term[] elements = size == items.length ? items : Arrays.copyOf(items, size);
        if (improperTail == null) {
            return TermList.wrap(elements);
        }
        return elements.length == 0 ? improperTail : TermList.improper(elements, improperTail);
    }

    /** Reads a map; a duplicate key sends the whole map to the iterative reader, which reports it. */
    private Term fastMap(long pairs, int start, int level) {
        int p = start + 5;
        if (2 * pairs > (long) end - p - pending) {
            pos = start;
            return slow(level);
        }
        if (pairs == 0) {
            pos = p;
            return TermMap.EMPTY;
        }
        if (level >= FAST_DEPTH || level >= limits.maxDepth()) {
            pos = start;
            return slow(level);
        }
        pos = p;
        int n = (int) pairs;
        int savedPending = pending;
        pending += 2 * n;
        int inner = level + 1;
        TermMap.Builder map = TermMap.builder(n);
        for (int i = 0; i < n; i++) {
            pending--;
            Term key = readFast(inner);
            pending--;
            Term value = readFast(inner);
            if (!map.putIfAbsent(key, value)) {
                pos = start;
                pending = savedPending;
                return slow(level);
            }
        }
        return map.build();
    }

    /** Reads one complete term. */
    private Term readTerm() {
        for (; ; ) {
            Term value;
            Frame top = depth == 0 ? null : frames[depth - 1];
            if (top != null && top.kind == LIST && top.left == 0) {
                value = readListTail(top);
                if (value == null) {
                    continue;
                }
                depth--;
            } else {
                if (top != null) {
                    top.childStart = pos;
                    pending--;
                }
                value = readOne();
                if (value == null) {
                    continue;
                }
            }
            while (value != null) {
                if (depth == 0) {
                    return value;
                }
                value = accept(frames[depth - 1], value);
                if (value != null) {
                    depth--;
                }
            }
        }
    }

    /** Hands a finished term to a container; returns the container once it is complete. */
    private Term accept(Frame frame, Term value) {
        switch (frame.kind) {
            case TUPLE:
                frame.items[frame.size++] = value;
                return frame.size == frame.items.length ? Tuple.wrap(frame.items) : null;
            case LIST:
                if (frame.left > 0) {
                    frame.items[frame.size++] = value;
                    frame.left--;
                    return null;
                }
                return finishList(frame, value);
            case MAP:
                if (frame.key == null) {
                    frame.key = value;
                    frame.keyStart = frame.childStart;
                    return null;
                }
                if (!frame.map.putIfAbsent(frame.key, value)) {
                    throw failure("MAP_EXT has a key twice; map keys must be unique", frame.keyStart);
                }
                frame.key = null;
                return --frame.left == 0 ? frame.map.build() : null;
            default:
                return --frame.left == 0 ? finishFun(frame) : null;
        }
    }

    /**
     * Reads the tail of a list whose elements are all read. A tail that is itself a list (a
     * {@code LIST_EXT}, {@code STRING_EXT} or {@code NIL_EXT}) is spliced into the same frame, so
     * that {@code [1 | [2 | [3]]]} costs neither depth nor repeated copying.
     *
     * @return the finished list, or null when more is to be read
     */
    private Term readListTail(Frame frame) {
        frame.childStart = pos;
        pending--;
        int start = pos;
        int tag = tagAt(pos);
        switch (tag) {
            case NIL_EXT:
                pos++;
                return finishList(frame, null);
            case STRING_EXT: {
                pos++;
                int length = u16("STRING_EXT");
                requireBytes(length, "STRING_EXT", start);
                ensureRoom(frame, length);
                for (int i = 0; i < length; i++) {
                    frame.items[frame.size++] = Int.of((in.get(pos++) & 0xff));
                }
                return finishList(frame, null);
            }
            case LIST_EXT: {
                pos++;
                long length = u32("LIST_EXT");
                requireElements(length, length + 1, "LIST_EXT", start);
                pending += (int) length + 1;
                ensureRoom(frame, (int) length);
                frame.left = length;
                return null;
            }
            default: {
                Term tail = readOne();
                return tail == null ? null : finishList(frame, tail);
            }
        }
    }

    private static void ensureRoom(Frame frame, int more) {
        int needed = frame.size + more;
        if (needed > frame.items.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) needed, 2L * frame.items.length));
            frame.items = Arrays.copyOf(frame.items, grown);
        }
    }

    private static Term finishList(Frame frame, Term improperTail) {
        Term[] elements = frame.size == frame.items.length ? frame.items : Arrays.copyOf(frame.items, frame.size);
        if (improperTail == null) {
            return TermList.wrap(elements);
        }
        // LIST_EXT with no elements stands for its tail alone, as in OTP
        return elements.length == 0 ? improperTail : TermList.improper(elements, improperTail);
    }

    private Term finishFun(Frame frame) {
        if (pos != frame.funEnd) {
            throw failure(
                    "NEW_FUN_EXT says it ends at offset " + (frame.funEnd - base) + " but its free variables end at "
                            + "offset " + (pos - base),
                    frame.start);
        }
        byte[] encoded = new byte[frame.funEnd - frame.start];
        in.get(frame.start, encoded);
        return Fun.of(encoded, frame.module, frame.arity, frame.oldIndex, frame.oldUniq);
    }

    /** Reads one term, or the header of a non-empty container (pushing a frame and returning null). */
    private Term readOne() {
        int start = pos;
        int tag = tagAt(pos);
        pos++;
        switch (tag) {
            case SMALL_INTEGER_EXT:
                need(1, tag);
                return Int.of((in.get(pos++) & 0xff));
            case INTEGER_EXT: {
                need(4, tag);
                int value = in.getInt(pos);
                pos += 4;
                return Int.of(value);
            }
            case SMALL_ATOM_UTF8_EXT:
            case ATOM_UTF8_EXT:
            case ATOM_EXT:
            case SMALL_ATOM_EXT:
                return readAtomText(tag, start);
            case SMALL_TUPLE_EXT:
                return openTuple(u8(tag), start, tag);
            case LARGE_TUPLE_EXT:
                return openTuple(u32(tag), start, tag);
            case NIL_EXT:
                return TermList.EMPTY;
            case STRING_EXT:
                return readString(start);
            case LIST_EXT: {
                long length = u32(tag);
                requireElements(length, length + 1, "LIST_EXT", start);
                Frame frame = push(LIST, start);
                frame.items = length == 0 ? NO_TERMS : new Term[(int) length];
                frame.size = 0;
                frame.left = length;
                pending += (int) length + 1;
                return null;
            }
            case MAP_EXT: {
                long pairs = u32(tag);
                requireElements(pairs, 2 * pairs, "MAP_EXT", start);
                if (pairs == 0) {
                    return TermMap.EMPTY;
                }
                Frame frame = push(MAP, start);
                frame.map = TermMap.builder((int) pairs);
                frame.key = null;
                frame.left = pairs;
                pending += (int) (2 * pairs);
                return null;
            }
            case BINARY_EXT: {
                long length = u32(tag);
                requireBytes(length, "BINARY_EXT", start);
                return binary((int) length);
            }
            case BIT_BINARY_EXT:
                return readBitBinary(start);
            case NEW_FLOAT_EXT: {
                need(8, tag);
                double value = Double.longBitsToDouble(in.getLong(pos));
                if (!Double.isFinite(value)) {
                    throw failure("NEW_FLOAT_EXT holds " + value + ", which an Erlang float cannot be", start);
                }
                pos += 8;
                return Float64.of(value);
            }
            case SMALL_BIG_EXT:
                return readBig(u8(tag), start, tag);
            case LARGE_BIG_EXT:
                return readBig(u32(tag), start, tag);
            case NEW_PID_EXT:
            case PID_EXT:
                return readPid(tag);
            case NEWER_REFERENCE_EXT:
            case NEW_REFERENCE_EXT:
                return readReference(tag, start);
            case REFERENCE_EXT: {
                Atom node = readAtom("REFERENCE_EXT node");
                need(5, tag);
                int id = in.getInt(pos);
                pos += 4;
                return Ref.of(node, oldCreation(tag), id);
            }
            case NEW_PORT_EXT: {
                Atom node = readAtom("NEW_PORT_EXT node");
                need(8, tag);
                long id = (in.getInt(pos) & 0xffffffffL);
                int creation = in.getInt(pos + 4);
                pos += 8;
                return new Port(node, id, creation);
            }
            case V4_PORT_EXT: {
                Atom node = readAtom("V4_PORT_EXT node");
                need(12, tag);
                long id = in.getLong(pos);
                int creation = in.getInt(pos + 8);
                pos += 12;
                return new Port(node, id, creation);
            }
            case PORT_EXT: {
                Atom node = readAtom("PORT_EXT node");
                need(5, tag);
                long id = (in.getInt(pos) & 0xffffffffL);
                pos += 4;
                return new Port(node, id, oldCreation(tag));
            }
            case EXPORT_EXT:
                return readExport();
            case NEW_FUN_EXT:
                return readFun(start);
            case FLOAT_EXT:
                return readFloatText(start);
            case COMPRESSED:
                throw failure("COMPRESSED may only stand directly after the version byte, not inside a term", start);
            case LOCAL_EXT:
                throw failure("LOCAL_EXT may only be the outermost term, not inside a term", start);
            case ATOM_CACHE_REF:
                return atomRef(start, null);
            case FUN_EXT:
                throw failure("FUN_EXT is the fun encoding OTP removed in version 23; it cannot be decoded", start);
            default:
                throw failure("unknown tag " + tag, start);
        }
    }

    private Term openTuple(long arity, int start, int tag) {
        if (arity == 0) {
            return Tuple.of();
        }
        requireElements(arity, arity, EtfTags.name(tag), start);
        Frame frame = push(TUPLE, start);
        frame.items = new Term[(int) arity];
        frame.size = 0;
        pending += (int) arity;
        return null;
    }

    private Frame push(int kind, int start) {
        if (depthBase + depth == limits.maxDepth()) {
            throw failure(
                    EtfTags.name((in.get(start) & 0xff)) + " nests deeper than the limit of " + limits.maxDepth()
                            + " (EtfLimits.maxDepth)",
                    start);
        }
        if (depth == frames.length) {
            int grown = (int) Math.min(limits.maxDepth(), Math.max(8L, 2L * frames.length));
            frames = Arrays.copyOf(frames, grown);
        }
        Frame frame = frames[depth];
        if (frame == null) {
            frame = new Frame();
            frames[depth] = frame;
        }
        depth++;
        frame.kind = kind;
        frame.start = start;
        return frame;
    }

    private Term readString(int start) {
        int length = u16("STRING_EXT");
        requireBytes(length, "STRING_EXT", start);
        if (length == 0) {
            return TermList.EMPTY;
        }
        Term[] elements = new Term[length];
        for (int i = 0; i < length; i++) {
            elements[i] = Int.of((in.get(pos++) & 0xff));
        }
        return TermList.wrap(elements);
    }

    private Term binary(int length) {
        if (length == 0) {
            return Binary.EMPTY;
        }
        Binary binary;
        if (length >= viewThreshold) {
            binary = Binary.view(in.slice(pos, length));
        } else {
            byte[] bytes = new byte[length];
            in.get(pos, bytes);
            binary = Binary.wrap(bytes);
        }
        pos += length;
        return binary;
    }

    private Term readBitBinary(int start) {
        long length = u32(BIT_BINARY_EXT);
        int bits = u8(BIT_BINARY_EXT);
        if (length == 0 || bits == 0) {
            if (length == 0 && bits == 0) {
                return Binary.EMPTY;
            }
            throw failure(
                    "BIT_BINARY_EXT with " + length + " bytes cannot have " + bits
                            + " bits in its last byte (0 bits go with 0 bytes only)",
                    start);
        }
        if (bits > 8) {
            throw failure("BIT_BINARY_EXT has " + bits + " bits in its last byte, more than 8", start);
        }
        requireBytes(length, "BIT_BINARY_EXT", start);
        if (bits == 8) {
            return binary((int) length);
        }
        byte[] bytes = new byte[(int) length];
        in.get(pos, bytes);
        pos += (int) length;
        return BitString.of(bytes, bits);
    }

    private Term readBig(long digits, int start, int tag) {
        need(1, tag);
        boolean negative = (in.get(pos++) & 0xff) != 0;
        requireBytes(digits, EtfTags.name(tag), start);
        int n = (int) digits;
        if (n <= 8) {
            long magnitude = 0;
            for (int i = 0; i < n; i++) {
                magnitude |= (long) (in.get(pos + i) & 0xff) << (8 * i);
            }
            pos += n;
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
        pos += n;
        BigInteger big = new BigInteger(1, bigEndian);
        return Int.of(negative ? big.negate() : big);
    }

    private Term readPid(int tag) {
        Atom node = readAtom(nodeRole(tag));
        need(tag == NEW_PID_EXT ? 12 : 9, tag);
        int id = in.getInt(pos);
        int serial = in.getInt(pos + 4);
        pos += 8;
        int creation;
        if (tag == NEW_PID_EXT) {
            creation = in.getInt(pos);
            pos += 4;
        } else {
            creation = oldCreation(tag);
        }
        return new Pid(node, id, serial, creation);
    }

    private int oldCreation(int tag) {
        need(1, tag);
        int creation = (in.get(pos) & 0xff);
        if (creation > 3) {
            throw failure(EtfTags.name(tag) + " creation " + creation + " is not 0..3 (only two bits are used)", pos);
        }
        pos++;
        return creation;
    }

    private Term readReference(int tag, int start) {
        int words = u16(tag);
        if (words < 1 || words > Ref.MAX_IDS) {
            throw failure(
                    EtfTags.name(tag) + " has " + words + " id words; 1 to " + Ref.MAX_IDS + " are allowed", start);
        }
        Atom node = readAtom(nodeRole(tag));
        int creation;
        if (tag == NEWER_REFERENCE_EXT) {
            need(4, tag);
            creation = in.getInt(pos);
            pos += 4;
        } else {
            creation = oldCreation(tag);
        }
        need(4 * words, tag);
        int[] ids = new int[words];
        for (int i = 0; i < words; i++) {
            ids[i] = in.getInt(pos);
            pos += 4;
        }
        return Ref.of(node, creation, ids);
    }

    private Term readExport() {
        Atom module = readAtom("EXPORT_EXT module");
        Atom function = readAtom("EXPORT_EXT function");
        int start = pos;
        long arity = readSmallInteger("EXPORT_EXT arity");
        if (arity < 0 || arity > 255) {
            throw failure("EXPORT_EXT arity " + arity + " is not 0..255", start);
        }
        return new ExternalFun(module, function, (int) arity);
    }

    private Term readFun(int start) {
        long size = u32(NEW_FUN_EXT);
        if (size < 4) {
            throw failure("NEW_FUN_EXT size " + size + " is smaller than its own size field", start);
        }
        requireBytes(size - 4, "NEW_FUN_EXT size", start);
        int funEnd = start + 1 + (int) size;
        int arity = u8(NEW_FUN_EXT);
        need(24, NEW_FUN_EXT);
        pos += 16 + 4; // Uniq and Index are kept in the raw bytes only
        long free = (in.getInt(pos) & 0xffffffffL);
        pos += 4;
        Atom module = readAtom("NEW_FUN_EXT module");
        long oldIndex = readSmallInteger("NEW_FUN_EXT OldIndex");
        long oldUniq = readSmallInteger("NEW_FUN_EXT OldUniq");
        int pidTag = tagAt(pos);
        if (pidTag != NEW_PID_EXT && pidTag != PID_EXT) {
            throw failure("expected a pid for the NEW_FUN_EXT creator but got " + EtfTags.name(pidTag), pos);
        }
        pos++;
        readPid(pidTag);
        if (pos > funEnd || free > funEnd - pos) {
            throw failure("NEW_FUN_EXT size " + size + " leaves no room for its " + free + " free variables", start);
        }
        Frame frame;
        if (free == 0) {
            frame = new Frame();
        } else {
            frame = push(FUN, start);
            pending += (int) free;
        }
        frame.start = start;
        frame.funEnd = funEnd;
        frame.module = module;
        frame.arity = arity;
        frame.oldIndex = oldIndex;
        frame.oldUniq = oldUniq;
        frame.left = free;
        return free == 0 ? finishFun(frame) : null;
    }

    /** Reads a {@code SMALL_INTEGER_EXT} or {@code INTEGER_EXT}, as funs and exports use them. */
    private static String nodeRole(int tag) {
        switch (tag) {
            case NEW_PID_EXT:
                return "NEW_PID_EXT node";
            case PID_EXT:
                return "PID_EXT node";
            case NEWER_REFERENCE_EXT:
                return "NEWER_REFERENCE_EXT node";
            default:
                return "NEW_REFERENCE_EXT node";
        }
    }

    private long readSmallInteger(String role) {
        int start = pos;
        int tag = tagAt(pos);
        pos++;
        if (tag == SMALL_INTEGER_EXT) {
            need(1, tag);
            return (in.get(pos++) & 0xff);
        }
        if (tag == INTEGER_EXT) {
            need(4, tag);
            int value = in.getInt(pos);
            pos += 4;
            return value;
        }
        throw failure(
                "expected SMALL_INTEGER_EXT or INTEGER_EXT for the " + role + " but got " + EtfTags.name(tag), start);
    }

    private String text(int index, int length, java.nio.charset.Charset charset) {
        byte[] bytes = new byte[length];
        in.get(index, bytes);
        return new String(bytes, charset);
    }

    private Term readFloatText(int start) {
        need(FLOAT_EXT_LENGTH, FLOAT_EXT);
        int length = 0;
        while (length < FLOAT_EXT_LENGTH && in.get(pos + length) != 0) {
            length++;
        }
        String text = text(pos, length, StandardCharsets.ISO_8859_1);
        if (!isFloatText(text)) {
            throw failure("FLOAT_EXT text \"" + text + "\" is not a float such as 1.50000000000000000000e+00", start);
        }
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            throw failure("FLOAT_EXT text \"" + text + "\" is outside the range of a double", start);
        }
        pos += FLOAT_EXT_LENGTH;
        return Float64.of(value);
    }

    /** Accepts {@code [+-]digits.digits[(e|E)[+-]digits]}, the shape {@code "%.20e"} produces. */
    private static boolean isFloatText(String text) {
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

    /** Reads an atom term (any of the four atom tags), as pids, ports, refs and funs embed them. */
    private Atom readAtom(String role) {
        int start = pos;
        int tag = tagAt(pos);
        switch (tag) {
            case SMALL_ATOM_UTF8_EXT:
            case ATOM_UTF8_EXT:
            case ATOM_EXT:
            case SMALL_ATOM_EXT:
                pos++;
                return readAtomText(tag, start);
            case ATOM_CACHE_REF:
                return atomRef(start, role);
            default:
                throw failure("expected an atom for the " + role + " but got " + EtfTags.name(tag), start);
        }
    }

    /**
     * Resolves the {@code ATOM_CACHE_REF} whose tag is at {@code start} against the distribution
     * header's atoms.
     *
     * @param role what the atom is, such as {@code "NEW_PID_EXT node"}; null for a term of its own
     */
    private Atom atomRef(int start, String role) {
        if (atomRefs == null) {
            throw failure(
                    "ATOM_CACHE_REF" + (role == null ? "" : " for the " + role)
                            + " refers to the atom cache of a distribution header, which this term does not have",
                    start);
        }
        if (end - start < 2) {
            throw truncated("ATOM_CACHE_REF", 1, start + 1);
        }
        int index = byteAt(start + 1);
        if (index >= atomRefCount) {
            throw failure(
                    "ATOM_CACHE_REF index " + index + " is not below the " + atomRefCount
                            + " atom cache references of the distribution header",
                    start);
        }
        pos = start + 2;
        return atomRefs[index];
    }

    /**
     * Reads the rest of the input as the UTF-8 text of one atom, as a distribution header's new
     * atom cache entry carries it.
     */
    Atom readUtf8AtomText() {
        int length = end - pos;
        if (array != null) {
            Atom cached = cachedAtom(pos, length, false);
            if (cached != null) {
                return cached;
            }
        }
        ensureBuffer();
        return atomText(false, length, "atom text", pos);
    }

    private Atom readAtomText(int tag, int start) {
        boolean latin1 = tag == ATOM_EXT || tag == SMALL_ATOM_EXT;
        int length = tag == ATOM_EXT || tag == ATOM_UTF8_EXT ? u16(tag) : u8(tag);
        return atomText(latin1, length, EtfTags.name(tag), start);
    }

    /** Reads {@code length} bytes at {@link #pos} as an atom's text, {@code what} naming it in messages. */
    private Atom atomText(boolean latin1, int length, String what, int start) {
        int maxLength = limits.maxAtomLength();
        if (latin1 ? length > maxLength : length > 4 * maxLength) {
            throw failure(
                    what + " length " + length + " is longer than the limit of " + maxLength + " characters", start);
        }
        requireBytes(length, what, start);
        boolean cacheable = length <= AtomTable.MAX_CACHED_BYTES;
        int hash = cacheable ? AtomTable.hash(in, pos, length, latin1) : 0;
        AtomTable.Entry cached = cacheable ? atoms.find(in, pos, length, latin1, hash) : null;
        if (cached != null) {
            if (cached.characters > maxLength) {
                throw failure(
                        what + " has " + cached.characters + " characters, more than the limit of " + maxLength, start);
            }
            pos += length;
            return cached.atom;
        }
        int characters = latin1 ? length : Utf8.codePoints(in, pos, length);
        if (characters < 0) {
            throw failure(what + " is not valid UTF-8", pos + ~characters);
        }
        if (characters > maxLength) {
            throw failure(what + " has " + characters + " characters, more than the limit of " + maxLength, start);
        }
        String name = text(pos, length, latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        Atom atom = Atom.of(name);
        if (cacheable) {
            atoms.store(in, pos, length, latin1, hash, characters, atom);
        }
        pos += length;
        return atom;
    }

    // ---- primitive reads, each checked against the end of the input ----

    private int tagAt(int index) {
        if (index >= end) {
            throw truncated("a tag", 1, index);
        }
        return byteAt(index);
    }

    private int u8(int tag) {
        need(1, tag);
        return (in.get(pos++) & 0xff);
    }

    private int u16(int tag) {
        return u16(EtfTags.name(tag));
    }

    private int u16(String what) {
        if (end - pos < 2) {
            throw truncated(what, 2, pos);
        }
        int value = array != null
                ? ((array[arrayOffset + pos] & 0xff) << 8) | (array[arrayOffset + pos + 1] & 0xff)
                : (in.getShort(pos) & 0xffff);
        pos += 2;
        return value;
    }

    private long u32(int tag) {
        return u32(EtfTags.name(tag));
    }

    private long u32(String what) {
        if (end - pos < 4) {
            throw truncated(what, 4, pos);
        }
        long value = (array != null ? (int) INT.get(array, arrayOffset + pos) : in.getInt(pos)) & 0xffffffffL;
        pos += 4;
        return value;
    }

    private void need(int bytes, int tag) {
        if (end - pos < bytes) {
            throw truncated(EtfTags.name(tag), bytes, pos);
        }
    }

    /** Checks that a byte length fits in what remains, before the bytes are allocated. */
    private void requireBytes(long length, String what, int start) {
        long available = (long) end - pos - pending;
        if (length > available) {
            throw failure(what + " length " + length + " exceeds the " + remaining(available), start);
        }
    }

    /**
     * Checks that a container of {@code count} elements, needing at least {@code minBytes} more
     * bytes, fits in what remains, before its element array is allocated.
     */
    private void requireElements(long count, long minBytes, String what, int start) {
        long available = (long) end - pos - pending;
        if (minBytes > available) {
            throw failure(
                    what + " length " + count + " needs at least " + minBytes + " more bytes, more than the "
                            + remaining(available),
                    start);
        }
    }

    private String remaining(long available) {
        String text = available + " bytes that remain";
        if (pending > 0) {
            text += " after the " + pending + " that the enclosing terms still need";
        }
        if (cutByLimit) {
            text += " within the limit of " + limits.maxTermBytes() + " bytes (EtfLimits.maxTermBytes)";
        }
        return text;
    }

    private EtfDecodeException truncated(String what, int bytes, int at) {
        String text = "truncated input: " + what + " needs " + bytes + (bytes == 1 ? " more byte" : " more bytes")
                + " but only " + (end - at) + " remain";
        if (cutByLimit) {
            text += " within the limit of " + limits.maxTermBytes() + " bytes (EtfLimits.maxTermBytes)";
        }
        return failure(text, at);
    }

    EtfDecodeException failure(String problem, int index) {
        return new EtfDecodeException(problem, index - base, where);
    }
}

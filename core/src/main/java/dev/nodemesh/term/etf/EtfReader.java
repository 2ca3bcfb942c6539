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
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.LocalTerm;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One decode: its two readers, over the input, position and limits of the {@link EtfCursor} it
 * extends.
 *
 * <p>The fast reader ({@link #readFast}) descends recursively over an array for the common tags.
 * The iterative reader ({@link #readTerm}) reads everything else and alone decides what is
 * accepted and how failures read; the fast reader hands it any term it does not finish. In the
 * iterative reader a container's header pushes a {@link Frame}; each finished term is handed to
 * the frame on top, and a frame that has all its elements becomes a finished term in turn.
 * Nesting therefore costs heap in proportion to the (limited) depth, never Java stack.
 *
 * <p>Scalars (atoms, integers, floats, binaries, strings, pids, ports, references, funs) are read
 * by the leaf readers beside this class; the containers are read here.
 *
 * <p>The reader extends its cursor rather than holding one so that a decode is one object and the
 * fast reader moves {@link EtfCursor#pos} without an indirection: a separate cursor object made
 * small decodes 6 to 9 % slower (CPU time per decode, before/after in one JVM; issue 13).
 */
final class EtfReader extends EtfCursor {

    private static final Term[] NO_TERMS = new Term[0];
    private static final Frame[] NO_FRAMES = new Frame[0];

    /** How deep {@link #readFast} recurses before the iterative reader takes over. */
    private static final int FAST_DEPTH = 64;

    private final int viewThreshold;
    private final AtomTable atoms;

    private Frame[] frames = NO_FRAMES;
    private int depth;
    /** How many containers enclose the term the iterative reader is reading ({@link #readFast} ones). */
    private int depthBase;

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
        super(in, start, end, cutByLimit, where, limits);
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
        super(array, offset, length, cutByLimit, where, limits);
        this.viewThreshold = viewThreshold;
        this.atoms = atoms;
    }

    /**
     * Lets {@code ATOM_CACHE_REF} resolve to the first {@code count} atoms of {@code refs}, the
     * atom cache references of the distribution header the term follows.
     */
    void atomRefs(Atom[] refs, int count) {
        this.atomRefs = refs;
        this.atomRefCount = count;
    }

    /** Returns the index after the last byte read. */
    int position() {
        return pos;
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
     * Reads the rest of the input as the UTF-8 text of one atom, as a distribution header's new
     * atom cache entry carries it.
     */
    Atom readUtf8AtomText() {
        return AtomReader.readUtf8Text(this, atoms);
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
            return readCompressed();
        }
        if (tag == LOCAL_EXT) {
            if (cutByLimit()) {
                throw failure(
                        "LOCAL_EXT runs to the end of the input, which is beyond the limit of " + limits.maxTermBytes()
                                + " bytes (EtfLimits.maxTermBytes)",
                        pos);
            }
            byte[] encoded = bytes(pos, end - pos);
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
        Inflation.Result inflated = Inflation.inflate(buffer(), pos, end, (int) claimed, index -> index - base);
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

    // ---- the lists both readers build: room for a spliced tail, and the finished list ----

    /** Returns {@code items}, or a copy grown to hold {@code more} elements after its first {@code size}. */
    private static Term[] room(Term[] items, int size, int more) {
        int needed = size + more;
        if (needed > items.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) needed, 2L * items.length));
            return Arrays.copyOf(items, grown);
        }
        return items;
    }

    /** The list of the first {@code size} of {@code items}, ending in {@code improperTail} unless it is null. */
    private static Term finishList(Term[] items, int size, Term improperTail) {
        Term[] elements = size == items.length ? items : Arrays.copyOf(items, size);
        if (improperTail == null) {
            return TermList.wrap(elements);
        }
        // LIST_EXT with no elements stands for its tail alone, as in OTP
        return elements.length == 0 ? improperTail : TermList.improper(elements, improperTail);
    }

    // ---- the fast reader: recursive descent over an array, for the common tags ----

    /**
     * Reads one term from the array. Containers recurse, up to {@value #FAST_DEPTH} levels; deeper
     * ones, rare tags, views and anything that fails go to the iterative reader ({@link #slow}),
     * which reads the same bytes again from the same position and state, so that it alone decides
     * what is accepted and how failures read. The checks here are the iterative reader's: every
     * length against the bytes that remain minus {@link EtfCursor#pending}, before anything is
     * allocated.
     *
     * @param level how many containers enclose the term
     */
    private Term readFast(int level) {
        int start = pos;
        int end = this.end;
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
                    return Int.of((int) EtfCursor.INT.get(a, at + 1));
                }
                break;
            case SMALL_ATOM_UTF8_EXT:
            case ATOM_UTF8_EXT:
            case ATOM_EXT:
            case SMALL_ATOM_EXT:
                return AtomReader.fast(this, atoms, tag, start);
            case SMALL_TUPLE_EXT:
                if (left >= 2) {
                    return fastTuple(a[at + 1] & 0xff, start, start + 2, level);
                }
                break;
            case LARGE_TUPLE_EXT:
                if (left >= 5) {
                    return fastTuple((int) EtfCursor.INT.get(a, at + 1) & 0xffffffffL, start, start + 5, level);
                }
                break;
            case NIL_EXT:
                pos = start + 1;
                return TermList.EMPTY;
            case LIST_EXT:
                if (left >= 5) {
                    return fastList((int) EtfCursor.INT.get(a, at + 1) & 0xffffffffL, start, level);
                }
                break;
            case MAP_EXT:
                if (left >= 5) {
                    return fastMap((int) EtfCursor.INT.get(a, at + 1) & 0xffffffffL, start, level);
                }
                break;
            case BINARY_EXT:
                if (left >= 5) {
                    long length = (int) EtfCursor.INT.get(a, at + 1) & 0xffffffffL;
                    if (length <= (long) left - 5 - pending && length < viewThreshold) {
                        int n = (int) length;
                        pos = start + 5 + n;
                        return n == 0 ? Binary.EMPTY : Binary.wrap(Arrays.copyOfRange(a, at + 5, at + 5 + n));
                    }
                }
                break;
            case NEW_FLOAT_EXT:
                if (left >= 9) {
                    double value = Double.longBitsToDouble((long) EtfCursor.LONG.get(a, at + 1));
                    if (Double.isFinite(value)) {
                        pos = start + 9;
                        return Float64.of(value);
                    }
                }
                break;
            case NEW_PID_EXT:
                if (left >= 2) {
                    int nodeTag = a[at + 1] & 0xff;
                    Atom node = AtomReader.isAtomTag(nodeTag)
                            ? AtomReader.fast(this, atoms, nodeTag, start + 1)
                            : AtomReader.fastCacheRef(this, start + 1);
                    int p = pos;
                    if (node != null && end - p >= 12) {
                        int i = arrayOffset + p;
                        pos = p + 12;
                        return new Pid(node, (int) EtfCursor.INT.get(a, i), (int) EtfCursor.INT.get(a, i + 4), (int)
                                EtfCursor.INT.get(a, i + 8));
                    }
                }
                break;
            case ATOM_CACHE_REF: {
                Atom atom = AtomReader.fastCacheRef(this, start);
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

    /** Reads the term at the position with the iterative reader, {@code level} containers deep. */
    private Term slow(int level) {
        int saved = depthBase;
        depthBase = level;
        try {
            return readTerm();
        } finally {
            depthBase = saved;
        }
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

    // ---- the iterative reader: every tag, containers on a stack of frames ----

    /** Reads one complete term. */
    private Term readTerm() {
        for (; ; ) {
            Term value;
            Frame top = depth == 0 ? null : frames[depth - 1];
            if (top != null && top.kind == Frame.LIST && top.left == 0) {
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
            case Frame.TUPLE:
                frame.items[frame.size++] = value;
                return frame.size == frame.items.length ? Tuple.wrap(frame.items) : null;
            case Frame.LIST:
                if (frame.left > 0) {
                    frame.items[frame.size++] = value;
                    frame.left--;
                    return null;
                }
                return finishList(frame.items, frame.size, value);
            case Frame.MAP:
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
                return --frame.left == 0 ? FunReader.finish(this, frame.fun) : null;
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
        int tag = tagAt(start);
        switch (tag) {
            case NIL_EXT:
                pos++;
                return finishList(frame.items, frame.size, null);
            case STRING_EXT: {
                pos++;
                int length = u16("STRING_EXT");
                requireBytes(length, "STRING_EXT", start);
                frame.items = room(frame.items, frame.size, length);
                StringReader.append(this, frame.items, frame.size, length);
                frame.size += length;
                return finishList(frame.items, frame.size, null);
            }
            case LIST_EXT: {
                pos++;
                long length = u32("LIST_EXT");
                requireElements(length, length + 1, "LIST_EXT", start);
                pending += (int) length + 1;
                frame.items = room(frame.items, frame.size, (int) length);
                frame.left = length;
                return null;
            }
            default: {
                Term tail = readOne();
                return tail == null ? null : finishList(frame.items, frame.size, tail);
            }
        }
    }

    /** Reads one term, or the header of a non-empty container (pushing a frame and returning null). */
    private Term readOne() {
        int start = pos;
        int tag = tagAt(start);
        pos++;
        switch (tag) {
            case SMALL_INTEGER_EXT:
                return IntegerReader.smallInteger(this);
            case INTEGER_EXT:
                return IntegerReader.integer(this);
            case SMALL_ATOM_UTF8_EXT:
            case ATOM_UTF8_EXT:
            case ATOM_EXT:
            case SMALL_ATOM_EXT:
                return AtomReader.readText(this, atoms, tag, start);
            case SMALL_TUPLE_EXT:
                return openTuple(u8(tag), start, tag);
            case LARGE_TUPLE_EXT:
                return openTuple(u32(tag), start, tag);
            case NIL_EXT:
                return TermList.EMPTY;
            case STRING_EXT:
                return StringReader.string(this, start);
            case LIST_EXT:
                return openList(u32(tag), start);
            case MAP_EXT:
                return openMap(u32(tag), start);
            case BINARY_EXT:
                return BinaryReader.binary(this, start, viewThreshold);
            case BIT_BINARY_EXT:
                return BinaryReader.bitBinary(this, start, viewThreshold);
            case NEW_FLOAT_EXT:
                return FloatReader.newFloat(this, start);
            case FLOAT_EXT:
                return FloatReader.floatText(this, start);
            case SMALL_BIG_EXT:
                return IntegerReader.big(this, u8(tag), start, tag);
            case LARGE_BIG_EXT:
                return IntegerReader.big(this, u32(tag), start, tag);
            case NEW_PID_EXT:
            case PID_EXT:
                return IdentifierReader.pid(this, atoms, tag);
            case NEWER_REFERENCE_EXT:
            case NEW_REFERENCE_EXT:
                return IdentifierReader.reference(this, atoms, tag, start);
            case REFERENCE_EXT:
                return IdentifierReader.oldReference(this, atoms);
            case NEW_PORT_EXT:
            case V4_PORT_EXT:
            case PORT_EXT:
                return IdentifierReader.port(this, atoms, tag);
            case EXPORT_EXT:
                return FunReader.export(this, atoms);
            case NEW_FUN_EXT:
                return openFun(FunReader.header(this, atoms, start));
            case COMPRESSED:
                throw failure("COMPRESSED may only stand directly after the version byte, not inside a term", start);
            case LOCAL_EXT:
                throw failure("LOCAL_EXT may only be the outermost term, not inside a term", start);
            case ATOM_CACHE_REF:
                return AtomReader.cacheRef(this, start, null);
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
        Frame frame = push(Frame.TUPLE, start);
        frame.items = new Term[(int) arity];
        frame.size = 0;
        pending += (int) arity;
        return null;
    }

    private Term openList(long length, int start) {
        requireElements(length, length + 1, "LIST_EXT", start);
        Frame frame = push(Frame.LIST, start);
        frame.items = length == 0 ? NO_TERMS : new Term[(int) length];
        frame.size = 0;
        frame.left = length;
        pending += (int) length + 1;
        return null;
    }

    private Term openMap(long pairs, int start) {
        requireElements(pairs, 2 * pairs, "MAP_EXT", start);
        if (pairs == 0) {
            return TermMap.EMPTY;
        }
        Frame frame = push(Frame.MAP, start);
        frame.map = TermMap.builder((int) pairs);
        frame.key = null;
        frame.left = pairs;
        pending += (int) (2 * pairs);
        return null;
    }

    /** Opens the frame of a fun's free variables, or makes the fun when it has none. */
    private Term openFun(FunReader.Header fun) {
        if (fun.free() == 0) {
            return FunReader.finish(this, fun);
        }
        Frame frame = push(Frame.FUN, fun.start());
        pending += (int) fun.free();
        frame.fun = fun;
        frame.left = fun.free();
        return null;
    }

    private Frame push(int kind, int start) {
        int maxDepth = limits.maxDepth();
        if (depthBase + depth == maxDepth) {
            throw failure(
                    EtfTags.name(byteAt(start)) + " nests deeper than the limit of " + maxDepth
                            + " (EtfLimits.maxDepth)",
                    start);
        }
        if (depth == frames.length) {
            int grown = (int) Math.min(maxDepth, Math.max(8L, 2L * frames.length));
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
}

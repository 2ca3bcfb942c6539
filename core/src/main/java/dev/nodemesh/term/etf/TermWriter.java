package dev.nodemesh.term.etf;

import static dev.nodemesh.term.etf.EtfTags.ATOM_UTF8_EXT;
import static dev.nodemesh.term.etf.EtfTags.BINARY_EXT;
import static dev.nodemesh.term.etf.EtfTags.BIT_BINARY_EXT;
import static dev.nodemesh.term.etf.EtfTags.EXPORT_EXT;
import static dev.nodemesh.term.etf.EtfTags.INTEGER_EXT;
import static dev.nodemesh.term.etf.EtfTags.LARGE_BIG_EXT;
import static dev.nodemesh.term.etf.EtfTags.LARGE_TUPLE_EXT;
import static dev.nodemesh.term.etf.EtfTags.LIST_EXT;
import static dev.nodemesh.term.etf.EtfTags.MAP_EXT;
import static dev.nodemesh.term.etf.EtfTags.MAX_NEW_PORT_ID;
import static dev.nodemesh.term.etf.EtfTags.MAX_ORDERED_MAP_SIZE;
import static dev.nodemesh.term.etf.EtfTags.MAX_STRING_LENGTH;
import static dev.nodemesh.term.etf.EtfTags.NEWER_REFERENCE_EXT;
import static dev.nodemesh.term.etf.EtfTags.NEW_FLOAT_EXT;
import static dev.nodemesh.term.etf.EtfTags.NEW_PID_EXT;
import static dev.nodemesh.term.etf.EtfTags.NEW_PORT_EXT;
import static dev.nodemesh.term.etf.EtfTags.NIL_EXT;
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
import dev.nodemesh.term.TermOrder;
import dev.nodemesh.term.Tuple;
import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;

/**
 * The encoder's fast path: one recursive pass that writes straight into the output buffer's own
 * memory, reserving room as it goes, so that Netty's per-call index and reference-count checks
 * are paid once per reservation instead of once per field. Heap buffers are written through
 * their backing array (big-endian {@link VarHandle}s), direct ones through {@link
 * ByteBuf#internalNioBuffer}. Atoms and binaries are copied from the bytes the terms already
 * hold.
 *
 * <p>A subtree nested deeper than {@value #MAX_DEPTH} levels is written with an explicit stack
 * of frames instead of recursion, so any depth works without a {@code StackOverflowError}.
 */
final class TermWriter {

    /** Deepest nesting written recursively; deeper subtrees go to the fallback. */
    static final int MAX_DEPTH = 256;

    private static final int FIRST_RESERVATION = 256;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final ByteBuf out;
    /** The output's backing array (heap buffers), or null. */
    private byte[] array;
    /** The output's memory as a ByteBuffer when it has no array (direct buffers). */
    private ByteBuffer view;
    /** The view index of the buffer index where this write started. */
    private int viewBase;

    private final int start;
    /** The next view index to write at. */
    private int pos;
    /** The view index after the last reserved byte. */
    private int limit;

    private Frame[] frames;

    private TermWriter(ByteBuf out) {
        this.out = out;
        this.start = out.writerIndex();
    }

    /**
     * Writes {@code term} (after the version byte when {@code versioned}) at {@code out}'s writer
     * index and advances it; returns false, having written nothing, when the buffer has no single
     * writable view of its memory (a composite spanning components, a read-only buffer).
     */
    static boolean tryWrite(Term term, ByteBuf out, boolean versioned) {
        TermWriter writer = new TermWriter(out);
        if (!writer.remap(FIRST_RESERVATION)) {
            return false;
        }
        if (versioned) {
            writer.reserve(1);
            writer.put1(writer.pos++, EtfTags.VERSION);
        }
        writer.write(term, 0);
        out.writerIndex(writer.bufferIndex());
        return true;
    }

    private int bufferIndex() {
        return start + (pos - viewBase);
    }

    private void reserve(int bytes) {
        if (bytes > limit - pos && !remap(bytes)) {
            throw new IllegalStateException("the output buffer stopped exposing one writable view");
        }
    }

    /** Makes room for {@code bytes} more at {@link #pos} and (re)acquires the view. */
    private boolean remap(int bytes) {
        int written = pos - viewBase;
        // count what is written as written, so that a reallocation keeps it
        out.writerIndex(start + written);
        out.ensureWritable(Math.max(bytes, FIRST_RESERVATION));
        if (out.isReadOnly()) {
            return false;
        }
        if (out.hasArray()) {
            array = out.array();
            view = null;
            viewBase = out.arrayOffset() + start;
            pos = viewBase + written;
            limit = out.arrayOffset() + out.capacity();
            return true;
        }
        if (out.nioBufferCount() != 1) {
            return false;
        }
        ByteBuffer fresh;
        try {
            fresh = out.internalNioBuffer(start, written + out.writableBytes());
        } catch (UnsupportedOperationException e) {
            return false;
        }
        if (fresh.isReadOnly()) {
            return false;
        }
        array = null;
        view = fresh;
        viewBase = fresh.position();
        pos = viewBase + written;
        limit = fresh.limit();
        return true;
    }

    private void put1(int index, int value) {
        if (array != null) {
            array[index] = (byte) value;
        } else {
            view.put(index, (byte) value);
        }
    }

    private void put2(int index, int value) {
        if (array != null) {
            SHORT.set(array, index, (short) value);
        } else {
            view.putShort(index, (short) value);
        }
    }

    private void put4(int index, int value) {
        if (array != null) {
            INT.set(array, index, value);
        } else {
            view.putInt(index, value);
        }
    }

    private void put8(int index, long value) {
        if (array != null) {
            LONG.set(array, index, value);
        } else {
            view.putLong(index, value);
        }
    }

    private void putBytes(int index, byte[] bytes) {
        if (array != null) {
            System.arraycopy(bytes, 0, array, index, bytes.length);
        } else {
            view.put(index, bytes);
        }
    }

    private void copyAtom(Atom atom, int index) {
        if (array != null) {
            atom.copyUtf8(array, index);
        } else {
            atom.writeUtf8(view, index);
        }
    }

    private void copyBinary(Binary binary, int index) {
        if (array != null) {
            binary.copyTo(array, index);
        } else {
            binary.copyTo(view, index);
        }
    }

    private void write(Term term, int depth) {
        if (term instanceof Atom atom) {
            writeAtom(atom);
        } else if (term instanceof Int integer) {
            writeInt(integer);
        } else if (term instanceof Binary binary) {
            int size = binary.size();
            reserve(5 + size);
            put1(pos, BINARY_EXT);
            put4(pos + 1, size);
            copyBinary(binary, pos + 5);
            pos += 5 + size;
        } else if (term instanceof Float64 number) {
            reserve(9);
            put1(pos, NEW_FLOAT_EXT);
            put8(pos + 1, Double.doubleToRawLongBits(number.value()));
            pos += 9;
        } else if (depth >= MAX_DEPTH && isContainer(term)) {
            writeDeep(term);
        } else if (term instanceof Tuple tuple) {
            writeTupleHeader(tuple);
            for (int k = 0; k < tuple.size(); k++) {
                write(tuple.get(k), depth + 1);
            }
        } else if (term instanceof TermList list) {
            if (writeListHeader(list)) {
                for (int k = 0; k < list.size(); k++) {
                    write(list.get(k), depth + 1);
                }
                writeListEnd(list, depth);
            }
        } else if (term instanceof TermMap map) {
            Term[] order = writeMapHeader(map);
            for (int k = 0; k < map.size(); k++) {
                write(order == null ? map.keyAt(k) : order[2 * k], depth + 1);
                write(order == null ? map.valueAt(k) : order[2 * k + 1], depth + 1);
            }
        } else if (term instanceof Pid pid) {
            reserve(1);
            put1(pos++, NEW_PID_EXT);
            writeAtom(pid.node());
            reserve(12);
            put4(pos, pid.id());
            put4(pos + 4, pid.serial());
            put4(pos + 8, pid.creation());
            pos += 12;
        } else if (term instanceof Ref ref) {
            reserve(3);
            put1(pos, NEWER_REFERENCE_EXT);
            put2(pos + 1, ref.idCount());
            pos += 3;
            writeAtom(ref.node());
            reserve(4 + 4 * ref.idCount());
            put4(pos, ref.creation());
            pos += 4;
            for (int k = 0; k < ref.idCount(); k++) {
                put4(pos, ref.id(k));
                pos += 4;
            }
        } else if (term instanceof Port port) {
            writePort(port);
        } else if (term instanceof BitString bits) {
            reserve(6 + bits.byteCount());
            put1(pos, BIT_BINARY_EXT);
            put4(pos + 1, bits.byteCount());
            put1(pos + 5, bits.tailBits());
            putBytes(pos + 6, bits.bytes());
            pos += 6 + bits.byteCount();
        } else if (term instanceof ExternalFun fun) {
            reserve(1);
            put1(pos++, EXPORT_EXT);
            writeAtom(fun.module());
            writeAtom(fun.function());
            reserve(2);
            put1(pos, SMALL_INTEGER_EXT);
            put1(pos + 1, fun.arity());
            pos += 2;
        } else if (term instanceof Fun fun) {
            reserve(fun.encodedLength());
            putBytes(pos, fun.encoded());
            pos += fun.encodedLength();
        } else if (term instanceof LocalTerm local) {
            if (depth > 0) {
                throw new IllegalArgumentException(
                        "a LocalTerm can only be encoded as the outermost term: LOCAL_EXT runs to the end of the"
                                + " input");
            }
            reserve(local.encodedLength());
            putBytes(pos, local.encoded());
            pos += local.encodedLength();
        } else {
            throw new IllegalArgumentException(
                    "unknown term type " + term.getClass().getName());
        }
    }

    private static boolean isContainer(Term term) {
        return term instanceof Tuple || term instanceof TermList || term instanceof TermMap;
    }

    /** One container being written by {@link #writeDeep}: its children in order, then its end. */
    private static final class Frame {
        Term container;
        Term[] mapOrder;
        int next;
    }

    /** Writes a container with an explicit stack instead of recursion. */
    private void writeDeep(Term root) {
        if (frames == null) {
            frames = new Frame[16];
        }
        int depth = 0;
        depth = open(root, depth);
        while (depth > 0) {
            Frame frame = frames[depth - 1];
            Term child = nextChild(frame);
            if (child == null) {
                depth--;
                frame.container = null;
                frame.mapOrder = null;
            } else if (isContainer(child)) {
                depth = open(child, depth);
            } else {
                write(child, 1);
            }
        }
    }

    /** Writes a container's header and, unless it is empty, pushes a frame for its children. */
    private int open(Term container, int depth) {
        boolean hasChildren;
        Term[] mapOrder = null;
        if (container instanceof Tuple tuple) {
            writeTupleHeader(tuple);
            hasChildren = tuple.size() > 0;
        } else if (container instanceof TermList list) {
            hasChildren = writeListHeader(list);
        } else {
            TermMap map = (TermMap) container;
            mapOrder = writeMapHeader(map);
            hasChildren = map.size() > 0;
        }
        if (!hasChildren) {
            return depth;
        }
        if (depth == frames.length) {
            frames = Arrays.copyOf(frames, 2 * depth);
        }
        Frame frame = frames[depth];
        if (frame == null) {
            frame = new Frame();
            frames[depth] = frame;
        }
        frame.container = container;
        frame.mapOrder = mapOrder;
        frame.next = 0;
        return depth + 1;
    }

    /** Returns the next child to write, or null when the container is done (a list's end written). */
    private Term nextChild(Frame frame) {
        int i = frame.next++;
        if (frame.container instanceof Tuple tuple) {
            return i < tuple.size() ? tuple.get(i) : null;
        }
        if (frame.container instanceof TermList list) {
            if (i < list.size()) {
                return list.get(i);
            }
            if (i == list.size()) {
                if (list.isProper()) {
                    reserve(1);
                    put1(pos++, NIL_EXT);
                    return null;
                }
                return list.tail();
            }
            return null;
        }
        TermMap map = (TermMap) frame.container;
        if (i >= 2 * map.size()) {
            return null;
        }
        if (frame.mapOrder != null) {
            return frame.mapOrder[i];
        }
        return i % 2 == 0 ? map.keyAt(i / 2) : map.valueAt(i / 2);
    }

    private void writeAtom(Atom atom) {
        int length = atom.utf8Length();
        if (length <= 255) {
            reserve(2 + length);
            put1(pos, SMALL_ATOM_UTF8_EXT);
            put1(pos + 1, length);
            pos += 2;
        } else {
            reserve(3 + length);
            put1(pos, ATOM_UTF8_EXT);
            put2(pos + 1, length);
            pos += 3;
        }
        copyAtom(atom, pos);
        pos += length;
    }

    private void writeInt(Int integer) {
        if (!integer.isLong()) {
            writeBig(integer.bigValue());
            return;
        }
        long value = integer.longValue();
        if (value >= 0 && value <= 255) {
            reserve(2);
            put1(pos, SMALL_INTEGER_EXT);
            put1(pos + 1, (int) value);
            pos += 2;
        } else if (value == (int) value) {
            reserve(5);
            put1(pos, INTEGER_EXT);
            put4(pos + 1, (int) value);
            pos += 5;
        } else {
            // |Long.MIN_VALUE| is 2^63, which the unsigned shifts read correctly
            long magnitude = value < 0 ? -value : value;
            int digits = (Long.SIZE - Long.numberOfLeadingZeros(magnitude) + 7) / 8;
            reserve(3 + digits);
            put1(pos, SMALL_BIG_EXT);
            put1(pos + 1, digits);
            put1(pos + 2, (value < 0 ? 1 : 0));
            for (int k = 0; k < digits; k++) {
                put1(pos + 3 + k, (int) (magnitude >>> (8 * k)));
            }
            pos += 3 + digits;
        }
    }

    private void writeBig(BigInteger value) {
        byte[] magnitude = value.abs().toByteArray(); // big-endian, maybe with a leading 0
        int skip = magnitude[0] == 0 ? 1 : 0;
        int digits = magnitude.length - skip;
        reserve(6 + digits);
        if (digits <= 255) {
            put1(pos++, SMALL_BIG_EXT);
            put1(pos++, digits);
        } else {
            put1(pos++, LARGE_BIG_EXT);
            put4(pos, digits);
            pos += 4;
        }
        put1(pos++, (value.signum() < 0 ? 1 : 0));
        for (int k = magnitude.length - 1; k >= skip; k--) {
            put1(pos++, magnitude[k]);
        }
    }

    private void writeTupleHeader(Tuple tuple) {
        int size = tuple.size();
        if (size <= 255) {
            reserve(2);
            put1(pos, SMALL_TUPLE_EXT);
            put1(pos + 1, size);
            pos += 2;
        } else {
            reserve(5);
            put1(pos, LARGE_TUPLE_EXT);
            put4(pos + 1, size);
            pos += 5;
        }
    }

    /**
     * Writes an empty list or a byte string whole, or a {@code LIST_EXT} header.
     *
     * @return whether the elements (and then {@link #writeListEnd}) are still to be written
     */
    private boolean writeListHeader(TermList list) {
        int size = list.size();
        if (size == 0) {
            reserve(1);
            put1(pos++, NIL_EXT);
            return false;
        }
        if (isByteString(list)) {
            reserve(3 + size);
            put1(pos, STRING_EXT);
            put2(pos + 1, size);
            pos += 3;
            for (int k = 0; k < size; k++) {
                put1(pos++, (int) ((Int) list.get(k)).longValue());
            }
            return false;
        }
        reserve(5);
        put1(pos, LIST_EXT);
        put4(pos + 1, size);
        pos += 5;
        return true;
    }

    private void writeListEnd(TermList list, int depth) {
        if (list.isProper()) {
            reserve(1);
            put1(pos++, NIL_EXT);
        } else {
            write(list.tail(), depth + 1);
        }
    }

    /**
     * Writes a map's header.
     *
     * @return its keys and values alternating in the order to write them, or null for the map's
     *     own order
     */
    private Term[] writeMapHeader(TermMap map) {
        reserve(5);
        put1(pos, MAP_EXT);
        put4(pos + 1, map.size());
        pos += 5;
        if (map.size() > MAX_ORDERED_MAP_SIZE || isSorted(map)) {
            return null;
        }
        Term[] order = new Term[2 * map.size()];
        int k = 0;
        for (Map.Entry<Term, Term> entry : TermOrder.sortedEntries(map)) {
            order[k++] = entry.getKey();
            order[k++] = entry.getValue();
        }
        return order;
    }

    private void writePort(Port port) {
        boolean small = isNewPort(port);
        reserve(1);
        put1(pos++, (small ? NEW_PORT_EXT : V4_PORT_EXT));
        writeAtom(port.node());
        reserve(12);
        if (small) {
            put4(pos, (int) port.id());
            pos += 4;
        } else {
            put8(pos, port.id());
            pos += 8;
        }
        put4(pos, port.creation());
        pos += 4;
    }

    /** Whether OTP writes this proper list of small integers as {@code STRING_EXT}. */
    static boolean isByteString(TermList list) {
        if (!list.isProper() || list.size() > MAX_STRING_LENGTH) {
            return false;
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Int element)
                    || !element.isLong()
                    || element.longValue() < 0
                    || element.longValue() > 255) {
                return false;
            }
        }
        return true;
    }

    /** Whether the port id fits {@code NEW_PORT_EXT} (OTP 25 switches to V4 above 28 bits). */
    static boolean isNewPort(Port port) {
        return Long.compareUnsigned(port.id(), MAX_NEW_PORT_ID) <= 0;
    }

    /** Whether a map's keys are already in {@link TermOrder#MAP_KEYS} order. */
    static boolean isSorted(TermMap map) {
        for (int k = 1; k < map.size(); k++) {
            if (TermOrder.MAP_KEYS.compare(map.keyAt(k - 1), map.keyAt(k)) > 0) {
                return false;
            }
        }
        return true;
    }
}

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
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
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
 * <p>Encoding walks the term with an explicit stack, so any nesting depth works. An instance is
 * stateless and thread-safe.
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
        int mark = out.writerIndex();
        try {
            out.writeByte(EtfTags.VERSION);
            new Walk(out).write(Objects.requireNonNull(term, "term"));
        } catch (RuntimeException e) {
            out.writerIndex(mark);
            throw e;
        }
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
        int mark = out.writerIndex();
        try {
            new Walk(out).write(Objects.requireNonNull(term, "term"));
        } catch (RuntimeException e) {
            out.writerIndex(mark);
            throw e;
        }
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

    /** One encode: a pre-order walk with an explicit stack of open containers. */
    private static final class Walk {

        private static final int TUPLE = 0;
        private static final int LIST = 1;
        private static final int MAP = 2;

        private final ByteBuf out;
        private Frame[] frames = new Frame[8];
        private int depth;

        private static final class Frame {
            int kind;
            Tuple tuple;
            TermList list;
            int index;
            Iterator<Map.Entry<Term, Term>> entries;
            Term value;
        }

        Walk(ByteBuf out) {
            this.out = out;
        }

        void write(Term root) {
            if (root instanceof LocalTerm local) {
                out.writeBytes(local.encoded());
                return;
            }
            writeOne(root);
            while (depth > 0) {
                Frame frame = frames[depth - 1];
                Term next = next(frame);
                if (next != null) {
                    writeOne(next);
                }
            }
        }

        /** Returns the next child of a container, popping it (and writing a list's tail) when done. */
        private Term next(Frame frame) {
            switch (frame.kind) {
                case TUPLE:
                    if (frame.index < frame.tuple.size()) {
                        return frame.tuple.get(frame.index++);
                    }
                    pop(frame);
                    return null;
                case LIST:
                    if (frame.index < frame.list.size()) {
                        return frame.list.get(frame.index++);
                    }
                    TermList list = frame.list;
                    pop(frame);
                    if (list.isProper()) {
                        out.writeByte(NIL_EXT);
                        return null;
                    }
                    return list.tail();
                default:
                    if (frame.value != null) {
                        Term value = frame.value;
                        frame.value = null;
                        return value;
                    }
                    if (frame.entries.hasNext()) {
                        Map.Entry<Term, Term> entry = frame.entries.next();
                        frame.value = entry.getValue();
                        return entry.getKey();
                    }
                    pop(frame);
                    return null;
            }
        }

        private Frame push(int kind) {
            if (depth == frames.length) {
                frames = Arrays.copyOf(frames, 2 * frames.length);
            }
            Frame frame = frames[depth];
            if (frame == null) {
                frame = new Frame();
                frames[depth] = frame;
            }
            depth++;
            frame.kind = kind;
            frame.index = 0;
            return frame;
        }

        private void pop(Frame frame) {
            frame.tuple = null;
            frame.list = null;
            frame.entries = null;
            frame.value = null;
            depth--;
        }

        private void writeOne(Term term) {
            if (term instanceof Atom atom) {
                writeAtom(atom);
            } else if (term instanceof Int integer) {
                writeInt(integer);
            } else if (term instanceof Tuple tuple) {
                writeTuple(tuple);
            } else if (term instanceof TermList list) {
                writeList(list);
            } else if (term instanceof Binary binary) {
                out.writeByte(BINARY_EXT);
                out.writeInt(binary.size());
                out.writeBytes(binary.asReadOnlyBuffer());
            } else if (term instanceof TermMap map) {
                writeMap(map);
            } else if (term instanceof Pid pid) {
                out.writeByte(NEW_PID_EXT);
                writeAtom(pid.node());
                out.writeInt(pid.id());
                out.writeInt(pid.serial());
                out.writeInt(pid.creation());
            } else if (term instanceof Ref ref) {
                out.writeByte(NEWER_REFERENCE_EXT);
                out.writeShort(ref.idCount());
                writeAtom(ref.node());
                out.writeInt(ref.creation());
                for (int i = 0; i < ref.idCount(); i++) {
                    out.writeInt(ref.id(i));
                }
            } else if (term instanceof Float64 number) {
                out.writeByte(NEW_FLOAT_EXT);
                out.writeLong(Double.doubleToRawLongBits(number.value()));
            } else if (term instanceof Port port) {
                writePort(port);
            } else if (term instanceof BitString bits) {
                out.writeByte(BIT_BINARY_EXT);
                out.writeInt(bits.byteCount());
                out.writeByte(bits.tailBits());
                out.writeBytes(bits.bytes());
            } else if (term instanceof ExternalFun fun) {
                out.writeByte(EXPORT_EXT);
                writeAtom(fun.module());
                writeAtom(fun.function());
                out.writeByte(SMALL_INTEGER_EXT);
                out.writeByte(fun.arity());
            } else if (term instanceof Fun fun) {
                out.writeBytes(fun.encoded());
            } else if (term instanceof LocalTerm) {
                throw new IllegalArgumentException(
                        "a LocalTerm can only be encoded as the outermost term: LOCAL_EXT runs to the end of the"
                                + " input");
            } else {
                throw new IllegalArgumentException(
                        "unknown term type " + term.getClass().getName());
            }
        }

        private void writeAtom(Atom atom) {
            int length = atom.utf8Length();
            if (length <= 255) {
                out.writeByte(SMALL_ATOM_UTF8_EXT);
                out.writeByte(length);
            } else {
                out.writeByte(ATOM_UTF8_EXT);
                out.writeShort(length);
            }
            out.writeCharSequence(atom.name(), StandardCharsets.UTF_8);
        }

        private void writeInt(Int integer) {
            if (!integer.isLong()) {
                writeBig(integer.bigValue());
                return;
            }
            long value = integer.longValue();
            if (value >= 0 && value <= 255) {
                out.writeByte(SMALL_INTEGER_EXT);
                out.writeByte((int) value);
            } else if (value == (int) value) {
                out.writeByte(INTEGER_EXT);
                out.writeInt((int) value);
            } else {
                // |Long.MIN_VALUE| is 2^63, which the unsigned shifts below read correctly
                long magnitude = value < 0 ? -value : value;
                int digits = (Long.SIZE - Long.numberOfLeadingZeros(magnitude) + 7) / 8;
                out.writeByte(SMALL_BIG_EXT);
                out.writeByte(digits);
                out.writeByte(value < 0 ? 1 : 0);
                for (int i = 0; i < digits; i++) {
                    out.writeByte((int) (magnitude >>> (8 * i)));
                }
            }
        }

        private void writeBig(BigInteger value) {
            byte[] magnitude = value.abs().toByteArray(); // big-endian, maybe with a leading 0
            int skip = magnitude[0] == 0 ? 1 : 0;
            int digits = magnitude.length - skip;
            if (digits <= 255) {
                out.writeByte(SMALL_BIG_EXT);
                out.writeByte(digits);
            } else {
                out.writeByte(LARGE_BIG_EXT);
                out.writeInt(digits);
            }
            out.writeByte(value.signum() < 0 ? 1 : 0);
            for (int i = magnitude.length - 1; i >= skip; i--) {
                out.writeByte(magnitude[i]);
            }
        }

        private void writeTuple(Tuple tuple) {
            int size = tuple.size();
            if (size <= 255) {
                out.writeByte(SMALL_TUPLE_EXT);
                out.writeByte(size);
            } else {
                out.writeByte(LARGE_TUPLE_EXT);
                out.writeInt(size);
            }
            if (size > 0) {
                push(TUPLE).tuple = tuple;
            }
        }

        private void writeList(TermList list) {
            if (list.isEmpty()) {
                out.writeByte(NIL_EXT);
            } else if (isByteString(list)) {
                out.writeByte(STRING_EXT);
                out.writeShort(list.size());
                for (int i = 0; i < list.size(); i++) {
                    out.writeByte((int) ((Int) list.get(i)).longValue());
                }
            } else {
                out.writeByte(LIST_EXT);
                out.writeInt(list.size());
                push(LIST).list = list;
            }
        }

        private static boolean isByteString(TermList list) {
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

        private void writeMap(TermMap map) {
            out.writeByte(MAP_EXT);
            out.writeInt(map.size());
            if (map.isEmpty()) {
                return;
            }
            Iterator<Map.Entry<Term, Term>> entries = map.size() <= MAX_ORDERED_MAP_SIZE && !isSorted(map)
                    ? TermOrder.sortedEntries(map).iterator()
                    : map.entrySet().iterator();
            push(MAP).entries = entries;
        }

        private static boolean isSorted(TermMap map) {
            Term previous = null;
            for (Map.Entry<Term, Term> entry : map.entrySet()) {
                if (previous != null && TermOrder.MAP_KEYS.compare(previous, entry.getKey()) > 0) {
                    return false;
                }
                previous = entry.getKey();
            }
            return true;
        }

        private void writePort(Port port) {
            if (Long.compareUnsigned(port.id(), MAX_NEW_PORT_ID) <= 0) {
                out.writeByte(NEW_PORT_EXT);
                writeAtom(port.node());
                out.writeInt((int) port.id());
            } else {
                out.writeByte(V4_PORT_EXT);
                writeAtom(port.node());
                out.writeLong(port.id());
            }
            out.writeInt(port.creation());
        }
    }
}

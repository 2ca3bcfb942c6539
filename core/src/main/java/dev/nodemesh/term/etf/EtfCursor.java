package dev.nodemesh.term.etf;

import dev.nodemesh.term.Atom;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;

/**
 * The input of one decode and the position in it: the bytes (an array, or a buffer), where they
 * end, the bytes that the containers still open need ({@link #pending}), and the checked reads
 * every reader goes through. It also makes the errors, so that every message names its offset the
 * same way.
 *
 * <p>Every length is checked before anything is allocated against the bytes that remain minus
 * {@link #pending}, the number of terms that open containers still expect (each needs at least
 * one byte). So the element arrays of all open containers together never exceed the input size,
 * however the containers nest.
 *
 * <p>{@link EtfReader} extends the cursor, so that a decode is one object; the leaf readers take
 * it as a parameter. {@link #pos} and {@link #pending} are fields, not accessors, because the fast
 * reader moves them on every term; only the readers of this package touch them.
 */
abstract class EtfCursor {

    /** Reads a big-endian {@code int} from a byte array. */
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /** Reads a big-endian {@code long} from a byte array. */
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** The input array, or null for buffer input; index {@code i} is at {@code array[arrayOffset + i]}. */
    final byte[] array;

    final int arrayOffset;
    /** The index of offset 0. */
    final int base;
    /** The index after the last byte the term may use. */
    final int end;

    final EtfLimits limits;
    private final boolean cutByLimit;
    private final String where;

    /** The input as a buffer; for array input made only when the iterative reader needs it. */
    private ByteBuffer in;

    /**
     * The atoms of the distribution header the term follows, which {@code ATOM_CACHE_REF} indexes;
     * null when there is no header, and then every {@code ATOM_CACHE_REF} is an error.
     */
    Atom[] atomRefs;

    int atomRefCount;

    /** The index of the next byte to read. */
    int pos;

    /** How many terms the open containers still expect, each needing at least one byte. */
    int pending;

    /**
     * A cursor over {@code in} from {@code start} to {@code end}.
     *
     * @param cutByLimit whether {@code end} was set by {@link EtfLimits#maxTermBytes()} before the
     *     end of the readable bytes
     * @param where appended to offsets in messages, such as {@code " of the decompressed data"}
     */
    EtfCursor(ByteBuffer in, int start, int end, boolean cutByLimit, String where, EtfLimits limits) {
        this.in = in;
        this.array = null;
        this.arrayOffset = 0;
        this.base = start;
        this.pos = start;
        this.end = end;
        this.cutByLimit = cutByLimit;
        this.where = where;
        this.limits = limits;
    }

    /**
     * A cursor over {@code length} bytes of {@code array} from {@code offset}; offsets and indexes
     * then count from {@code offset}.
     */
    EtfCursor(byte[] array, int offset, int length, boolean cutByLimit, String where, EtfLimits limits) {
        this.in = null;
        this.array = array;
        this.arrayOffset = offset;
        this.base = 0;
        this.pos = 0;
        this.end = length;
        this.cutByLimit = cutByLimit;
        this.where = where;
        this.limits = limits;
    }

    /**
     * Returns the input as a buffer, made on first use for array input; the iterative reader and
     * the leaf readers read buffers only.
     */
    ByteBuffer buffer() {
        if (in == null) {
            in = ByteBuffer.wrap(array, arrayOffset, end).slice();
        }
        return in;
    }

    /** Whether {@link #end} was set by {@link EtfLimits#maxTermBytes()}. */
    boolean cutByLimit() {
        return cutByLimit;
    }

    /** Returns the offset of the current position, for messages. */
    int offset() {
        return pos - base;
    }

    /** Returns the byte at {@code index}, unchecked. */
    int byteAt(int index) {
        return array != null ? (array[arrayOffset + index] & 0xff) : (in.get(index) & 0xff);
    }

    /** Returns the tag at {@code index}, failing when the input ends before it. */
    int tagAt(int index) {
        if (index >= end) {
            throw truncated("a tag", 1, index);
        }
        return byteAt(index);
    }

    /** Reads one unsigned byte of the term whose tag is {@code tag}. */
    int u8(int tag) {
        need(1, tag);
        return (buffer().get(pos++) & 0xff);
    }

    int u16(int tag) {
        return u16(EtfTags.name(tag));
    }

    /** Reads an unsigned 16-bit length, {@code what} naming it in messages. */
    int u16(String what) {
        if (end - pos < 2) {
            throw truncated(what, 2, pos);
        }
        int value = array != null
                ? ((array[arrayOffset + pos] & 0xff) << 8) | (array[arrayOffset + pos + 1] & 0xff)
                : (in.getShort(pos) & 0xffff);
        pos += 2;
        return value;
    }

    long u32(int tag) {
        return u32(EtfTags.name(tag));
    }

    /** Reads an unsigned 32-bit length, {@code what} naming it in messages. */
    long u32(String what) {
        if (end - pos < 4) {
            throw truncated(what, 4, pos);
        }
        long value = (array != null ? (int) INT.get(array, arrayOffset + pos) : in.getInt(pos)) & 0xffffffffL;
        pos += 4;
        return value;
    }

    /** Checks that {@code bytes} more bytes of the term whose tag is {@code tag} remain. */
    void need(int bytes, int tag) {
        if (end - pos < bytes) {
            throw truncated(EtfTags.name(tag), bytes, pos);
        }
    }

    /** Checks that a byte length fits in what remains, before the bytes are allocated. */
    void requireBytes(long length, String what, int start) {
        long available = (long) end - pos - pending;
        if (length > available) {
            throw failure(what + " length " + length + " exceeds the " + remaining(available), start);
        }
    }

    /**
     * Checks that a container of {@code count} elements, needing at least {@code minBytes} more
     * bytes, fits in what remains, before its element array is allocated.
     */
    void requireElements(long count, long minBytes, String what, int start) {
        long available = (long) end - pos - pending;
        if (minBytes > available) {
            throw failure(
                    what + " length " + count + " needs at least " + minBytes + " more bytes, more than the "
                            + remaining(available),
                    start);
        }
    }

    /** Copies {@code length} bytes at {@code index}, unchecked. */
    byte[] bytes(int index, int length) {
        byte[] bytes = new byte[length];
        buffer().get(index, bytes);
        return bytes;
    }

    /** Decodes {@code length} bytes at {@code index}, unchecked. */
    String text(int index, int length, Charset charset) {
        return new String(bytes(index, length), charset);
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

    EtfDecodeException truncated(String what, int bytes, int at) {
        String text = "truncated input: " + what + " needs " + bytes + (bytes == 1 ? " more byte" : " more bytes")
                + " but only " + (end - at) + " remain";
        if (cutByLimit) {
            text += " within the limit of " + limits.maxTermBytes() + " bytes (EtfLimits.maxTermBytes)";
        }
        return failure(text, at);
    }

    /** The error for {@code problem} at {@code index}, which messages show as an offset. */
    EtfDecodeException failure(String problem, int index) {
        return new EtfDecodeException(problem, index - base, where);
    }
}

package dev.nodemesh.term;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Erlang binary: a sequence of bytes, which Elixir also uses for strings ({@code "hello"}).
 *
 * <p>A binary is immutable. {@link #of(byte[])} copies its input; {@link #wrap(byte[])} and
 * {@link #view(ByteBuffer)} do not, and are for callers that hand over memory nobody changes
 * afterwards (decoders use them to avoid copying large payloads).
 *
 * <p>Most binaries hold a range of a {@code byte[]}; a view of direct (off-heap) memory holds a
 * {@link ByteBuffer}. Equality and hash codes depend only on the bytes.
 */
public final class Binary implements Term {

    private static final byte[] NO_BYTES = new byte[0];

    /** The empty binary {@code ""}. */
    public static final Binary EMPTY = new Binary(NO_BYTES, 0, 0, null);

    /** The bytes, when they live in an array; null for a view of direct memory. */
    private final byte[] array;

    private final int offset;
    private final int length;
    /** The bytes, when they live in direct memory (position 0, limit = length); else null. */
    private final ByteBuffer direct;

    private int hash;

    private Binary(byte[] array, int offset, int length, ByteBuffer direct) {
        this.array = array;
        this.offset = offset;
        this.length = length;
        this.direct = direct;
    }

    /**
     * Returns a binary holding a copy of {@code bytes}.
     *
     * @param bytes the bytes
     * @return the binary
     */
    public static Binary of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Binary(bytes.clone(), 0, bytes.length, null);
    }

    /**
     * Returns the UTF-8 binary of {@code text}: Elixir's representation of a string.
     *
     * @param text the text
     * @return the binary
     */
    public static Binary of(String text) {
        return wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns a binary over {@code bytes} without copying them; the caller must not change the
     * array afterwards.
     *
     * @param bytes the bytes
     * @return the binary
     */
    public static Binary wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Binary(bytes, 0, bytes.length, null);
    }

    /**
     * Returns a binary over {@code length} bytes of {@code bytes} from {@code offset}, without
     * copying; the caller must not change that range afterwards.
     *
     * @param bytes the array
     * @param offset the first byte
     * @param length how many bytes
     * @return the binary
     */
    public static Binary wrap(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return length == 0 ? EMPTY : new Binary(bytes, offset, length, null);
    }

    /**
     * Returns a binary over the remaining bytes of {@code buffer} (heap or direct), without
     * copying. The memory must stay valid and unchanged for as long as the binary is used.
     *
     * @param buffer the bytes from its position to its limit
     * @return the binary
     */
    public static Binary view(ByteBuffer buffer) {
        int length = buffer.remaining();
        if (length == 0) {
            return EMPTY;
        }
        if (buffer.hasArray()) {
            return new Binary(buffer.array(), buffer.arrayOffset() + buffer.position(), length, null);
        }
        return new Binary(null, 0, length, buffer.slice());
    }

    /**
     * Returns the number of bytes.
     *
     * @return the size
     */
    public int size() {
        return length;
    }

    /**
     * Returns one byte.
     *
     * @param index zero-based position
     * @return the byte
     */
    public byte byteAt(int index) {
        Objects.checkIndex(index, length);
        return array != null ? array[offset + index] : direct.get(index);
    }

    /**
     * Returns a copy of the bytes.
     *
     * @return a new array
     */
    public byte[] toByteArray() {
        byte[] copy = new byte[length];
        copyTo(copy, 0);
        return copy;
    }

    /**
     * Copies the bytes into {@code target}.
     *
     * @param target the array to write into
     * @param targetOffset where the first byte goes
     */
    public void copyTo(byte[] target, int targetOffset) {
        if (array != null) {
            System.arraycopy(array, offset, target, targetOffset, length);
        } else {
            direct.get(0, target, targetOffset, length);
        }
    }

    /**
     * Copies the bytes into {@code target} at {@code index}, without moving the buffer's position.
     *
     * @param target the buffer to write into
     * @param index where the first byte goes
     */
    public void copyTo(ByteBuffer target, int index) {
        if (array != null) {
            target.put(index, array, offset, length);
        } else {
            target.put(index, direct, 0, length);
        }
    }

    /**
     * Returns a read-only view of the bytes, positioned at 0; no copy is made.
     *
     * @return a read-only buffer
     */
    public ByteBuffer asReadOnlyBuffer() {
        return array != null
                ? ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer()
                : direct.asReadOnlyBuffer();
    }

    /**
     * Tells whether the bytes are valid UTF-8, that is, whether Elixir sees a string.
     *
     * @return whether the binary is a valid UTF-8 string
     */
    public boolean isUtf8() {
        return Utf8.codePoints(asBuffer(), 0, length) >= 0;
    }

    /**
     * Decodes the bytes as UTF-8.
     *
     * @return the text; malformed input is replaced by U+FFFD
     */
    public String utf8() {
        return array != null
                ? new String(array, offset, length, StandardCharsets.UTF_8)
                : StandardCharsets.UTF_8.decode(direct.duplicate()).toString();
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Binary that) || that.length != length) {
            return false;
        }
        if (array != null && that.array != null) {
            return Arrays.equals(array, offset, offset + length, that.array, that.offset, that.offset + length);
        }
        return asBuffer().equals(that.asBuffer());
    }

    private ByteBuffer asBuffer() {
        return array != null ? ByteBuffer.wrap(array, offset, length).slice() : direct;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && length > 0) {
            h = 1;
            for (int i = 0; i < length; i++) {
                h = 31 * h + (array != null ? array[offset + i] : direct.get(i));
            }
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }
}

package dev.nodemesh.term;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An Erlang binary: a sequence of bytes, which Elixir also uses for strings ({@code "hello"}).
 *
 * <p>A binary is immutable. {@link #of(byte[])} copies its input; {@link #wrap(byte[])} and
 * {@link #view(ByteBuffer)} do not, and are for callers that hand over memory nobody changes
 * afterwards (decoders use them to avoid copying large payloads).
 */
public final class Binary implements Term {

    /** The empty binary {@code ""}. */
    public static final Binary EMPTY = new Binary(ByteBuffer.allocate(0));

    private final ByteBuffer data;

    private Binary(ByteBuffer data) {
        this.data = data;
    }

    /**
     * Returns a binary holding a copy of {@code bytes}.
     *
     * @param bytes the bytes
     * @return the binary
     */
    public static Binary of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Binary(ByteBuffer.wrap(bytes.clone()));
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
        return bytes.length == 0 ? EMPTY : new Binary(ByteBuffer.wrap(bytes));
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
        return length == 0
                ? EMPTY
                : new Binary(ByteBuffer.wrap(bytes, offset, length).slice());
    }

    /**
     * Returns a binary over the remaining bytes of {@code buffer} (heap or direct), without
     * copying. The memory must stay valid and unchanged for as long as the binary is used.
     *
     * @param buffer the bytes from its position to its limit
     * @return the binary
     */
    public static Binary view(ByteBuffer buffer) {
        return buffer.remaining() == 0 ? EMPTY : new Binary(buffer.slice());
    }

    /**
     * Returns the number of bytes.
     *
     * @return the size
     */
    public int size() {
        return data.limit();
    }

    /**
     * Returns one byte.
     *
     * @param index zero-based position
     * @return the byte
     */
    public byte byteAt(int index) {
        return data.get(index);
    }

    /**
     * Returns a copy of the bytes.
     *
     * @return a new array
     */
    public byte[] toByteArray() {
        byte[] copy = new byte[data.limit()];
        data.get(0, copy);
        return copy;
    }

    /**
     * Copies the bytes into {@code target}.
     *
     * @param target the array to write into
     * @param offset where the first byte goes
     */
    public void copyTo(byte[] target, int offset) {
        data.get(0, target, offset, data.limit());
    }

    /**
     * Copies the bytes into {@code target} at {@code index}, without moving the buffer's position.
     *
     * @param target the buffer to write into
     * @param index where the first byte goes
     */
    public void copyTo(ByteBuffer target, int index) {
        target.put(index, data, 0, data.limit());
    }

    /**
     * Returns a read-only view of the bytes, positioned at 0; no copy is made.
     *
     * @return a read-only buffer
     */
    public ByteBuffer asReadOnlyBuffer() {
        return data.asReadOnlyBuffer();
    }

    /**
     * Tells whether the bytes are valid UTF-8, that is, whether Elixir sees a string.
     *
     * @return whether the binary is a valid UTF-8 string
     */
    public boolean isUtf8() {
        return Utf8.isValid(data);
    }

    /**
     * Decodes the bytes as UTF-8.
     *
     * @return the text; malformed input is replaced by U+FFFD
     */
    public String utf8() {
        return StandardCharsets.UTF_8.decode(data.duplicate()).toString();
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof Binary binary && data.equals(binary.data));
    }

    @Override
    public int hashCode() {
        return data.hashCode();
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }
}

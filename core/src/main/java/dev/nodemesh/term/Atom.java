package dev.nodemesh.term;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An Erlang atom: a constant name such as {@code ok}, {@code :hello} in Elixir, or the
 * Elixir module {@code Elixir.MyApp.Greeter}.
 *
 * <p>Erlang limits an atom to {@value #MAX_LENGTH} characters; {@link #of(String)} enforces the
 * same limit. Elixir's {@code true}, {@code false} and {@code nil} are the atoms {@link #TRUE},
 * {@link #FALSE} and {@link #NIL}.
 */
public final class Atom implements Term, Comparable<Atom> {

    /** The longest atom Erlang accepts, in characters (code points). */
    public static final int MAX_LENGTH = 255;

    /** The atom {@code true}. */
    public static final Atom TRUE = new Atom("true");

    /** The atom {@code false}. */
    public static final Atom FALSE = new Atom("false");

    /** The atom {@code nil}, Elixir's null. */
    public static final Atom NIL = new Atom("nil");

    /** The atom {@code undefined}, Erlang's usual "no value". */
    public static final Atom UNDEFINED = new Atom("undefined");

    /** The atom {@code ok}. */
    public static final Atom OK = new Atom("ok");

    /** The atom {@code error}. */
    public static final Atom ERROR = new Atom("error");

    /** The empty atom {@code ''}, used by distribution control messages for unused fields. */
    public static final Atom EMPTY = new Atom("");

    private final String name;
    private byte[] utf8;

    private Atom(String name) {
        this.name = name;
    }

    /**
     * Returns the atom with the given name.
     *
     * @param name the atom's text, at most {@value #MAX_LENGTH} characters
     * @return the atom
     * @throws IllegalArgumentException if the name is longer than Erlang allows
     */
    public static Atom of(String name) {
        if (name == null) {
            throw new IllegalArgumentException("atom name must not be null");
        }
        switch (name) {
            case "true":
                return TRUE;
            case "false":
                return FALSE;
            case "nil":
                return NIL;
            case "ok":
                return OK;
            case "error":
                return ERROR;
            case "undefined":
                return UNDEFINED;
            case "":
                return EMPTY;
            default:
                break;
        }
        if (name.length() > MAX_LENGTH && name.codePointCount(0, name.length()) > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "atom is longer than " + MAX_LENGTH + " characters: " + name.substring(0, 32) + "...");
        }
        return new Atom(name);
    }

    /**
     * Returns {@link #TRUE} or {@link #FALSE}.
     *
     * @param value the boolean
     * @return the matching atom
     */
    public static Atom of(boolean value) {
        return value ? TRUE : FALSE;
    }

    /**
     * Returns the atom's text.
     *
     * @return the name, without quotes or a leading colon
     */
    public String name() {
        return name;
    }

    /**
     * Returns the number of bytes of the atom's UTF-8 encoding.
     *
     * @return the encoded length
     */
    public int utf8Length() {
        return utf8().length;
    }

    /**
     * Copies the atom's UTF-8 encoding into {@code target}.
     *
     * @param target the array to write into
     * @param offset where the first byte goes
     */
    public void copyUtf8(byte[] target, int offset) {
        byte[] bytes = utf8();
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    /**
     * Writes the atom's UTF-8 encoding into {@code target} at {@code index}, without moving the
     * buffer's position; encoders use this to avoid re-encoding the name.
     *
     * @param target the buffer to write into
     * @param index where the first byte goes
     */
    public void writeUtf8(ByteBuffer target, int index) {
        target.put(index, utf8());
    }

    byte[] utf8() {
        byte[] bytes = utf8;
        if (bytes == null) {
            bytes = name.getBytes(StandardCharsets.UTF_8);
            utf8 = bytes;
        }
        return bytes;
    }

    /**
     * Tells whether this is {@code true} or {@code false}.
     *
     * @return whether the atom is a boolean
     */
    public boolean isBoolean() {
        // Atom.of returns the TRUE and FALSE constants for these names
        return this == TRUE || this == FALSE;
    }

    @Override
    public int compareTo(Atom other) {
        return TermOrder.compareText(name, other.name);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof Atom atom && atom.name.equals(name));
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }
}

package dev.nodemesh.term;

import java.util.Arrays;
import java.util.Objects;

/**
 * A local fun (closure) from a BEAM node, kept as the opaque bytes of its {@code NEW_FUN_EXT}
 * encoding so that it can be passed back unchanged. nodemesh never executes it.
 *
 * <p>iex prints one as {@code #Function<index.uniq/arity in :module>}.
 */
public final class Fun implements Term {

    private final byte[] encoded;
    private final Atom module;
    private final int arity;
    private final long oldIndex;
    private final long oldUniq;

    private Fun(byte[] encoded, Atom module, int arity, long oldIndex, long oldUniq) {
        this.encoded = encoded;
        this.module = module;
        this.arity = arity;
        this.oldIndex = oldIndex;
        this.oldUniq = oldUniq;
    }

    /**
     * Returns a fun from its encoding; used by the decoder.
     *
     * @param encoded the whole {@code NEW_FUN_EXT}, from its tag byte (112) to its last free
     *     variable
     * @param module the defining module
     * @param arity the number of arguments
     * @param oldIndex the fun's index in the module
     * @param oldUniq the hash of the fun's code
     * @return the fun
     */
    public static Fun of(byte[] encoded, Atom module, int arity, long oldIndex, long oldUniq) {
        Objects.requireNonNull(module, "module");
        if (encoded.length == 0 || encoded[0] != 112) {
            throw new IllegalArgumentException("a fun's encoding starts with NEW_FUN_EXT (112)");
        }
        return new Fun(encoded.clone(), module, arity, oldIndex, oldUniq);
    }

    /**
     * Returns the encoding, from the tag byte on.
     *
     * @return a copy of the bytes
     */
    public byte[] encoded() {
        return encoded.clone();
    }

    /**
     * Returns the size of the encoding in bytes.
     *
     * @return the length of {@link #encoded()}
     */
    public int encodedLength() {
        return encoded.length;
    }

    /**
     * Copies the encoding into {@code target}.
     *
     * @param target the array to write into
     * @param offset where the first byte goes
     */
    public void copyEncoded(byte[] target, int offset) {
        System.arraycopy(encoded, 0, target, offset, encoded.length);
    }

    /**
     * Returns the module that defines the fun.
     *
     * @return the module atom
     */
    public Atom module() {
        return module;
    }

    /**
     * Returns the number of arguments the fun takes.
     *
     * @return the arity
     */
    public int arity() {
        return arity;
    }

    /**
     * Returns the fun's index in its module.
     *
     * @return the old index
     */
    public long oldIndex() {
        return oldIndex;
    }

    /**
     * Returns the hash of the fun's code.
     *
     * @return the old uniq
     */
    public long oldUniq() {
        return oldUniq;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof Fun fun && Arrays.equals(encoded, fun.encoded));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }
}

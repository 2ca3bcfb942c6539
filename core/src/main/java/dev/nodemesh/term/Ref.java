package dev.nodemesh.term;

import java.util.Arrays;
import java.util.Objects;

/**
 * A reference: a node-unique value from {@code make_ref()}, used to tag monitors and calls.
 * Printed by iex as {@code #Reference<0.1234.5678.90>}.
 *
 * <p>A reference holds 1 to 5 unsigned 32-bit id words (OTP 25 uses 3; OTP 26 up to 5).
 */
public final class Ref implements Term {

    /** The most id words a reference may have on the wire. */
    public static final int MAX_IDS = 5;

    private final Atom node;
    private final int creation;
    private final int[] ids;

    private Ref(Atom node, int creation, int[] ids) {
        this.node = node;
        this.creation = creation;
        this.ids = ids;
    }

    /**
     * Returns a reference.
     *
     * @param node the node that made it
     * @param creation that node's incarnation
     * @param ids 1 to {@value #MAX_IDS} id words, least significant first as on the wire
     * @return the reference
     */
    public static Ref of(Atom node, int creation, int... ids) {
        Objects.requireNonNull(node, "node");
        if (ids.length < 1 || ids.length > MAX_IDS) {
            throw new IllegalArgumentException("a reference has 1 to " + MAX_IDS + " id words, got " + ids.length);
        }
        return new Ref(node, creation, ids.clone());
    }

    /**
     * Returns the node that made this reference.
     *
     * @return the node name
     */
    public Atom node() {
        return node;
    }

    /**
     * Returns the creation of the node that made this reference.
     *
     * @return the creation
     */
    public int creation() {
        return creation;
    }

    /**
     * Returns the number of id words.
     *
     * @return 1 to {@value #MAX_IDS}
     */
    public int idCount() {
        return ids.length;
    }

    /**
     * Returns one id word.
     *
     * @param index zero-based, least significant first
     * @return the word
     */
    public int id(int index) {
        return ids[index];
    }

    /**
     * Returns the id words.
     *
     * @return a copy, least significant first
     */
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public boolean equals(Object other) {
        return this == other
                || (other instanceof Ref ref
                        && creation == ref.creation
                        && node.equals(ref.node)
                        && Arrays.equals(ids, ref.ids));
    }

    @Override
    public int hashCode() {
        return (node.hashCode() * 31 + creation) * 31 + Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }
}

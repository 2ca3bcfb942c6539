package dev.nodemesh.term;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An Erlang tuple: a fixed number of terms, such as {@code {:ok, 42}}.
 */
public final class Tuple implements Term {

    private static final Tuple EMPTY = new Tuple(new Term[0]);

    private final Term[] elements;

    private Tuple(Term[] elements) {
        this.elements = elements;
    }

    /**
     * Returns a tuple of the given elements.
     *
     * @param elements the elements, none of them null
     * @return the tuple
     */
    public static Tuple of(Term... elements) {
        return elements.length == 0 ? EMPTY : new Tuple(checked(elements.clone()));
    }

    /**
     * Returns a tuple of the given elements.
     *
     * @param elements the elements, none of them null
     * @return the tuple
     */
    public static Tuple of(List<? extends Term> elements) {
        return elements.isEmpty() ? EMPTY : new Tuple(checked(elements.toArray(new Term[0])));
    }

    /**
     * Returns a tuple that takes ownership of {@code elements} without copying. The caller must
     * not change the array afterwards; decoders use this to avoid a copy.
     *
     * @param elements the elements, none of them null
     * @return the tuple
     */
    public static Tuple wrap(Term[] elements) {
        return elements.length == 0 ? EMPTY : new Tuple(checked(elements));
    }

    private static Term[] checked(Term[] elements) {
        for (Term element : elements) {
            Objects.requireNonNull(element, "tuple elements must not be null");
        }
        return elements;
    }

    /**
     * Returns the number of elements.
     *
     * @return the arity
     */
    public int size() {
        return elements.length;
    }

    /**
     * Returns one element.
     *
     * @param index zero-based position
     * @return the element
     * @throws IndexOutOfBoundsException if there is no such element
     */
    public Term get(int index) {
        return elements[index];
    }

    /**
     * Returns the elements as an unmodifiable list.
     *
     * @return the elements
     */
    public List<Term> elements() {
        return List.of(elements);
    }

    /**
     * Tells whether the tuple has the given size and starts with the given atom, as tagged tuples
     * such as {@code {:DOWN, ref, :process, pid, reason}} do.
     *
     * @param tag the first element
     * @param size the arity
     * @return whether the tuple matches
     */
    public boolean isTagged(Atom tag, int size) {
        return elements.length == size && size > 0 && elements[0].equals(tag);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof Tuple tuple && Arrays.equals(elements, tuple.elements));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(elements);
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }
}

package dev.nodemesh.term;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An Erlang list: proper ({@code [1, 2, 3]}, ending in the empty list) or improper
 * ({@code [1 | 2]}, ending in any other term).
 *
 * <p>Charlists are lists of integers: {@link #charlist(String)} builds one from text and
 * {@link #isCharlist()} recognises one. A list given a list as its tail is flattened, so
 * {@code [1 | [2]]} equals {@code [1, 2]}, as in Erlang.
 */
public final class TermList implements Term {

    /** The empty list {@code []}, Erlang's nil. */
    public static final TermList EMPTY = new TermList(new Term[0], null);

    private final Term[] elements;
    private final Term tail;

    private TermList(Term[] elements, Term tail) {
        this.elements = elements;
        this.tail = tail;
    }

    /**
     * Returns the proper list of the given elements.
     *
     * @param elements the elements, none of them null
     * @return the list
     */
    public static TermList of(Term... elements) {
        return elements.length == 0 ? EMPTY : new TermList(checked(elements.clone()), null);
    }

    /**
     * Returns the proper list of the given elements.
     *
     * @param elements the elements, none of them null
     * @return the list
     */
    public static TermList of(List<? extends Term> elements) {
        return elements.isEmpty() ? EMPTY : new TermList(checked(elements.toArray(new Term[0])), null);
    }

    /**
     * Returns a proper list that takes ownership of {@code elements} without copying. The caller
     * must not change the array afterwards; decoders use this to avoid a copy.
     *
     * @param elements the elements, none of them null
     * @return the list
     */
    public static TermList wrap(Term[] elements) {
        return elements.length == 0 ? EMPTY : new TermList(checked(elements), null);
    }

    /**
     * Returns the list {@code [e1, e2, ... | tail]}. A list tail is flattened into the result; any
     * other tail makes the list improper.
     *
     * @param elements the leading elements
     * @param tail what the last cons cell points to
     * @return the list
     */
    public static TermList improper(List<? extends Term> elements, Term tail) {
        return improper(elements.toArray(new Term[0]), tail);
    }

    /**
     * Like {@link #improper(List, Term)}, taking ownership of the array without copying.
     *
     * @param elements the leading elements, none of them null
     * @param tail what the last cons cell points to
     * @return the list
     */
    public static TermList improper(Term[] elements, Term tail) {
        Objects.requireNonNull(tail, "tail must not be null");
        checked(elements);
        if (tail instanceof TermList list) {
            if (elements.length == 0) {
                return list;
            }
            Term[] joined = Arrays.copyOf(elements, elements.length + list.elements.length);
            System.arraycopy(list.elements, 0, joined, elements.length, list.elements.length);
            return new TermList(joined, list.tail);
        }
        if (elements.length == 0) {
            throw new IllegalArgumentException("a list needs at least one element before a non-list tail");
        }
        return new TermList(elements, tail);
    }

    /**
     * Returns the charlist of the given text: one integer per Unicode code point, as Elixir's
     * {@code ~c"..."} and Erlang's {@code "..."} produce.
     *
     * @param text the text
     * @return the list of code points
     */
    public static TermList charlist(String text) {
        return wrap(text.codePoints().mapToObj(Int::of).toArray(Term[]::new));
    }

    private static Term[] checked(Term[] elements) {
        for (Term element : elements) {
            Objects.requireNonNull(element, "list elements must not be null");
        }
        return elements;
    }

    /**
     * Returns the number of elements before the tail.
     *
     * @return the length of a proper list
     */
    public int size() {
        return elements.length;
    }

    /**
     * Tells whether this is the empty list.
     *
     * @return whether the list is {@code []}
     */
    public boolean isEmpty() {
        return elements.length == 0;
    }

    /**
     * Tells whether the list ends in the empty list.
     *
     * @return whether the list is proper
     */
    public boolean isProper() {
        return tail == null;
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
     * Returns the elements before the tail, as an unmodifiable list.
     *
     * @return the elements
     */
    public List<Term> elements() {
        return List.of(elements);
    }

    /**
     * Returns what the last cons cell points to: {@link #EMPTY} for a proper list.
     *
     * @return the tail
     */
    public Term tail() {
        return tail == null ? EMPTY : tail;
    }

    /**
     * Tells whether this is a non-empty proper list of Unicode code points.
     *
     * @return whether the list is a charlist
     */
    public boolean isCharlist() {
        if (tail != null || elements.length == 0) {
            return false;
        }
        for (Term element : elements) {
            if (!(element instanceof Int i) || !i.isInt() || !Character.isValidCodePoint(i.intValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the text of a charlist.
     *
     * @return the characters
     * @throws IllegalStateException if {@link #isCharlist()} is false
     */
    public String charlistText() {
        if (!isCharlist()) {
            throw new IllegalStateException("not a charlist: " + this);
        }
        StringBuilder text = new StringBuilder(elements.length);
        for (Term element : elements) {
            text.appendCodePoint(((Int) element).intValue());
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return this == other
                || (other instanceof TermList list
                        && Arrays.equals(elements, list.elements)
                        && Objects.equals(tail, list.tail));
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(elements) + Objects.hashCode(tail);
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }
}

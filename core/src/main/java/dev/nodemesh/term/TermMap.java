package dev.nodemesh.term;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An Erlang map, such as {@code %{name: "chip", age: 3}}.
 *
 * <p>Keys compare by exact equality, so {@code 1} and {@code 1.0} are different keys. Iteration
 * keeps the order in which entries were added (or decoded); equality ignores order.
 */
public final class TermMap implements Term {

    /** The empty map {@code %{}}. */
    public static final TermMap EMPTY = new TermMap(Map.of());

    private final Map<Term, Term> entries;

    private TermMap(Map<Term, Term> entries) {
        this.entries = entries;
    }

    /**
     * Returns a map with the given entries, in the given order.
     *
     * @param entries the entries, no key or value null
     * @return the map
     */
    public static TermMap of(Map<? extends Term, ? extends Term> entries) {
        if (entries.isEmpty()) {
            return EMPTY;
        }
        LinkedHashMap<Term, Term> copy = new LinkedHashMap<>(capacity(entries.size()));
        entries.forEach((key, value) -> copy.put(
                Objects.requireNonNull(key, "map keys must not be null"),
                Objects.requireNonNull(value, "map values must not be null")));
        return new TermMap(Collections.unmodifiableMap(copy));
    }

    /**
     * Returns a map of alternating keys and values: {@code TermMap.of(k1, v1, k2, v2)}.
     *
     * @param keysAndValues an even number of terms
     * @return the map
     */
    public static TermMap of(Term... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected keys and values in pairs, got " + keysAndValues.length);
        }
        Builder builder = builder();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            builder.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return builder.build();
    }

    /**
     * Starts a map.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder(16);
    }

    /**
     * Starts a map that will hold about {@code expectedSize} entries.
     *
     * @param expectedSize how many entries to make room for
     * @return an empty builder
     */
    public static Builder builder(int expectedSize) {
        return new Builder(capacity(Math.max(0, expectedSize)));
    }

    private static int capacity(int size) {
        return (int) Math.min(Integer.MAX_VALUE, size * 4L / 3 + 1);
    }

    /**
     * Returns the number of entries.
     *
     * @return the size
     */
    public int size() {
        return entries.size();
    }

    /**
     * Tells whether the map has no entries.
     *
     * @return whether the map is empty
     */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * Returns the value under {@code key}.
     *
     * @param key the key
     * @return the value, or null when there is none
     */
    public Term get(Term key) {
        return entries.get(key);
    }

    /**
     * Returns the value under the atom {@code key}, as for Elixir's {@code map.key}.
     *
     * @param key the atom's name
     * @return the value, or null when there is none
     */
    public Term get(String key) {
        return entries.get(Atom.of(key));
    }

    /**
     * Returns the entries, in insertion order, as an unmodifiable map.
     *
     * @return the entries
     */
    public Map<Term, Term> asMap() {
        return entries;
    }

    /**
     * Returns the entries in insertion order.
     *
     * @return the entries, unmodifiable
     */
    public Set<Map.Entry<Term, Term>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof TermMap map && entries.equals(map.entries));
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }

    /** Builds a {@link TermMap}; a later {@code put} of the same key replaces the value. */
    public static final class Builder {

        private final LinkedHashMap<Term, Term> entries;

        private Builder(int capacity) {
            this.entries = new LinkedHashMap<>(capacity);
        }

        /**
         * Adds an entry.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder put(Term key, Term value) {
            entries.put(
                    Objects.requireNonNull(key, "map keys must not be null"),
                    Objects.requireNonNull(value, "map values must not be null"));
            return this;
        }

        /**
         * Adds an entry under an atom key, as Elixir's {@code %{name: value}} does.
         *
         * @param key the atom's name
         * @param value the value
         * @return this builder
         */
        public Builder put(String key, Term value) {
            return put(Atom.of(key), value);
        }

        /**
         * Returns the number of distinct keys so far.
         *
         * @return the size
         */
        public int size() {
            return entries.size();
        }

        /**
         * Returns the map.
         *
         * @return the map; the builder must not be used again
         */
        public TermMap build() {
            return entries.isEmpty() ? EMPTY : new TermMap(Collections.unmodifiableMap(entries));
        }
    }
}

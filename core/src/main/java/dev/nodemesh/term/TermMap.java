package dev.nodemesh.term;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An Erlang map, such as {@code %{name: "chip", age: 3}}.
 *
 * <p>Keys compare by exact equality, so {@code 1} and {@code 1.0} are different keys. Iteration
 * keeps the order in which entries were added (or decoded); equality ignores order.
 *
 * <p>Entries live in two parallel arrays, so walking a map ({@link #keyAt}, {@link #valueAt})
 * touches no per-entry objects; maps of more than {@value #LINEAR_LIMIT} entries also carry an
 * open-addressing index for {@link #get(Term)}.
 */
public final class TermMap implements Term {

    /** Maps up to this size are searched linearly; larger ones through the index. */
    static final int LINEAR_LIMIT = 8;

    private static final Term[] NO_TERMS = new Term[0];

    /** The empty map {@code %{}}. */
    public static final TermMap EMPTY = new TermMap(NO_TERMS, NO_TERMS, 0, null);

    private final Term[] keys;
    private final Term[] values;
    private final int size;
    private final int[] index;

    private TermMap(Term[] keys, Term[] values, int size, int[] index) {
        this.keys = keys;
        this.values = values;
        this.size = size;
        this.index = index;
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
        Builder builder = builder(entries.size());
        entries.forEach(builder::put);
        return builder.build();
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
        Builder builder = builder(keysAndValues.length / 2);
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
        return new Builder(8);
    }

    /**
     * Starts a map that will hold about {@code expectedSize} entries.
     *
     * @param expectedSize how many entries to make room for
     * @return an empty builder
     */
    public static Builder builder(int expectedSize) {
        return new Builder(Math.max(1, expectedSize));
    }

    /**
     * Returns the number of entries.
     *
     * @return the size
     */
    public int size() {
        return size;
    }

    /**
     * Tells whether the map has no entries.
     *
     * @return whether the map is empty
     */
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * Returns the key of the entry at {@code position}, in insertion order.
     *
     * @param position zero-based, less than {@link #size()}
     * @return the key
     */
    public Term keyAt(int position) {
        Objects.checkIndex(position, size);
        return keys[position];
    }

    /**
     * Returns the value of the entry at {@code position}, in insertion order.
     *
     * @param position zero-based, less than {@link #size()}
     * @return the value
     */
    public Term valueAt(int position) {
        Objects.checkIndex(position, size);
        return values[position];
    }

    /**
     * Returns the value under {@code key}.
     *
     * @param key the key
     * @return the value, or null when there is none
     */
    public Term get(Term key) {
        int position = positionOf(keys, size, index, key);
        return position < 0 ? null : values[position];
    }

    /**
     * Returns the value under the atom {@code key}, as for Elixir's {@code map.key}.
     *
     * @param key the atom's name
     * @return the value, or null when there is none
     */
    public Term get(String key) {
        return get(Atom.of(key));
    }

    /**
     * Returns the entries, in insertion order, as an unmodifiable map view.
     *
     * @return the entries
     */
    public Map<Term, Term> asMap() {
        return new MapView();
    }

    /**
     * Returns the entries in insertion order.
     *
     * @return the entries, unmodifiable
     */
    public Set<Map.Entry<Term, Term>> entrySet() {
        return new EntrySetView();
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof TermMap map) || map.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (!values[i].equals(map.get(keys[i]))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        // the java.util.Map contract, so that asMap() agrees
        int hash = 0;
        for (int i = 0; i < size; i++) {
            hash += keys[i].hashCode() ^ values[i].hashCode();
        }
        return hash;
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }

    private static int positionOf(Term[] keys, int size, int[] index, Term key) {
        if (index == null) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }
        int mask = index.length - 1;
        for (int slot = slotOf(key, mask); ; slot = (slot + 1) & mask) {
            int entry = index[slot];
            if (entry == 0) {
                return -1;
            }
            if (keys[entry - 1].equals(key)) {
                return entry - 1;
            }
        }
    }

    private static int slotOf(Term key, int mask) {
        int hash = key.hashCode() * 0x9E3779B9;
        return (hash ^ (hash >>> 16)) & mask;
    }

    /** An index table (slot holds position + 1, 0 = free) at most half full for {@code size} keys. */
    private static int[] indexFor(Term[] keys, int size) {
        int[] index = new int[Integer.highestOneBit(Math.max(4, size) * 2 - 1) << 1];
        int mask = index.length - 1;
        for (int i = 0; i < size; i++) {
            int slot = slotOf(keys[i], mask);
            while (index[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            index[slot] = i + 1;
        }
        return index;
    }

    private final class EntrySetView extends AbstractSet<Map.Entry<Term, Term>> {
        @Override
        public Iterator<Map.Entry<Term, Term>> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < size;
                }

                @Override
                public Map.Entry<Term, Term> next() {
                    if (next >= size) {
                        throw new NoSuchElementException();
                    }
                    int i = next++;
                    return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
                }
            };
        }

        @Override
        public int size() {
            return size;
        }
    }

    private final class MapView extends AbstractMap<Term, Term> {
        @Override
        public Set<Entry<Term, Term>> entrySet() {
            return new EntrySetView();
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Term get(Object key) {
            return key instanceof Term term ? TermMap.this.get(term) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof Term term && positionOf(keys, size, index, term) >= 0;
        }
    }

    /** Builds a {@link TermMap}; a later {@code put} of the same key replaces the value. */
    public static final class Builder {

        private Term[] keys;
        private Term[] values;
        private int size;
        private int[] index;
        private boolean built;

        private Builder(int capacity) {
            this.keys = new Term[capacity];
            this.values = new Term[capacity];
            if (capacity > LINEAR_LIMIT) {
                // sized for the expected entries up front, so it is not rebuilt while they arrive
                this.index = new int[Integer.highestOneBit(capacity * 2 - 1) << 1];
            }
        }

        /**
         * Adds an entry.
         *
         * @param key the key
         * @param value the value
         * @return this builder
         */
        public Builder put(Term key, Term value) {
            putIfAbsent(key, value, true);
            return this;
        }

        /**
         * Adds an entry unless the key is already there; decoders use this to reject duplicates.
         *
         * @param key the key
         * @param value the value
         * @return whether the entry was added (false: the key was present and nothing changed)
         */
        public boolean putIfAbsent(Term key, Term value) {
            return putIfAbsent(key, value, false);
        }

        private boolean putIfAbsent(Term key, Term value, boolean replace) {
            Objects.requireNonNull(key, "map keys must not be null");
            Objects.requireNonNull(value, "map values must not be null");
            if (built) {
                throw new IllegalStateException("this builder has already built its map");
            }
            int existing = positionOf(keys, size, index, key);
            if (existing >= 0) {
                if (replace) {
                    values[existing] = value;
                }
                return false;
            }
            if (size == keys.length) {
                int grown = Math.max(4, 2 * size);
                keys = Arrays.copyOf(keys, grown);
                values = Arrays.copyOf(values, grown);
            }
            keys[size] = key;
            values[size] = value;
            size++;
            if (index != null && 2 * size <= index.length) {
                int mask = index.length - 1;
                int slot = slotOf(key, mask);
                while (index[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                index[slot] = size;
            } else if (size > LINEAR_LIMIT) {
                index = indexFor(keys, size);
            }
            return true;
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
            return size;
        }

        /**
         * Returns the map.
         *
         * @return the map; the builder must not be used again
         */
        public TermMap build() {
            built = true;
            if (size == 0) {
                return EMPTY;
            }
            return new TermMap(keys, values, size, index);
        }
    }
}

package dev.nodemesh.term.etf;

import dev.nodemesh.term.Atom;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A small, fixed-size cache from encoded atom bytes to {@link Atom}s, so that decoding the same
 * atoms over and over allocates nothing.
 *
 * <p>Direct-mapped and bounded: {@value #SLOTS} slots of atoms of at most {@value #MAX_CACHED_BYTES}
 * bytes, a colliding atom replaces the old one. A peer that sends endless new atoms only churns
 * the cache; it never grows (unlike the BEAM's atom table, which such a peer can exhaust). Entries
 * are immutable and published through a plain array store: a racing reader sees either an old
 * entry, the new one or none, all of which are correct.
 *
 * <p>The hash reads eight bytes at a time and is kept in the entry, so a miss costs one hash and
 * one comparison of two ints.
 */
final class AtomTable {

    static final int SLOTS = 1024;
    static final int MAX_CACHED_BYTES = 64;

    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Entry[] slots = new Entry[SLOTS];

    /** A cached atom with the bytes it was decoded from. */
    static final class Entry {
        final int hash;
        final byte[] bytes;
        final long[] words;
        final boolean latin1;
        final int characters;
        final Atom atom;

        Entry(int hash, byte[] bytes, boolean latin1, int characters, Atom atom) {
            this.hash = hash;
            this.bytes = bytes;
            this.words = words(bytes);
            this.latin1 = latin1;
            this.characters = characters;
            this.atom = atom;
        }
    }

    /**
     * Returns the hash under which {@link #find} and {@link #store} file these bytes.
     *
     * @param in the buffer
     * @param index the first byte of the atom text
     * @param length the number of bytes, at most {@value #MAX_CACHED_BYTES}
     * @param latin1 whether the bytes are Latin-1 rather than UTF-8
     * @return the hash
     */
    static int hash(ByteBuffer in, int index, int length, boolean latin1) {
        long h = (latin1 ? 0x5bd1e995L : 0x27d4eb2fL) ^ length;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            h = (h ^ in.getLong(index + i)) * MULTIPLIER;
        }
        for (; i < length; i++) {
            h = (h ^ in.get(index + i)) * MULTIPLIER;
        }
        return (int) (h ^ (h >>> 32));
    }

    /** Like {@link #hash(ByteBuffer, int, int, boolean)}, over an array: the same bytes give the same hash. */
    static int hash(byte[] in, int index, int length, boolean latin1) {
        long h = (latin1 ? 0x5bd1e995L : 0x27d4eb2fL) ^ length;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            h = (h ^ (long) LONG.get(in, index + i)) * MULTIPLIER;
        }
        for (; i < length; i++) {
            h = (h ^ in[index + i]) * MULTIPLIER;
        }
        return (int) (h ^ (h >>> 32));
    }

    /** Like {@link #find(ByteBuffer, int, int, boolean, int)}, over an array. */
    Entry find(byte[] in, int index, int length, boolean latin1, int hash) {
        Entry entry = slots[hash & (SLOTS - 1)];
        if (entry == null || entry.hash != hash || entry.latin1 != latin1 || entry.bytes.length != length) {
            return null;
        }
        long[] words = entry.words;
        int i = 0;
        for (int w = 0; i + Long.BYTES <= length; i += Long.BYTES, w++) {
            if (words[w] != (long) LONG.get(in, index + i)) {
                return null;
            }
        }
        byte[] bytes = entry.bytes;
        for (; i < length; i++) {
            if (bytes[i] != in[index + i]) {
                return null;
            }
        }
        return entry;
    }

    /**
     * Returns the cached entry for {@code length} bytes at {@code index}, or null.
     *
     * @param in the buffer
     * @param index the first byte of the atom text
     * @param length the number of bytes
     * @param latin1 whether the bytes are Latin-1 rather than UTF-8
     * @param hash {@link #hash} of the same bytes
     * @return the entry, or null on a miss
     */
    Entry find(ByteBuffer in, int index, int length, boolean latin1, int hash) {
        Entry entry = slots[hash & (SLOTS - 1)];
        if (entry == null || entry.hash != hash || entry.latin1 != latin1 || entry.bytes.length != length) {
            return null;
        }
        long[] words = entry.words;
        int i = 0;
        for (int w = 0; i + Long.BYTES <= length; i += Long.BYTES, w++) {
            if (words[w] != in.getLong(index + i)) {
                return null;
            }
        }
        byte[] bytes = entry.bytes;
        for (; i < length; i++) {
            if (bytes[i] != in.get(index + i)) {
                return null;
            }
        }
        return entry;
    }

    /** The whole big-endian eight-byte words of {@code bytes}, as {@code ByteBuffer.getLong} reads them. */
    private static long[] words(byte[] bytes) {
        long[] words = new long[bytes.length / Long.BYTES];
        ByteBuffer wrapped = ByteBuffer.wrap(bytes);
        for (int w = 0; w < words.length; w++) {
            words[w] = wrapped.getLong(w * Long.BYTES);
        }
        return words;
    }

    /**
     * Remembers an atom decoded from {@code length} bytes at {@code index}.
     *
     * @param in the buffer
     * @param index the first byte of the atom text
     * @param length the number of bytes, at most {@value #MAX_CACHED_BYTES}
     * @param latin1 whether the bytes are Latin-1 rather than UTF-8
     * @param hash {@link #hash} of the same bytes
     * @param characters the atom's length in characters
     * @param atom the atom
     */
    void store(ByteBuffer in, int index, int length, boolean latin1, int hash, int characters, Atom atom) {
        byte[] bytes = new byte[length];
        in.get(index, bytes);
        slots[hash & (SLOTS - 1)] = new Entry(hash, bytes, latin1, characters, atom);
    }
}

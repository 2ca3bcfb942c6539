package dev.nodemesh.term.etf;

import dev.nodemesh.term.Atom;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

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
 * <p>The hash reads eight bytes at a time and is kept in the entry with the first sixteen bytes,
 * so a hit on a short atom costs one or two word reads and a few comparisons of fields, and a
 * miss one hash and one comparison of two ints.
 */
final class AtomTable {

    static final int SLOTS = 1024;
    static final int MAX_CACHED_BYTES = 64;

    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Entry[] slots = new Entry[SLOTS];

    /** A cached atom with the bytes it was decoded from, packed into words. */
    static final class Entry {
        final int hash;
        final int length;
        final boolean latin1;
        final int characters;
        final Atom atom;
        final long w0;
        final long w1;
        /** All the words, for atoms longer than sixteen bytes. */
        final long[] words;

        Entry(byte[] bytes, boolean latin1, int characters, Atom atom) {
            this.length = bytes.length;
            this.words = words(ByteBuffer.wrap(bytes), 0, bytes.length);
            this.hash = hash(words, bytes.length, latin1);
            this.latin1 = latin1;
            this.characters = characters;
            this.atom = atom;
            this.w0 = words.length > 0 ? words[0] : 0;
            this.w1 = words.length > 1 ? words[1] : 0;
        }
    }

    private static int hash(long[] words, int length, boolean latin1) {
        long h = (latin1 ? 0x5bd1e995L : 0x27d4eb2fL) ^ length;
        for (long word : words) {
            h = (h ^ word) * MULTIPLIER;
        }
        return (int) (h ^ (h >>> 32));
    }

    /**
     * The bytes as big-endian eight-byte words, the last one padded with zero bytes, as {@link
     * #word(byte[], int, int)} reads them.
     */
    private static long[] words(ByteBuffer in, int index, int length) {
        long[] words = new long[(length + Long.BYTES - 1) / Long.BYTES];
        for (int w = 0; w < words.length; w++) {
            int from = index + w * Long.BYTES;
            int n = Math.min(Long.BYTES, index + length - from);
            long word = 0;
            for (int i = 0; i < n; i++) {
                word |= (in.get(from + i) & 0xffL) << (56 - 8 * i);
            }
            words[w] = word;
        }
        return words;
    }

    /** Reads the word at {@code from} of which only {@code n} bytes (1 to 8) belong to the atom. */
    private static long word(byte[] in, int from, int n) {
        if (n >= Long.BYTES) {
            return (long) LONG.get(in, from);
        }
        if (from + Long.BYTES <= in.length) {
            // the bytes after the atom are in the array: read them and clear them
            return (long) LONG.get(in, from) & (-1L << (8 * (Long.BYTES - n)));
        }
        long word = 0;
        for (int i = 0; i < n; i++) {
            word |= (in[from + i] & 0xffL) << (56 - 8 * i);
        }
        return word;
    }

    /**
     * Returns the cached entry for {@code length} bytes of {@code in} at {@code index}, or null.
     *
     * @param in the array
     * @param index the first byte of the atom text
     * @param length the number of bytes, at most {@value #MAX_CACHED_BYTES}
     * @param latin1 whether the bytes are Latin-1 rather than UTF-8
     * @return the entry, or null on a miss
     */
    Entry find(byte[] in, int index, int length, boolean latin1) {
        long h = (latin1 ? 0x5bd1e995L : 0x27d4eb2fL) ^ length;
        long w0 = 0;
        long w1 = 0;
        if (length > 0) {
            w0 = word(in, index, length);
            h = (h ^ w0) * MULTIPLIER;
        }
        if (length > Long.BYTES) {
            w1 = word(in, index + Long.BYTES, length - Long.BYTES);
            h = (h ^ w1) * MULTIPLIER;
        }
        for (int i = 2 * Long.BYTES; i < length; i += Long.BYTES) {
            h = (h ^ word(in, index + i, length - i)) * MULTIPLIER;
        }
        int hash = (int) (h ^ (h >>> 32));
        Entry entry = slots[hash & (SLOTS - 1)];
        if (entry == null
                || entry.hash != hash
                || entry.length != length
                || entry.latin1 != latin1
                || entry.w0 != w0
                || entry.w1 != w1) {
            return null;
        }
        long[] words = entry.words;
        for (int w = 2; w < words.length; w++) {
            int from = index + w * Long.BYTES;
            if (words[w] != word(in, from, index + length - from)) {
                return null;
            }
        }
        return entry;
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
        return hash(words(in, index, length), length, latin1);
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
        if (entry == null || entry.hash != hash || entry.latin1 != latin1 || entry.length != length) {
            return null;
        }
        long[] words = words(in, index, length);
        return Arrays.equals(words, entry.words) ? entry : null;
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
        Entry entry = new Entry(bytes, latin1, characters, atom);
        slots[entry.hash & (SLOTS - 1)] = entry;
    }
}

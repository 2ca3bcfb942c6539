package dev.nodemesh.term.etf;

import dev.nodemesh.term.Atom;
import io.netty.buffer.ByteBuf;

/**
 * A small, fixed-size cache from encoded atom bytes to {@link Atom}s, so that decoding the same
 * atoms over and over allocates nothing.
 *
 * <p>Direct-mapped and bounded: {@value #SLOTS} slots of atoms of at most {@value #MAX_CACHED_BYTES}
 * bytes, a colliding atom replaces the old one. A peer that sends endless new atoms only churns
 * the cache; it never grows (unlike the BEAM's atom table, which such a peer can exhaust). Entries
 * are immutable and published through a plain array store: a racing reader sees either an old
 * entry, the new one or none, all of which are correct.
 */
final class AtomTable {

    static final int SLOTS = 1024;
    static final int MAX_CACHED_BYTES = 64;

    private final Entry[] slots = new Entry[SLOTS];

    /** A cached atom with the bytes it was decoded from. */
    static final class Entry {
        final byte[] bytes;
        final boolean latin1;
        final int characters;
        final Atom atom;

        Entry(byte[] bytes, boolean latin1, int characters, Atom atom) {
            this.bytes = bytes;
            this.latin1 = latin1;
            this.characters = characters;
            this.atom = atom;
        }
    }

    /**
     * Returns the cached entry for {@code length} bytes at {@code index}, or null.
     *
     * @param in the buffer
     * @param index the first byte of the atom text
     * @param length the number of bytes
     * @param latin1 whether the bytes are Latin-1 rather than UTF-8
     * @return the entry, or null on a miss
     */
    Entry find(ByteBuf in, int index, int length, boolean latin1) {
        if (length > MAX_CACHED_BYTES) {
            return null;
        }
        Entry entry = slots[slot(in, index, length, latin1)];
        if (entry == null || entry.latin1 != latin1 || entry.bytes.length != length) {
            return null;
        }
        byte[] bytes = entry.bytes;
        for (int i = 0; i < length; i++) {
            if (bytes[i] != in.getByte(index + i)) {
                return null;
            }
        }
        return entry;
    }

    /**
     * Remembers an atom decoded from {@code length} bytes at {@code index}.
     *
     * @param in the buffer
     * @param index the first byte of the atom text
     * @param length the number of bytes
     * @param latin1 whether the bytes are Latin-1 rather than UTF-8
     * @param characters the atom's length in characters
     * @param atom the atom
     */
    void store(ByteBuf in, int index, int length, boolean latin1, int characters, Atom atom) {
        if (length > MAX_CACHED_BYTES) {
            return;
        }
        byte[] bytes = new byte[length];
        in.getBytes(index, bytes);
        slots[slot(in, index, length, latin1)] = new Entry(bytes, latin1, characters, atom);
    }

    private static int slot(ByteBuf in, int index, int length, boolean latin1) {
        int hash = latin1 ? 0x9e3779b9 : 0x7f4a7c15;
        hash ^= length;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + in.getByte(index + i);
        }
        hash ^= hash >>> 16;
        return hash & (SLOTS - 1);
    }
}

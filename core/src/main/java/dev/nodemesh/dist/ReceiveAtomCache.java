package dev.nodemesh.dist;

import dev.nodemesh.term.Atom;

/**
 * The atom cache of one connection's receiving side: 8 segments of 256 entries, addressed by a
 * segment index (0 to 7) and an index within the segment (0 to 255), as the peer's distribution
 * headers fill and name them. An entry holds the atom of the latest new cache entry for its slot,
 * or nothing until one came. Its size is fixed: a peer can overwrite entries, never add any.
 *
 * <p>Not thread-safe: used by the connection's event loop only.
 */
final class ReceiveAtomCache {

    /** The number of segments. */
    static final int SEGMENTS = 8;

    /** The number of entries in a segment. */
    static final int SEGMENT_SIZE = 256;

    private final Atom[] entries = new Atom[SEGMENTS * SEGMENT_SIZE];

    /**
     * Returns an entry.
     *
     * @param segment the segment index, 0 to 7
     * @param index the index within the segment, 0 to 255
     * @return the atom, or null when no packet has filled the slot
     */
    Atom get(int segment, int index) {
        return entries[segment * SEGMENT_SIZE + index];
    }

    /**
     * Fills or overwrites an entry.
     *
     * @param segment the segment index, 0 to 7
     * @param index the index within the segment, 0 to 255
     * @param atom the atom
     */
    void put(int segment, int index, Atom atom) {
        entries[segment * SEGMENT_SIZE + index] = atom;
    }
}

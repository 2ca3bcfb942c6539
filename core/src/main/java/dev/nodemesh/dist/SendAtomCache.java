package dev.nodemesh.dist;

import dev.nodemesh.term.Atom;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The atom cache of one connection's sending side, as the distribution header's atom cache
 * references fill the peer's receiving cache: 8 segments of 256 entries, an atom's slot chosen
 * from its hash. The first packet that names an atom carries its text as a new cache entry; later
 * packets name the slot alone, and the terms refer to it with two bytes ({@code ATOM_CACHE_REF})
 * instead of the atom's text, which the peer then neither reads nor looks up.
 *
 * <p>A packet's references are gathered with {@link #ref} before its header is written ({@link
 * #writeHeader}); the packet then either goes out ({@link #commit}) or is dropped before it is
 * sent ({@link #abort}, which puts back the entries it overwrote, so that a later packet never
 * names a slot the peer did not get). Every packet that uses the cache must reach the peer in the
 * order it was encoded: the connection encodes them under its send lock and writes them in that
 * order.
 *
 * <p>Not thread-safe: used under the connection's send lock only.
 */
final class SendAtomCache {

    /** The number of slots: 8 segments of 256. */
    static final int SLOTS = ReceiveAtomCache.SEGMENTS * ReceiveAtomCache.SEGMENT_SIZE;

    /** The most references one packet takes; control messages name at most three atoms. */
    static final int MAX_REFS = 8;

    /** The longest atom text, in bytes, that goes through the cache (one length byte). */
    private static final int MAX_TEXT = 255;

    private final Atom[] slots = new Atom[SLOTS];

    private final Atom[] refs = new Atom[MAX_REFS];
    private final int[] refSlots = new int[MAX_REFS];
    private final boolean[] refNew = new boolean[MAX_REFS];
    private final Atom[] replaced = new Atom[MAX_REFS];
    private int count;

    /**
     * Adds an atom to the packet being encoded.
     *
     * @param atom the atom
     * @return its index among the packet's references, for {@code ATOM_CACHE_REF}; or -1 when it
     *     is to be written in full (the packet has as many references as it takes, another of its
     *     atoms has the same slot, or its text is longer than 255 bytes)
     */
    int ref(Atom atom) {
        for (int i = 0; i < count; i++) {
            if (refs[i].equals(atom)) {
                return i;
            }
        }
        if (count == MAX_REFS || atom.utf8Length() > MAX_TEXT) {
            return -1;
        }
        int slot = slotOf(atom);
        for (int i = 0; i < count; i++) {
            if (refSlots[i] == slot) {
                return -1;
            }
        }
        Atom old = slots[slot];
        boolean isNew = !atom.equals(old);
        refs[count] = atom;
        refSlots[count] = slot;
        refNew[count] = isNew;
        replaced[count] = old;
        if (isNew) {
            slots[slot] = atom;
        }
        return count++;
    }

    /**
     * Writes the normal distribution header ({@code 131, 68}) with the packet's references.
     *
     * @param out where the packet goes
     */
    void writeHeader(ByteBuf out) {
        out.writeByte(DistFrames.VERSION);
        out.writeByte(DistFrames.NORMAL_HEADER);
        out.writeByte(count);
        if (count == 0) {
            return;
        }
        // a nibble per reference, low nibble first, then one for the header's own flags
        // (LongAtoms, never set: no text here is longer than 255 bytes)
        for (int i = 0; i <= count; i += 2) {
            out.writeByte(nibble(i) | nibble(i + 1) << 4);
        }
        for (int i = 0; i < count; i++) {
            out.writeByte(refSlots[i] & 0xff);
            if (refNew[i]) {
                out.writeByte(refs[i].utf8Length());
                out.writeCharSequence(refs[i].name(), StandardCharsets.UTF_8);
            }
        }
    }

    /** Ends the packet: it goes out, with its new entries. */
    void commit() {
        for (int i = 0; i < count; i++) {
            refs[i] = null;
            replaced[i] = null;
        }
        count = 0;
    }

    /** Ends the packet without sending it: the slots it filled get back what they held. */
    void abort() {
        for (int i = 0; i < count; i++) {
            if (refNew[i]) {
                slots[refSlots[i]] = replaced[i];
            }
        }
        commit();
    }

    /**
     * Tells how many references the packet being encoded has.
     *
     * @return the count
     */
    int size() {
        return count;
    }

    private int nibble(int i) {
        if (i >= count) {
            return 0;
        }
        return (refNew[i] ? 0x8 : 0) | refSlots[i] >>> 8;
    }

    private static int slotOf(Atom atom) {
        int hash = atom.hashCode();
        return (hash ^ hash >>> 11 ^ hash >>> 22) & (SLOTS - 1);
    }
}

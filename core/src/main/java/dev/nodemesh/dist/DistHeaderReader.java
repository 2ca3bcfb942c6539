package dev.nodemesh.dist;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.etf.EtfDecodeException;
import dev.nodemesh.term.etf.EtfDecoder;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Reads the atom cache part of a normal distribution header, the bytes after {@code 0x83 0x44},
 * and resolves each reference to an atom through the connection's {@link ReceiveAtomCache}:
 *
 * <pre>
 *  +------+---------------------------+-----------------------------------+
 *  | N:u8 | Flags: N/2+1 bytes        | N references, in order            |   nothing after N when N = 0
 *  +------+---------------------------+-----------------------------------+
 *  flags: one nibble per reference i (byte i/2, low nibble for even i, high for odd i):
 *         bit 3 NewCacheEntryFlag, bits 0-2 SegmentIndex;
 *         nibble N: bit 0 LongAtoms (lengths are u16 rather than u8)
 *  reference, new:  InternalSegmentIndex:u8 | Length:u8 or u16 | UTF-8 atom text   (fills the slot)
 *  reference, old:  InternalSegmentIndex:u8                                         (reads the slot)
 * </pre>
 *
 * <p>The terms that follow refer to the {@code i}-th reference with {@code ATOM_CACHE_REF i};
 * {@link #refs()} holds them for {@link EtfDecoder#decodeBody(ByteBuf, Atom[], int)}. Anything
 * that does not fit the layout (the header cut short, a length beyond the packet, text that is not
 * an atom, an old reference to a slot no packet filled) is a {@link DistProtocolException}; memory
 * use is fixed per connection whatever the peer sends.
 *
 * <p>One per connection, used by its event loop only; the counters may be read from any thread.
 */
final class DistHeaderReader {

    /** The most references one header can carry. */
    static final int MAX_REFS = 255;

    private final EtfDecoder decoder;
    private final ReceiveAtomCache cache = new ReceiveAtomCache();
    private final Atom[] refs = new Atom[MAX_REFS];

    private volatile long cacheHits;
    private volatile long newEntries;

    /**
     * Creates a reader with an empty cache.
     *
     * @param decoder decodes the text of new entries, with its atom length limit
     */
    DistHeaderReader(EtfDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /**
     * Reads the header from the number of references on, leaving {@code in} at the control term.
     *
     * @param in the packet, at the byte after {@code 0x83 0x44}
     * @return the number of references, which {@link #refs()} now holds
     * @throws DistProtocolException if the header is malformed or names an empty slot
     */
    int read(ByteBuf in) {
        if (!in.isReadable()) {
            throw new DistProtocolException("distribution header ends before its number of atom cache references");
        }
        int count = in.readUnsignedByte();
        if (count == 0) {
            return 0;
        }
        int flagBytes = count / 2 + 1;
        if (in.readableBytes() < flagBytes) {
            throw new DistProtocolException("distribution header announces " + count
                    + " atom cache references, but ends within their " + flagBytes + " flag bytes");
        }
        int flags = in.readerIndex();
        in.skipBytes(flagBytes);
        boolean longAtoms = (nibble(in, flags, count) & 1) != 0;
        int hits = 0;
        for (int i = 0; i < count; i++) {
            int nibble = nibble(in, flags, i);
            int segment = nibble & 7;
            if (!in.isReadable()) {
                throw cut(i, count);
            }
            int index = in.readUnsignedByte();
            Atom atom;
            if ((nibble & 8) != 0) {
                atom = newEntry(in, longAtoms, i, count);
                cache.put(segment, index, atom);
            } else {
                atom = cache.get(segment, index);
                if (atom == null) {
                    throw new DistProtocolException("atom cache reference " + i + " names segment " + segment
                            + " entry " + index + ", which no earlier packet filled");
                }
                hits++;
            }
            refs[i] = atom;
        }
        if (hits > 0) {
            cacheHits += hits;
        }
        if (hits < count) {
            newEntries += count - hits;
        }
        return count;
    }

    private Atom newEntry(ByteBuf in, boolean longAtoms, int i, int count) {
        int lengthBytes = longAtoms ? 2 : 1;
        if (in.readableBytes() < lengthBytes) {
            throw cut(i, count);
        }
        int length = longAtoms ? in.readUnsignedShort() : in.readUnsignedByte();
        try {
            return decoder.decodeAtomText(in, length);
        } catch (EtfDecodeException e) {
            throw new DistProtocolException(
                    "atom cache reference " + i + " of " + count + " is not an atom: " + e.getMessage(), e);
        }
    }

    private static int nibble(ByteBuf in, int flags, int i) {
        int b = in.getUnsignedByte(flags + (i >> 1));
        return (i & 1) == 0 ? b & 0x0f : b >>> 4;
    }

    private static DistProtocolException cut(int i, int count) {
        return new DistProtocolException(
                "distribution header announces " + count + " atom cache references, but ends within reference " + i);
    }

    /**
     * Returns the atoms of the last header read, in reference order; valid up to its count.
     *
     * @return the array, reused for every header
     */
    Atom[] refs() {
        return refs;
    }

    /**
     * Returns how many references named an entry that an earlier packet filled.
     *
     * @return the count since the connection came up
     */
    long cacheHits() {
        return cacheHits;
    }

    /**
     * Returns how many references filled an entry with a new atom.
     *
     * @return the count since the connection came up
     */
    long newEntries() {
        return newEntries;
    }
}

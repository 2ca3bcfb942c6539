package dev.nodemesh.term.etf;

import static dev.nodemesh.term.etf.EtfTags.ATOM_CACHE_REF;
import static dev.nodemesh.term.etf.EtfTags.ATOM_EXT;
import static dev.nodemesh.term.etf.EtfTags.ATOM_UTF8_EXT;
import static dev.nodemesh.term.etf.EtfTags.SMALL_ATOM_EXT;
import static dev.nodemesh.term.etf.EtfTags.SMALL_ATOM_UTF8_EXT;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Utf8;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads atoms: the four atom tags, {@code ATOM_CACHE_REF} and the bare text of a distribution
 * header's atom cache entry, through the {@link AtomTable} so that a repeated atom costs no
 * allocation.
 *
 * <p>The {@code fast…} methods serve the fast reader over an array: they return null, moving
 * nothing, where the checked methods would report a problem.
 */
final class AtomReader {

    private AtomReader() {}

    /** Whether {@code tag} is one of the four tags of an atom's text. */
    static boolean isAtomTag(int tag) {
        return tag == SMALL_ATOM_UTF8_EXT || tag == ATOM_UTF8_EXT || tag == ATOM_EXT || tag == SMALL_ATOM_EXT;
    }

    /**
     * Reads an atom term (any of the four atom tags, or {@code ATOM_CACHE_REF}), as pids, ports,
     * refs and funs embed them.
     *
     * @param role what the atom is, such as {@code "NEW_PID_EXT node"}, for messages
     */
    static Atom read(EtfCursor c, AtomTable atoms, String role) {
        int start = c.pos;
        int tag = c.tagAt(start);
        switch (tag) {
            case SMALL_ATOM_UTF8_EXT:
            case ATOM_UTF8_EXT:
            case ATOM_EXT:
            case SMALL_ATOM_EXT:
                c.pos++;
                return readText(c, atoms, tag, start);
            case ATOM_CACHE_REF:
                return cacheRef(c, start, role);
            default:
                throw c.failure("expected an atom for the " + role + " but got " + EtfTags.name(tag), start);
        }
    }

    /**
     * Resolves the {@code ATOM_CACHE_REF} whose tag is at {@code start} against the distribution
     * header's atoms.
     *
     * @param role what the atom is, such as {@code "NEW_PID_EXT node"}; null for a term of its own
     */
    static Atom cacheRef(EtfCursor c, int start, String role) {
        if (c.atomRefs == null) {
            throw c.failure(
                    "ATOM_CACHE_REF" + (role == null ? "" : " for the " + role)
                            + " refers to the atom cache of a distribution header, which this term does not have",
                    start);
        }
        if (c.end - start < 2) {
            throw c.truncated("ATOM_CACHE_REF", 1, start + 1);
        }
        int index = c.byteAt(start + 1);
        if (index >= c.atomRefCount) {
            throw c.failure(
                    "ATOM_CACHE_REF index " + index + " is not below the " + c.atomRefCount
                            + " atom cache references of the distribution header",
                    start);
        }
        c.pos = start + 2;
        return c.atomRefs[index];
    }

    /**
     * Reads the rest of the input as the UTF-8 text of one atom, as a distribution header's new
     * atom cache entry carries it.
     */
    static Atom readUtf8Text(EtfCursor c, AtomTable atoms) {
        int length = c.end - c.pos;
        if (c.array != null) {
            Atom cached = fastCached(c, atoms, c.pos, length, false);
            if (cached != null) {
                return cached;
            }
        }
        return text(c, atoms, false, length, "atom text", c.pos);
    }

    /** Reads the length and text of the atom whose tag, {@code tag}, is at {@code start}. */
    static Atom readText(EtfCursor c, AtomTable atoms, int tag, int start) {
        boolean latin1 = tag == ATOM_EXT || tag == SMALL_ATOM_EXT;
        int length = tag == ATOM_EXT || tag == ATOM_UTF8_EXT ? c.u16(tag) : c.u8(tag);
        return text(c, atoms, latin1, length, EtfTags.name(tag), start);
    }

    /** Reads {@code length} bytes at the position as an atom's text, {@code what} naming it in messages. */
    private static Atom text(EtfCursor c, AtomTable atoms, boolean latin1, int length, String what, int start) {
        int maxLength = c.limits.maxAtomLength();
        if (latin1 ? length > maxLength : length > 4 * maxLength) {
            throw c.failure(
                    what + " length " + length + " is longer than the limit of " + maxLength + " characters", start);
        }
        c.requireBytes(length, what, start);
        ByteBuffer in = c.buffer();
        int pos = c.pos;
        boolean cacheable = length <= AtomTable.MAX_CACHED_BYTES;
        int hash = cacheable ? AtomTable.hash(in, pos, length, latin1) : 0;
        AtomTable.Entry cached = cacheable ? atoms.find(in, pos, length, latin1, hash) : null;
        if (cached != null) {
            if (cached.characters > maxLength) {
                throw c.failure(
                        what + " has " + cached.characters + " characters, more than the limit of " + maxLength, start);
            }
            c.pos = pos + length;
            return cached.atom;
        }
        int characters = latin1 ? length : Utf8.codePoints(in, pos, length);
        if (characters < 0) {
            throw c.failure(what + " is not valid UTF-8", pos + ~characters);
        }
        if (characters > maxLength) {
            throw c.failure(what + " has " + characters + " characters, more than the limit of " + maxLength, start);
        }
        String name = c.text(pos, length, latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        Atom atom = Atom.of(name);
        if (cacheable) {
            atoms.store(in, pos, length, latin1, hash, characters, atom);
        }
        c.pos = pos + length;
        return atom;
    }

    /**
     * Reads the atom whose tag, one of the four atom tags, is at {@code start} in the array: from
     * the atom table, or else with the checked {@link #readText}.
     */
    static Atom fast(EtfCursor c, AtomTable atoms, int tag, int start) {
        byte[] a = c.array;
        int offset = c.arrayOffset;
        int end = c.end;
        int p = start + 1;
        int length = -1;
        if (tag == ATOM_EXT || tag == ATOM_UTF8_EXT) {
            if (end - p >= 2) {
                length = ((a[offset + p] & 0xff) << 8) | (a[offset + p + 1] & 0xff);
                p += 2;
            }
        } else if (end - p >= 1) {
            length = a[offset + p] & 0xff;
            p++;
        }
        if (length >= 0) {
            Atom cached = fastCached(c, atoms, p, length, tag == ATOM_EXT || tag == SMALL_ATOM_EXT);
            if (cached != null) {
                return cached;
            }
        }
        c.pos = start + 1;
        return readText(c, atoms, tag, start);
    }

    /**
     * Returns the atom of {@code length} bytes of text at {@code p} in the array from the atom
     * table, moving past it, or null (moving nothing) when the table lacks it or it breaks a limit.
     */
    private static Atom fastCached(EtfCursor c, AtomTable atoms, int p, int length, boolean latin1) {
        if (length <= AtomTable.MAX_CACHED_BYTES && length <= (long) c.end - p - c.pending) {
            AtomTable.Entry cached = atoms.find(c.array, c.arrayOffset + p, length, latin1);
            if (cached != null && cached.characters <= c.limits.maxAtomLength()) {
                c.pos = p + length;
                return cached.atom;
            }
        }
        return null;
    }

    /**
     * Resolves the {@code ATOM_CACHE_REF} at {@code start} in the array, moving past it, or returns
     * null (moving nothing) when it is not one or does not resolve; the checked {@link #cacheRef}
     * then reports why.
     */
    static Atom fastCacheRef(EtfCursor c, int start) {
        byte[] a = c.array;
        if (c.end - start >= 2 && (a[c.arrayOffset + start] & 0xff) == ATOM_CACHE_REF) {
            int index = a[c.arrayOffset + start + 1] & 0xff;
            if (index < c.atomRefCount) {
                c.pos = start + 2;
                return c.atomRefs[index];
            }
        }
        return null;
    }
}

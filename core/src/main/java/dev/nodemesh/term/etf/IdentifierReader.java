package dev.nodemesh.term.etf;

import static dev.nodemesh.term.etf.EtfTags.NEWER_REFERENCE_EXT;
import static dev.nodemesh.term.etf.EtfTags.NEW_PID_EXT;
import static dev.nodemesh.term.etf.EtfTags.NEW_PORT_EXT;
import static dev.nodemesh.term.etf.EtfTags.PID_EXT;
import static dev.nodemesh.term.etf.EtfTags.REFERENCE_EXT;
import static dev.nodemesh.term.etf.EtfTags.V4_PORT_EXT;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Port;
import dev.nodemesh.term.Ref;
import java.nio.ByteBuffer;

/**
 * Reads the identifiers a node hands out: pids, ports and references, each the atom of its node
 * followed by numbers, in their current and their old (two-bit creation) encodings.
 */
final class IdentifierReader {

    private IdentifierReader() {}

    /** Reads a {@code NEW_PID_EXT} or {@code PID_EXT} whose tag is read. */
    static Pid pid(EtfCursor c, AtomTable atoms, int tag) {
        Atom node = AtomReader.read(c, atoms, nodeRole(tag));
        c.need(tag == NEW_PID_EXT ? 12 : 9, tag);
        ByteBuffer in = c.buffer();
        int id = in.getInt(c.pos);
        int serial = in.getInt(c.pos + 4);
        c.pos += 8;
        int creation;
        if (tag == NEW_PID_EXT) {
            creation = in.getInt(c.pos);
            c.pos += 4;
        } else {
            creation = oldCreation(c, tag);
        }
        return new Pid(node, id, serial, creation);
    }

    /** Reads a {@code NEW_PORT_EXT}, {@code V4_PORT_EXT} or {@code PORT_EXT} whose tag is read. */
    static Port port(EtfCursor c, AtomTable atoms, int tag) {
        switch (tag) {
            case NEW_PORT_EXT: {
                Atom node = AtomReader.read(c, atoms, "NEW_PORT_EXT node");
                c.need(8, tag);
                ByteBuffer in = c.buffer();
                long id = (in.getInt(c.pos) & 0xffffffffL);
                int creation = in.getInt(c.pos + 4);
                c.pos += 8;
                return new Port(node, id, creation);
            }
            case V4_PORT_EXT: {
                Atom node = AtomReader.read(c, atoms, "V4_PORT_EXT node");
                c.need(12, tag);
                ByteBuffer in = c.buffer();
                long id = in.getLong(c.pos);
                int creation = in.getInt(c.pos + 8);
                c.pos += 12;
                return new Port(node, id, creation);
            }
            default: {
                Atom node = AtomReader.read(c, atoms, "PORT_EXT node");
                c.need(5, tag);
                long id = (c.buffer().getInt(c.pos) & 0xffffffffL);
                c.pos += 4;
                return new Port(node, id, oldCreation(c, tag));
            }
        }
    }

    /** Reads a {@code REFERENCE_EXT}, the oldest reference encoding, whose tag is read. */
    static Ref oldReference(EtfCursor c, AtomTable atoms) {
        Atom node = AtomReader.read(c, atoms, "REFERENCE_EXT node");
        c.need(5, REFERENCE_EXT);
        int id = c.buffer().getInt(c.pos);
        c.pos += 4;
        return Ref.of(node, oldCreation(c, REFERENCE_EXT), id);
    }

    /** Reads a {@code NEWER_REFERENCE_EXT} or {@code NEW_REFERENCE_EXT} whose tag is at {@code start}. */
    static Ref reference(EtfCursor c, AtomTable atoms, int tag, int start) {
        int words = c.u16(tag);
        if (words < 1 || words > Ref.MAX_IDS) {
            throw c.failure(
                    EtfTags.name(tag) + " has " + words + " id words; 1 to " + Ref.MAX_IDS + " are allowed", start);
        }
        Atom node = AtomReader.read(c, atoms, nodeRole(tag));
        ByteBuffer in = c.buffer();
        int creation;
        if (tag == NEWER_REFERENCE_EXT) {
            c.need(4, tag);
            creation = in.getInt(c.pos);
            c.pos += 4;
        } else {
            creation = oldCreation(c, tag);
        }
        c.need(4 * words, tag);
        int[] ids = new int[words];
        for (int i = 0; i < words; i++) {
            ids[i] = in.getInt(c.pos);
            c.pos += 4;
        }
        return Ref.of(node, creation, ids);
    }

    /** Reads the one-byte creation of the old encodings, of which only two bits are used. */
    private static int oldCreation(EtfCursor c, int tag) {
        c.need(1, tag);
        int creation = c.byteAt(c.pos);
        if (creation > 3) {
            throw c.failure(
                    EtfTags.name(tag) + " creation " + creation + " is not 0..3 (only two bits are used)", c.pos);
        }
        c.pos++;
        return creation;
    }

    private static String nodeRole(int tag) {
        switch (tag) {
            case NEW_PID_EXT:
                return "NEW_PID_EXT node";
            case PID_EXT:
                return "PID_EXT node";
            case NEWER_REFERENCE_EXT:
                return "NEWER_REFERENCE_EXT node";
            default:
                return "NEW_REFERENCE_EXT node";
        }
    }
}

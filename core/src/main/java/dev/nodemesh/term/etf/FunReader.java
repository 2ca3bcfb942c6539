package dev.nodemesh.term.etf;

import static dev.nodemesh.term.etf.EtfTags.NEW_FUN_EXT;
import static dev.nodemesh.term.etf.EtfTags.NEW_PID_EXT;
import static dev.nodemesh.term.etf.EtfTags.PID_EXT;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.ExternalFun;
import dev.nodemesh.term.Fun;
import dev.nodemesh.term.Term;

/**
 * Reads funs: {@code EXPORT_EXT} whole, and {@code NEW_FUN_EXT} in two steps, since its free
 * variables are terms that the reader reads in between: {@link #header} up to them, {@link
 * #finish} after them.
 */
final class FunReader {

    /**
     * The fields of a {@code NEW_FUN_EXT} read before its free variables.
     *
     * @param start the index of its tag
     * @param end the index after its last byte, as its size field says
     * @param free how many free variables follow
     */
    record Header(int start, int end, Atom module, int arity, long oldIndex, long oldUniq, long free) {}

    private FunReader() {}

    /** Reads an {@code EXPORT_EXT} whose tag is read. */
    static Term export(EtfCursor c, AtomTable atoms) {
        Atom module = AtomReader.read(c, atoms, "EXPORT_EXT module");
        Atom function = AtomReader.read(c, atoms, "EXPORT_EXT function");
        int start = c.pos;
        long arity = IntegerReader.embedded(c, "EXPORT_EXT arity");
        if (arity < 0 || arity > 255) {
            throw c.failure("EXPORT_EXT arity " + arity + " is not 0..255", start);
        }
        return new ExternalFun(module, function, (int) arity);
    }

    /** Reads a {@code NEW_FUN_EXT}, whose tag is at {@code start}, up to its free variables. */
    static Header header(EtfCursor c, AtomTable atoms, int start) {
        long size = c.u32(NEW_FUN_EXT);
        if (size < 4) {
            throw c.failure("NEW_FUN_EXT size " + size + " is smaller than its own size field", start);
        }
        c.requireBytes(size - 4, "NEW_FUN_EXT size", start);
        int funEnd = start + 1 + (int) size;
        int arity = c.u8(NEW_FUN_EXT);
        c.need(24, NEW_FUN_EXT);
        c.pos += 16 + 4; // Uniq and Index are kept in the raw bytes only
        long free = (c.buffer().getInt(c.pos) & 0xffffffffL);
        c.pos += 4;
        Atom module = AtomReader.read(c, atoms, "NEW_FUN_EXT module");
        long oldIndex = IntegerReader.embedded(c, "NEW_FUN_EXT OldIndex");
        long oldUniq = IntegerReader.embedded(c, "NEW_FUN_EXT OldUniq");
        int pidTag = c.tagAt(c.pos);
        if (pidTag != NEW_PID_EXT && pidTag != PID_EXT) {
            throw c.failure("expected a pid for the NEW_FUN_EXT creator but got " + EtfTags.name(pidTag), c.pos);
        }
        c.pos++;
        IdentifierReader.pid(c, atoms, pidTag);
        if (c.pos > funEnd || free > funEnd - c.pos) {
            throw c.failure("NEW_FUN_EXT size " + size + " leaves no room for its " + free + " free variables", start);
        }
        return new Header(start, funEnd, module, arity, oldIndex, oldUniq, free);
    }

    /** Makes the fun once its free variables are read, checking that they end where its size says. */
    static Term finish(EtfCursor c, Header fun) {
        if (c.pos != fun.end()) {
            throw c.failure(
                    "NEW_FUN_EXT says it ends at offset " + (fun.end() - c.base) + " but its free variables end at "
                            + "offset " + (c.pos - c.base),
                    fun.start());
        }
        byte[] encoded = c.bytes(fun.start(), fun.end() - fun.start());
        return Fun.of(encoded, fun.module(), fun.arity(), fun.oldIndex(), fun.oldUniq());
    }
}

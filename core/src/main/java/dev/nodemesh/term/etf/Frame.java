package dev.nodemesh.term.etf;

import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermMap;

/**
 * A container the iterative {@link EtfReader} is filling: a tuple, list, map or the free
 * variables of a fun. Frames are reused for the whole decode, so only the fields of the current
 * {@link #kind} mean anything.
 */
final class Frame {

    static final int TUPLE = 0;
    static final int LIST = 1;
    static final int MAP = 2;
    static final int FUN = 3;

    int kind;
    /** The index of the container's tag. */
    int start;
    /** The index of the element being read. */
    int childStart;
    /** The elements of a tuple or list, {@link #size} of them read. */
    Term[] items;

    int size;
    /** The elements of a list, the pairs of a map, the free variables of a fun still to read. */
    long left;

    TermMap.Builder map;
    /** The key of a map whose value is being read, or null. */
    Term key;

    int keyStart;
    FunReader.Header fun;
}

package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Term;

/** Turns a term into a value of one Java type; one instance per target type, shared. */
@FunctionalInterface
interface Decoder {

    /**
     * Returns the value, or {@link Cursor#MISS} when the term does not fit and the cursor is
     * probing (otherwise a miss throws {@link TermMappingException}).
     */
    Object decode(Term term, Cursor cursor);
}

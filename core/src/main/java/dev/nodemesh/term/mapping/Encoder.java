package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Term;

/** Turns a non-null Java value of one class into a term; one instance per class, shared. */
@FunctionalInterface
interface Encoder {

    Term encode(Object value, Cursor cursor);
}

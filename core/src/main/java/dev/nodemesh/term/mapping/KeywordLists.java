package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;

/** Elixir keyword lists: proper lists of {@code {atom, value}} pairs. */
final class KeywordLists {

    private KeywordLists() {}

    /** Tells whether a term is a keyword list ({@code []} is one). */
    static boolean is(Term term) {
        if (!(term instanceof TermList list) || !list.isProper()) {
            return false;
        }
        int size = list.size();
        for (int i = 0; i < size; i++) {
            if (!(list.get(i) instanceof Tuple pair) || pair.size() != 2 || !(pair.get(0) instanceof Atom)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The keyword list as a map for looking keys up, the first occurrence of a key winning (as
     * {@code Keyword.get/2} does); call only when {@link #is(Term)} holds.
     */
    static TermMap firstWins(TermList list) {
        int size = list.size();
        TermMap.Builder map = TermMap.builder(size);
        for (int i = 0; i < size; i++) {
            Tuple pair = (Tuple) list.get(i);
            map.putIfAbsent(pair.get(0), pair.get(1));
        }
        return map.build();
    }
}

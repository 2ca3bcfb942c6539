package dev.nodemesh.runtime;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.BitString;
import dev.nodemesh.term.ExternalFun;
import dev.nodemesh.term.Fun;
import dev.nodemesh.term.LocalTerm;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Port;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;

/**
 * What a message sent on this node counts against a mailbox's byte bound: an estimate of its
 * encoded (External Term Format) size, the measure messages from other nodes are counted by. The
 * walk is bounded: it visits at most about {@link #BUDGET} terms, at most {@link #SAMPLE} elements
 * of each collection, and counts a collection's other elements as the average of those it visited
 * (a list of a million like records is walked for a few dozen terms and counted for all). Binaries,
 * bitstrings and atoms count their bytes without being read; numbers, pids, references and ports
 * count a fixed few bytes. It allocates nothing.
 */
final class MessageSizes {

    /** About how many terms one estimate visits at most. */
    static final int BUDGET = 256;

    /** How many elements of one collection are visited at most; the others count as their average. */
    static final int SAMPLE = 8;

    private static final int SMALL = 9;
    private static final int IDENTIFIER = 30;

    private MessageSizes() {}

    /**
     * Estimates a message's encoded size.
     *
     * @param message the message
     * @return the estimate in bytes, at most {@link Integer#MAX_VALUE}
     */
    static int estimate(Term message) {
        return (int) Math.min(Integer.MAX_VALUE, walk(message, BUDGET));
    }

    private static long walk(Term term, int budget) {
        if (term instanceof Binary binary) {
            return 5L + binary.size();
        }
        if (term instanceof Atom atom) {
            return 3L + atom.utf8Length();
        }
        if (term instanceof Tuple || term instanceof TermList) {
            int n = term instanceof Tuple tuple ? tuple.size() : ((TermList) term).size();
            int visit = visits(n, budget);
            int share = visit == 0 ? 0 : (budget - visit) / visit;
            long sum = 0;
            for (int i = 0; i < visit; i++) {
                sum += walk(term instanceof Tuple tuple ? tuple.get(i) : ((TermList) term).get(i), share);
            }
            return 6 + extrapolate(sum, visit, n);
        }
        if (term instanceof TermMap map) {
            int n = map.size();
            int visit = visits(n, budget / 2);
            int share = visit == 0 ? 0 : (budget - 2 * visit) / (2 * visit);
            long sum = 0;
            for (int i = 0; i < visit; i++) {
                sum += walk(map.keyAt(i), share) + walk(map.valueAt(i), share);
            }
            return 5 + extrapolate(sum, visit, n);
        }
        if (term instanceof BitString bits) {
            return 6L + bits.byteCount();
        }
        if (term instanceof Fun fun) {
            return fun.encodedLength();
        }
        if (term instanceof LocalTerm local) {
            return local.encodedLength();
        }
        if (term instanceof Pid || term instanceof Ref || term instanceof Port || term instanceof ExternalFun) {
            return IDENTIFIER;
        }
        return SMALL;
    }

    /** How many of a collection's n elements to visit: a sample of at most {@link #SAMPLE}, within the budget. */
    private static int visits(int n, int budget) {
        return Math.max(0, Math.min(n, Math.min(SAMPLE, budget)));
    }

    /** The visited elements' sum, scaled to all n elements; elements never visited count 8 bytes each. */
    private static long extrapolate(long visitedSum, int visited, int n) {
        if (visited == n) {
            return visitedSum;
        }
        if (visited == 0) {
            return 8L * n;
        }
        return visitedSum / visited * n;
    }
}

package dev.nodemesh.global;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermOrder;
import dev.nodemesh.term.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares the names a connecting peer sent in {@code exchange} with this node's, as a name server
 * does once both partitions are locked. A name only one side has is inserted; a name both sides
 * have for different pids is a conflict, which the node whose name sorts first resolves. nodemesh
 * resolves every conflict as {@code global:random_exit_name/3} does: the pid on the node whose name
 * sorts first keeps the name, the other is killed.
 *
 * @param ownOps the operations this node applies, as terms {@code {insert, {Name, Pid, Method}}}
 *     and {@code {delete, Name}}
 * @param peerOps the operations the peer applies ({@code Resolved} in the {@code resolved} message)
 * @param losers the processes that lost a conflict, to be killed
 */
record NameExchange(List<Term> ownOps, List<Term> peerOps, List<Pid> losers) {

    /**
     * A name as {@code exchange} carries it, {@code {Name, Pid, Method}}.
     *
     * @param name the name
     * @param pid the pid
     * @param method the resolver
     */
    record Offered(Term name, Pid pid, Term method) {

        Tuple toTerm() {
            return Tuple.of(name, pid, method);
        }

        /**
         * Reads one element of an {@code exchange} name list.
         *
         * @param term the element
         * @return the name, or empty when malformed
         */
        static Optional<Offered> of(Term term) {
            if (term instanceof Tuple t && t.size() == 3 && t.get(1) instanceof Pid pid) {
                return Optional.of(new Offered(t.get(0), pid, t.get(2)));
            }
            return Optional.empty();
        }
    }

    /**
     * Compares the peer's names with this node's.
     *
     * @param self this node
     * @param peer the peer
     * @param offered the peer's names
     * @param names this node's names
     * @return the operations and the processes to kill
     */
    static NameExchange of(Atom self, Atom peer, List<Offered> offered, NameTable names) {
        List<Term> own = new ArrayList<>();
        List<Term> theirs = new ArrayList<>();
        List<Pid> losers = new ArrayList<>();
        boolean weResolve = TermOrder.STANDARD.compare(self, peer) < 0;
        for (Offered his : offered) {
            Optional<NameTable.Entry> mine = names.get(his.name());
            if (mine.isEmpty()) {
                own.add(insert(his));
            } else if (!mine.get().pid().equals(his.pid()) && weResolve) {
                NameTable.Entry kept = mine.get();
                if (TermOrder.STANDARD.compare(his.pid().node(), kept.pid().node()) < 0) {
                    own.add(insert(his));
                    losers.add(kept.pid());
                } else {
                    theirs.add(insert(new Offered(kept.name(), kept.pid(), kept.method())));
                    losers.add(his.pid());
                }
            }
        }
        return new NameExchange(List.copyOf(own), List.copyOf(theirs), List.copyOf(losers));
    }

    static Tuple insert(Offered name) {
        return Tuple.of(GlobalTerms.INSERT, name.toTerm());
    }

    static Tuple delete(Term name) {
        return Tuple.of(GlobalTerms.DELETE, name);
    }

    TermList peerOpsTerm() {
        return TermList.of(peerOps);
    }
}

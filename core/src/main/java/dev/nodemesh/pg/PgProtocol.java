package dev.nodemesh.pg;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The terms of pg's protocol (docs: erlang-distribution.md §8.4): builds the ones a scope sends
 * and reads the ones it receives, rejecting a malformed one with a typed error. Only the 2-tuple
 * {@code discover} is sent, which every pg version (OTP 23+) understands; the 3-tuple of OTP 26+
 * is read.
 */
final class PgProtocol {

    static final Atom DISCOVER = Atom.of("discover");
    static final Atom SYNC = Atom.of("sync");
    static final Atom JOIN = Atom.of("join");
    static final Atom LEAVE = Atom.of("leave");
    static final Atom GEN_CAST = Atom.of("$gen_cast");

    private PgProtocol() {}

    static Tuple discover(Pid self) {
        return Tuple.of(DISCOVER, self);
    }

    static Tuple sync(Pid self, Map<Term, List<Pid>> localGroups) {
        List<Term> groups = new ArrayList<>(localGroups.size());
        localGroups.forEach((group, pids) -> groups.add(Tuple.of(group, TermList.of(pids))));
        return Tuple.of(GEN_CAST, Tuple.of(SYNC, self, TermList.of(groups)));
    }

    static Tuple join(Pid self, Term group, Pid member) {
        return Tuple.of(JOIN, self, group, member);
    }

    static Tuple leave(Pid self, Pid member, List<Term> groups) {
        return Tuple.of(LEAVE, self, member, TermList.of(groups));
    }

    /**
     * Reads a message sent to the scope.
     *
     * @param message the message
     * @return the pg message, or empty when the message has none of pg's tags
     * @throws PgProtocolException when it has a pg tag but not the shape of that message
     */
    static Optional<PgMessage> parse(Term message) throws PgProtocolException {
        if (!(message instanceof Tuple tuple) || tuple.size() == 0 || !(tuple.get(0) instanceof Atom tag)) {
            return Optional.empty();
        }
        if (tag.equals(DISCOVER) && (tuple.size() == 2 || tuple.size() == 3)) {
            return Optional.of(new PgMessage.Discover(pid(tuple.get(1), "discover")));
        }
        if (tag.equals(JOIN) && tuple.size() == 4) {
            return Optional.of(new PgMessage.Join(pid(tuple.get(1), "join"), tuple.get(2), pids(tuple.get(3), "join")));
        }
        if (tag.equals(LEAVE) && tuple.size() == 4) {
            return Optional.of(new PgMessage.Leave(
                    pid(tuple.get(1), "leave"), pids(tuple.get(2), "leave"), list(tuple.get(3), "leave groups")));
        }
        if (tag.equals(GEN_CAST) && tuple.size() == 2 && tuple.get(1) instanceof Tuple cast && cast.isTagged(SYNC, 3)) {
            return Optional.of(new PgMessage.Sync(pid(cast.get(1), "sync"), groups(cast.get(2))));
        }
        if (tag.equals(DISCOVER) || tag.equals(JOIN) || tag.equals(LEAVE)) {
            throw malformed(tag.name() + " of " + tuple.size() + " elements");
        }
        return Optional.empty();
    }

    private static Map<Term, List<Pid>> groups(Term term) throws PgProtocolException {
        Map<Term, List<Pid>> groups = new LinkedHashMap<>();
        for (Term entry : list(term, "sync groups")) {
            if (!(entry instanceof Tuple pair) || pair.size() != 2) {
                throw malformed("a sync entry that is not {Group, Pids}");
            }
            List<Pid> pids = pids(pair.get(1), "sync");
            List<Pid> known = groups.get(pair.get(0));
            if (known == null) {
                groups.put(pair.get(0), new ArrayList<>(pids));
            } else {
                known.addAll(pids);
            }
        }
        return groups;
    }

    private static Pid pid(Term term, String what) throws PgProtocolException {
        if (term instanceof Pid pid) {
            return pid;
        }
        throw malformed(what + " names no scope pid");
    }

    private static List<Pid> pids(Term term, String what) throws PgProtocolException {
        if (term instanceof Pid pid) {
            return List.of(pid);
        }
        List<Term> elements = list(term, what + " members");
        List<Pid> pids = new ArrayList<>(elements.size());
        for (Term element : elements) {
            if (!(element instanceof Pid pid)) {
                throw malformed(what + " with a member that is not a pid");
            }
            pids.add(pid);
        }
        return pids;
    }

    private static List<Term> list(Term term, String what) throws PgProtocolException {
        if (term instanceof TermList list && list.isProper()) {
            return list.elements();
        }
        throw malformed(what + " is not a proper list");
    }

    private static PgProtocolException malformed(String detail) {
        return new PgProtocolException(PgProtocolException.Kind.MALFORMED, detail);
    }
}

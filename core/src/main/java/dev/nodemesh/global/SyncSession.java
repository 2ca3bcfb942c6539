package dev.nodemesh.global;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermOrder;
import dev.nodemesh.term.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * One connect of this node's name server with a peer's, from {@code init_connect} to {@code
 * resolved}: the two tags that tell this session's messages from a stale one's, the peer's locker,
 * whether each side has locked its partition, and the names and operations exchanged. Guarded by
 * the name server.
 */
final class SyncSession {

    final Atom peer;
    final Int myTag;
    Term hisTag;
    int hisVersion;
    Pid hisLocker;

    /** This side's partition is locked with {@link #lockId}. */
    boolean ownLock;
    /** A lock attempt of this side is running. */
    boolean locking;
    /** The peer said {@code lock_set true} for this session. */
    boolean peerLockSet;
    /** The nodes (other than this one) this side locked for the session. */
    final List<Atom> lockedNodes = new ArrayList<>();

    boolean exchangeSent;
    List<NameExchange.Offered> hisNames;
    NameExchange exchange;
    TermList hisResolved;
    Term hisKnown;
    int attempts;

    SyncSession(Atom peer, Int myTag) {
        this.peer = peer;
        this.myTag = myTag;
    }

    boolean connected() {
        return hisTag != null;
    }

    /**
     * The lock id both lockers of the connect use, {@code {global, lists:sort([LockerA, LockerB])}}:
     * the same on both sides, so each may lock the nodes the other has locked already.
     *
     * @param ownLocker this node's locker
     * @return the requester id (the sorted list)
     */
    Term requester(Pid ownLocker) {
        List<Term> lockers = new ArrayList<>(List.of(ownLocker, hisLocker));
        lockers.sort(TermOrder.STANDARD);
        return TermList.of(lockers);
    }

    Tuple lockId(Pid ownLocker) {
        return Tuple.of(GlobalTerms.GLOBAL, requester(ownLocker));
    }
}

package dev.nodemesh.runtime;

import static dev.nodemesh.runtime.ExitReasons.EXIT;
import static dev.nodemesh.runtime.ExitReasons.NOCONNECTION;
import static dev.nodemesh.runtime.ExitReasons.NOPROC;
import static dev.nodemesh.runtime.ExitReasons.SYSTEM_LIMIT;

import dev.nodemesh.dist.ControlMessage;
import dev.nodemesh.process.ProcessTable;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Links between processes, with the {@code UNLINK_ID} protocol OTP 26 makes mandatory. Every
 * mailbox traps exits: an exit signal arrives as the message {@code {:EXIT, from, reason}}. When
 * a process ends, everything linked to it gets an exit signal with its reason; when a peer node
 * goes away, links to its processes break with {@code noconnection}.
 *
 * <p>Each pair (a process of this node, another process) has one entry, keyed by both pids and
 * indexed by the peer the other process is on, so that every operation costs O(1), or O(what it
 * ends) when a process ends or a peer goes away. One lock guards the entries and is never held
 * while a signal is delivered or a packet sent. At most {@link NodeConfig#maxLinksPerPeer()} pairs
 * may involve one peer (an unlink waiting for its acknowledgement keeps its pair); a link the peer
 * asks for beyond that is refused with an exit signal {@code system_limit}.
 */
public final class Links {

    /**
     * What the process {@code local} of this node has with {@code other}: a link, and/or an unlink
     * of ours waiting for the peer's acknowledgement (its id, 0 when none). Equal only to itself.
     */
    private static final class Pair {
        final Pid local;
        final Pid other;
        /** The peer {@code other} is on, as far as the index goes; null when it is local. */
        final Atom peer;

        boolean linked;
        long unlinking;

        Pair(Pid local, Pid other, Atom peer) {
            this.local = local;
            this.other = other;
            this.peer = peer;
        }
    }

    private final ProcessTable processes;
    private final PeerSender peers;
    private final int maxPerPeer;
    private final Object lock = new Object();
    private final Map<Pid, Map<Pid, Pair>> byLocal = new HashMap<>();
    private final Map<Atom, Set<Pair>> byPeer = new HashMap<>();
    private long unlinkIds;

    /**
     * Creates the links of a node.
     *
     * @param processes the node's processes
     * @param peers the connection layer
     * @param maxPerPeer how many pairs may involve one peer
     */
    public Links(ProcessTable processes, PeerSender peers, int maxPerPeer) {
        this.processes = processes;
        this.peers = peers;
        this.maxPerPeer = maxPerPeer;
    }

    /**
     * Returns how many pairs may involve one peer.
     *
     * @return the bound
     */
    public int maxPerPeer() {
        return maxPerPeer;
    }

    /**
     * Links a local process with another, local or remote ({@code noproc} at once when a local
     * one does not exist; {@code noconnection} when a remote one's node cannot be reached).
     *
     * @param self the local process
     * @param other the other process
     */
    public void link(Pid self, Pid other) {
        if (self.equals(other)) {
            return;
        }
        if (isLocal(other.node())) {
            boolean linked = false;
            synchronized (lock) {
                // checked under the lock: a process leaves the table before its links break
                if (processes.find(other).isPresent()) {
                    pair(self, other, null).linked = true;
                    pair(other, self, null).linked = true;
                    linked = true;
                }
            }
            if (!linked) {
                exitSignal(self, other, NOPROC);
            }
            return;
        }
        synchronized (lock) {
            Pair pair = pair(self, other, other.node());
            pair.linked = true;
            pair.unlinking = 0;
        }
        peers.send(other.node(), other, new ControlMessage.Link(self, other), null);
        peers.connect(other.node()).whenComplete((creation, failure) -> {
            if (failure != null) {
                broken(self, other, NOCONNECTION);
            } else if (other.creation() != creation) {
                broken(self, other, NOPROC);
            }
        });
    }

    /**
     * Removes a link (with the {@code UNLINK_ID} handshake for a remote process).
     *
     * @param self the local process
     * @param other the other process
     */
    public void unlink(Pid self, Pid other) {
        long id;
        synchronized (lock) {
            if (!unlinkLocked(self, other)) {
                return;
            }
            if (isLocal(other.node())) {
                unlinkLocked(other, self);
                return;
            }
            id = ++unlinkIds;
            pair(self, other, other.node()).unlinking = id;
        }
        peers.send(other.node(), other, new ControlMessage.UnlinkId(id, self, other), null);
    }

    /**
     * A remote process links to one of ours (LINK). Refused with {@code noproc} when ours does not
     * exist, or {@code system_limit} when the peer has as many links as it may; the caller answers
     * a refusal with an exit signal on the connection the request came on.
     *
     * @param request the request
     * @param peer the node it came from
     * @return the refusal, or null when linked
     */
    public Term remoteLink(ControlMessage.Link request, Atom peer) {
        synchronized (lock) {
            Set<Pair> ofPeer = byPeer.get(peer);
            Pair existing = find(request.to(), request.from());
            if (processes.find(request.to()).isEmpty()) {
                return NOPROC;
            }
            if (existing == null && ofPeer != null && ofPeer.size() >= maxPerPeer) {
                return SYSTEM_LIMIT;
            }
            (existing != null ? existing : pair(request.to(), request.from(), peer)).linked = true;
            return null;
        }
    }

    /**
     * A remote process unlinked from one of ours (UNLINK_ID); the acknowledgement is sent by the caller.
     *
     * @param request the request
     */
    public void remoteUnlink(ControlMessage.UnlinkId request) {
        synchronized (lock) {
            unlinkLocked(request.to(), request.from());
        }
    }

    /**
     * The peer acknowledged our unlink: exit signals from that process are links again.
     *
     * @param ack the acknowledgement
     */
    public void unlinkAcknowledged(ControlMessage.UnlinkIdAck ack) {
        synchronized (lock) {
            Pair pair = find(ack.to(), ack.from());
            if (pair != null && pair.unlinking == ack.id()) {
                pair.unlinking = 0;
                dropIfIdle(pair);
            }
        }
    }

    /**
     * An exit signal from a linked remote process (EXIT or PAYLOAD_EXIT).
     *
     * @param from the remote process
     * @param to the local process
     * @param reason the reason
     */
    public void remoteExit(Pid from, Pid to, Term reason) {
        synchronized (lock) {
            Pair pair = find(to, from);
            if (pair == null || pair.unlinking != 0 || !unlinkLocked(to, from)) {
                return;
            }
        }
        exitSignal(to, from, reason);
    }

    /**
     * A process of this node ended: everything linked to it gets its reason.
     *
     * @param pid the process
     * @param reason its exit reason
     */
    public void exited(Pid pid, Term reason) {
        List<Pid> localSignals = new ArrayList<>();
        List<Pid> remoteSignals = new ArrayList<>();
        synchronized (lock) {
            Map<Pid, Pair> pairs = byLocal.remove(pid);
            if (pairs == null) {
                return;
            }
            for (Pair pair : pairs.values()) {
                if (pair.peer != null) {
                    unindex(pair);
                }
                if (!pair.linked) {
                    continue;
                }
                if (isLocal(pair.other.node())) {
                    if (unlinkLocked(pair.other, pid)) {
                        localSignals.add(pair.other);
                    }
                } else {
                    remoteSignals.add(pair.other);
                }
            }
        }
        for (Pid other : localSignals) {
            exitSignal(other, pid, reason);
        }
        for (Pid other : remoteSignals) {
            // queued behind the LINK when the connection is still being set up
            peers.send(other.node(), other, new ControlMessage.PayloadExit(pid, other), reason);
        }
    }

    /**
     * A peer went away: links to its processes break with {@code noconnection}.
     *
     * @param peer the peer node
     */
    public void peerDown(Atom peer) {
        List<Pair> broken = new ArrayList<>();
        synchronized (lock) {
            Set<Pair> pairs = byPeer.remove(peer);
            if (pairs == null) {
                return;
            }
            for (Pair pair : pairs) {
                Map<Pid, Pair> ofLocal = byLocal.get(pair.local);
                ofLocal.remove(pair.other);
                if (ofLocal.isEmpty()) {
                    byLocal.remove(pair.local);
                }
                if (pair.linked) {
                    broken.add(pair);
                }
            }
        }
        for (Pair pair : broken) {
            exitSignal(pair.local, pair.other, NOCONNECTION);
        }
    }

    /**
     * Tells whether two processes are linked.
     *
     * @param self the local process
     * @param other the other process
     * @return whether linked
     */
    public boolean isLinked(Pid self, Pid other) {
        synchronized (lock) {
            Pair pair = find(self, other);
            return pair != null && pair.linked;
        }
    }

    /**
     * Tells how many pairs (links, and unlinks waiting for an acknowledgement) involve a peer.
     *
     * @param peer the peer node
     * @return the count
     */
    public int heldBy(Atom peer) {
        synchronized (lock) {
            Set<Pair> pairs = byPeer.get(peer);
            return pairs == null ? 0 : pairs.size();
        }
    }

    private void broken(Pid local, Pid remote, Term reason) {
        boolean removed;
        synchronized (lock) {
            removed = unlinkLocked(local, remote);
        }
        if (removed) {
            exitSignal(local, remote, reason);
        }
    }

    private void exitSignal(Pid to, Pid from, Term reason) {
        processes.find(to).ifPresent(p -> p.deliverSignal(Tuple.of(EXIT, from, reason)));
    }

    private Pair find(Pid local, Pid other) {
        Map<Pid, Pair> pairs = byLocal.get(local);
        return pairs == null ? null : pairs.get(other);
    }

    /** The entry of the pair, created (and indexed under {@code peer}, when not null) if missing. */
    private Pair pair(Pid local, Pid other, Atom peer) {
        Map<Pid, Pair> pairs = byLocal.computeIfAbsent(local, p -> new LinkedHashMap<>());
        Pair pair = pairs.get(other);
        if (pair == null) {
            pair = new Pair(local, other, peer);
            pairs.put(other, pair);
            if (peer != null) {
                byPeer.computeIfAbsent(peer, p -> new LinkedHashSet<>()).add(pair);
            }
        }
        return pair;
    }

    /** Removes the link of the pair, if there is one; returns whether there was. */
    private boolean unlinkLocked(Pid local, Pid other) {
        Pair pair = find(local, other);
        if (pair == null || !pair.linked) {
            return false;
        }
        pair.linked = false;
        dropIfIdle(pair);
        return true;
    }

    private void dropIfIdle(Pair pair) {
        if (pair.linked || pair.unlinking != 0) {
            return;
        }
        Map<Pid, Pair> pairs = byLocal.get(pair.local);
        if (pairs != null && pairs.remove(pair.other, pair) && pairs.isEmpty()) {
            byLocal.remove(pair.local);
        }
        if (pair.peer != null) {
            unindex(pair);
        }
    }

    private void unindex(Pair pair) {
        Set<Pair> pairs = byPeer.get(pair.peer);
        if (pairs != null && pairs.remove(pair) && pairs.isEmpty()) {
            byPeer.remove(pair.peer);
        }
    }

    private boolean isLocal(Atom nodeName) {
        return nodeName.equals(processes.node());
    }
}

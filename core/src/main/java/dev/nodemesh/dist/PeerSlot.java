package dev.nodemesh.dist;

import dev.nodemesh.handshake.HandshakeArbiter;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Everything known about one peer: at most one established connection, and the attempts (one
 * outgoing, one incoming) that are shaking hands. Guarded by the connection manager's lock.
 */
final class PeerSlot {

    /** A message waiting for the connection to come up. */
    record PendingSend(Pid target, ControlMessage control, Term payload) {}

    final Atom peer;
    final CompletableFuture<Connection> ready = new CompletableFuture<>();
    Channel outgoing;
    Channel incoming;
    Connection connection;
    boolean dialing;
    /**
     * Set while this node, having lost a simultaneous connect, waits for the peer's own attempt:
     * the token of that wait, so that its deadline fails the slot only if it is still that wait.
     * Cleared when the peer's attempt is admitted or a connection comes up.
     */
    Object awaitingPeer;
    /** Whether this node asked for the connection (connect or send), not only the peer. */
    boolean requested;

    List<PendingSend> pending;
    int droppedPending;

    /** A rough count of the bytes the pending sends will take once encoded. */
    long pendingBytes;

    PeerSlot(Atom peer) {
        this.peer = peer;
    }

    /** Binaries count their size, anything else a small message's. */
    static long estimate(Term payload) {
        return payload instanceof Binary binary ? binary.size() + 64L : 64L;
    }

    boolean hasAttempt() {
        return dialing || outgoing != null || incoming != null || awaitingPeer != null;
    }

    void queue(PendingSend send, int limit) {
        if (pending == null) {
            pending = new ArrayList<>();
        }
        if (pending.size() < limit) {
            pending.add(send);
            pendingBytes += estimate(send.payload());
        } else {
            droppedPending++;
        }
    }

    /**
     * Decides on a handshake this known peer opened, by OTP's rules, and records its channel when
     * it may go on: a second incoming attempt is refused; with a connection up the peer is asked
     * whether it replaces it ({@code alive}); otherwise we are setting up our own connection, and
     * the node with the greater name keeps its own attempt, so ours is dropped when the peer's name
     * is greater ({@code ok_simultaneous}) and the peer's refused otherwise. (A peer with no slot
     * yet is simply admitted.)
     *
     * @param channel the incoming attempt
     * @param peerNameIsGreater whether the peer's name orders after this node's
     * @return the decision to send to the peer
     */
    HandshakeArbiter.Decision admitIncoming(Channel channel, boolean peerNameIsGreater) {
        if (incoming != null) {
            return HandshakeArbiter.Decision.NOK;
        }
        if (connection != null) {
            incoming = channel;
            return HandshakeArbiter.Decision.ALIVE;
        }
        if (peerNameIsGreater) {
            Channel ours = outgoing;
            outgoing = null;
            incoming = channel;
            awaitingPeer = null;
            dialing = false; // our own dial, still looking the peer up or connecting, is abandoned
            if (ours != null) {
                ours.close();
            }
            return HandshakeArbiter.Decision.OK_SIMULTANEOUS;
        }
        return HandshakeArbiter.Decision.NOK;
    }
}

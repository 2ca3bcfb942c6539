package dev.nodemesh.dist;

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
        return dialing || outgoing != null || incoming != null;
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
}

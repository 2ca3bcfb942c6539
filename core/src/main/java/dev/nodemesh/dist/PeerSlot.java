package dev.nodemesh.dist;

import dev.nodemesh.term.Atom;
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
    List<PendingSend> pending;
    int droppedPending;

    PeerSlot(Atom peer) {
        this.peer = peer;
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
        } else {
            droppedPending++;
        }
    }
}

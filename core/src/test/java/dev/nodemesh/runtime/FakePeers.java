package dev.nodemesh.runtime;

import dev.nodemesh.dist.ControlMessage;
import dev.nodemesh.process.LocalProcess;
import dev.nodemesh.process.ProcessTable;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A connection layer for unit tests of links, monitors and node watchers: records every packet
 * sent, and lets the test decide when and how a connection attempt ends. Peers are connected once
 * {@link #up} says so; a packet to a peer that is not up is still recorded by {@link #send}, and
 * dropped by {@link #sendIfConnected}, as the real table does; {@link #sendUnlessDisconnected} keeps
 * it while an attempt to connect is under way.
 */
final class FakePeers implements PeerSender {

    static final Atom CHIP = Atom.of("chip@localhost");
    static final Atom DALE = Atom.of("dale@localhost");
    static final Atom ERL = Atom.of("erl@localhost");

    /** The creation of the peers' processes that {@link #on} makes. */
    static final int DALE_CREATION = 7;

    /** A pid of a peer's current incarnation. */
    static Pid on(Atom node, int id) {
        return new Pid(node, id, 0, DALE_CREATION);
    }

    /** A packet handed to the connection layer. */
    record Sent(Atom peer, ControlMessage control, Term payload) {}

    final List<Sent> sent = new ArrayList<>();
    private final Map<Atom, Integer> up = new HashMap<>();
    private final Map<Atom, CompletableFuture<Integer>> attempts = new HashMap<>();

    /** Marks a peer as connected, with a creation; a pending attempt to it completes. */
    void up(Atom peer, int creation) {
        up.put(peer, creation);
        attempt(peer).complete(creation);
    }

    /** Fails the attempt to connect to a peer. */
    void unreachable(Atom peer) {
        attempt(peer).completeExceptionally(new java.net.ConnectException("unreachable"));
    }

    void down(Atom peer) {
        up.remove(peer);
        attempts.remove(peer);
    }

    private CompletableFuture<Integer> attempt(Atom peer) {
        return attempts.computeIfAbsent(peer, p -> new CompletableFuture<>());
    }

    @Override
    public void send(Atom peer, Pid target, ControlMessage control, Term payload) {
        sent.add(new Sent(peer, control, payload));
    }

    @Override
    public void sendIfConnected(Atom peer, ControlMessage control, Term payload) {
        if (up.containsKey(peer)) {
            sent.add(new Sent(peer, control, payload));
        }
    }

    @Override
    public void sendUnlessDisconnected(Atom peer, Pid target, ControlMessage control, Term payload) {
        CompletableFuture<Integer> attempt = attempts.get(peer);
        if (up.containsKey(peer) || (attempt != null && !attempt.isDone())) {
            sent.add(new Sent(peer, control, payload));
        }
    }

    @Override
    public CompletableFuture<Integer> connect(Atom peer) {
        return attempt(peer);
    }

    @Override
    public boolean isConnected(Atom peer) {
        return up.containsKey(peer);
    }

    /** A process that keeps what it is given, signals and messages alike. */
    static final class Inbox implements LocalProcess {

        private final Pid pid;
        final List<Term> received = new ArrayList<>();

        Inbox(Pid pid) {
            this.pid = pid;
        }

        @Override
        public Pid pid() {
            return pid;
        }

        @Override
        public void deliver(Term message) {
            received.add(message);
        }

        static Inbox spawn(ProcessTable table) {
            return table.spawn(Inbox::new);
        }
    }
}

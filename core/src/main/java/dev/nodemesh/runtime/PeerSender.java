package dev.nodemesh.runtime;

import dev.nodemesh.dist.ConnectionManager;
import dev.nodemesh.dist.ControlMessage;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import java.util.concurrent.CompletableFuture;

/**
 * What links, monitors and the mesh gossip need of the connection layer: send a control message
 * to a peer, and connect to it. {@link #of(ConnectionManager)} is the real one; tests give their
 * own.
 */
public interface PeerSender {

    /**
     * Sends to a peer, connecting first when needed (the packet waits for the connection).
     *
     * @param peer the peer node
     * @param target the target pid, or null when the control message names none
     * @param control the control message
     * @param payload the payload, or null
     */
    void send(Atom peer, Pid target, ControlMessage control, Term payload);

    /**
     * Sends two packets that belong together (a call's monitor and its request) to a peer, in one
     * write where the connection allows, connecting first when needed.
     *
     * @param peer the peer node
     * @param target the target pid, or null when the packets name none
     * @param first the first control message
     * @param firstPayload its payload, or null
     * @param second the second control message
     * @param secondPayload its payload, or null
     */
    default void sendTogether(
            Atom peer, Pid target, ControlMessage first, Term firstPayload, ControlMessage second, Term secondPayload) {
        send(peer, target, first, firstPayload);
        send(peer, target, second, secondPayload);
    }

    /**
     * Sends on the current connection to a peer; dropped when there is none.
     *
     * @param peer the peer node
     * @param control the control message
     * @param payload the payload, or null
     */
    void sendIfConnected(Atom peer, ControlMessage control, Term payload);

    /**
     * Sends on the connection to a peer, or queues behind the packets waiting for a connection
     * being set up; dropped when the peer is neither connected nor being connected to. For a packet
     * that only means something on the connection it belongs to, such as the demonitor of a monitor
     * that a closed connection already took with it: it must not dial the peer again.
     *
     * @param peer the peer node
     * @param target the target pid, or null when the control message names none
     * @param control the control message
     * @param payload the payload, or null
     */
    void sendUnlessDisconnected(Atom peer, Pid target, ControlMessage control, Term payload);

    /**
     * Connects to a peer (or finds the connection).
     *
     * @param peer the peer node
     * @return completes with the peer's creation, or exceptionally when it cannot be reached
     */
    CompletableFuture<Integer> connect(Atom peer);

    /**
     * Tells whether a connection to a peer is up.
     *
     * @param peer the peer node
     * @return whether connected
     */
    boolean isConnected(Atom peer);

    /**
     * The sender over a node's connection table.
     *
     * @param connections the connection table
     * @return the sender
     */
    static PeerSender of(ConnectionManager connections) {
        return new PeerSender() {
            @Override
            public void send(Atom peer, Pid target, ControlMessage control, Term payload) {
                connections.send(peer, target, control, payload);
            }

            @Override
            public void sendTogether(
                    Atom peer,
                    Pid target,
                    ControlMessage first,
                    Term firstPayload,
                    ControlMessage second,
                    Term secondPayload) {
                connections.sendTogether(peer, target, first, firstPayload, second, secondPayload);
            }

            @Override
            public void sendIfConnected(Atom peer, ControlMessage control, Term payload) {
                connections.connection(peer).ifPresent(c -> c.send(control, payload));
            }

            @Override
            public void sendUnlessDisconnected(Atom peer, Pid target, ControlMessage control, Term payload) {
                connections.sendUnlessDisconnected(peer, target, control, payload);
            }

            @Override
            public CompletableFuture<Integer> connect(Atom peer) {
                return connections.connect(peer).thenApply(c -> c.peerCreation());
            }

            @Override
            public boolean isConnected(Atom peer) {
                return connections.connection(peer).isPresent();
            }
        };
    }
}

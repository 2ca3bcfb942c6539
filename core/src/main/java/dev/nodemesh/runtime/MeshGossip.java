package dev.nodemesh.runtime;

import dev.nodemesh.dist.Connection;
import dev.nodemesh.dist.ConnectionListener;
import dev.nodemesh.dist.ControlMessage;
import dev.nodemesh.dist.DisconnectReason;
import dev.nodemesh.process.LocalProcess;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps nodemesh nodes in a full mesh. On every new connection it sends the peer's mesh process
 * {@code {nodemesh_mesh, hello, Self, KnownPeers}}; a nodemesh peer answers in kind and each side
 * connects to the nodes it did not know. BEAM nodes have no process of this name and drop the
 * message, so they are never told about, nor meshed with, other nodes this way.
 */
final class MeshGossip implements LocalProcess, ConnectionListener {

    /** The name the mesh process is registered under on every nodemesh node. */
    static final Atom NAME = Atom.of("nodemesh_mesh");

    private static final Atom HELLO = Atom.of("hello");

    private final Atom self;
    private final Pid pid;
    private final PeerSender connections;
    private final IntroducedDials introduced;
    private final Set<Atom> meshPeers = ConcurrentHashMap.newKeySet();

    MeshGossip(Atom self, Pid pid, PeerSender peers, IntroducedDials introduced) {
        this.self = self;
        this.pid = pid;
        this.connections = peers;
        this.introduced = introduced;
    }

    @Override
    public Pid pid() {
        return pid;
    }

    /**
     * Tells whether a connected peer has greeted this node as a nodemesh node.
     *
     * @param peer the peer's name
     * @return whether its mesh process said hello on the current connection
     */
    boolean isMeshPeer(Atom peer) {
        return meshPeers.contains(peer);
    }

    @Override
    public void connectionUp(Connection connection) {
        List<Term> known = new ArrayList<>();
        for (Atom peer : meshPeers) {
            if (!peer.equals(connection.peer())) {
                known.add(peer);
            }
        }
        Tuple hello = Tuple.of(NAME, HELLO, self, TermList.of(known));
        // On this connection only: if it is already gone, the hello must not dial the peer again
        // (a quick connect-disconnect would otherwise race a reconnect of our own).
        connection.send(new ControlMessage.RegSend(pid, NAME), hello);
    }

    @Override
    public void connectionDown(Connection connection, DisconnectReason reason) {
        meshPeers.remove(connection.peer());
    }

    @Override
    public void deliver(Term message) {
        if (!(message instanceof Tuple hello)
                || !hello.isTagged(NAME, 4)
                || !HELLO.equals(hello.get(1))
                || !(hello.get(2) instanceof Atom sender)
                || !(hello.get(3) instanceof TermList peers)) {
            return;
        }
        if (!connections.isConnected(sender)) {
            return;
        }
        meshPeers.add(sender);
        for (Term peer : peers.elements()) {
            if (peer instanceof Atom other && !other.equals(self) && !connections.isConnected(other)) {
                introduced.dial(other, sender);
            }
        }
    }
}

package dev.nodemesh;

import static dev.nodemesh.ExitReasons.EXIT;
import static dev.nodemesh.ExitReasons.NOCONNECTION;
import static dev.nodemesh.ExitReasons.NOPROC;

import dev.nodemesh.dist.Connection;
import dev.nodemesh.dist.ConnectionListener;
import dev.nodemesh.dist.ControlMessage;
import dev.nodemesh.dist.DisconnectReason;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Links between processes, with the {@code UNLINK_ID} protocol OTP 26 makes mandatory. Every
 * mailbox traps exits: an exit signal arrives as the message {@code {:EXIT, from, reason}}. When
 * a process ends, everything linked to it gets an exit signal with its reason; when a peer node
 * goes away, links to its processes break with {@code noconnection}.
 */
final class Links implements ConnectionListener {

    /** One direction of an unlink waiting for the peer's acknowledgement. */
    private record Unlinking(Pid local, Pid remote) {}

    private final Node node;
    private final Map<Pid, Set<Pid>> links = new ConcurrentHashMap<>();
    private final Map<Unlinking, Long> unlinking = new ConcurrentHashMap<>();
    private final AtomicLong unlinkIds = new AtomicLong();

    Links(Node node) {
        this.node = node;
    }

    void link(Pid self, Pid other) {
        if (self.equals(other)) {
            return;
        }
        if (isLocal(other.node())) {
            if (node.processes().find(other).isEmpty()) {
                exitSignal(self, other, NOPROC);
                return;
            }
            add(self, other);
            add(other, self);
            return;
        }
        add(self, other);
        unlinking.remove(new Unlinking(self, other));
        node.connections().send(other.node(), other, new ControlMessage.Link(self, other), null);
        node.connections().connect(other.node()).whenComplete((connection, failure) -> {
            if (failure != null) {
                broken(self, other, NOCONNECTION);
            } else if (other.creation() != connection.peerCreation()) {
                broken(self, other, NOPROC);
            }
        });
    }

    void unlink(Pid self, Pid other) {
        if (!remove(self, other)) {
            return;
        }
        if (isLocal(other.node())) {
            remove(other, self);
            return;
        }
        long id = unlinkIds.incrementAndGet();
        unlinking.put(new Unlinking(self, other), id);
        node.connections()
                .connection(other.node())
                .ifPresent(c -> c.send(new ControlMessage.UnlinkId(id, self, other), null));
    }

    /** A remote process linked to one of ours (LINK); the caller checked that ours is alive. */
    void remoteLink(ControlMessage.Link request) {
        add(request.to(), request.from());
    }

    /** A remote process unlinked from one of ours (UNLINK_ID); the acknowledgement is sent by the caller. */
    void remoteUnlink(ControlMessage.UnlinkId request) {
        remove(request.to(), request.from());
    }

    /** The peer acknowledged our unlink: exit signals from that process are links again. */
    void unlinkAcknowledged(ControlMessage.UnlinkIdAck ack) {
        Unlinking key = new Unlinking(ack.to(), ack.from());
        unlinking.remove(key, ack.id());
    }

    /** An exit signal from a linked remote process (EXIT or PAYLOAD_EXIT). */
    void remoteExit(Pid from, Pid to, Term reason) {
        if (unlinking.containsKey(new Unlinking(to, from))) {
            return;
        }
        if (remove(to, from)) {
            exitSignal(to, from, reason);
        }
    }

    /** A process of this node ended: everything linked to it gets its reason. */
    void exited(Pid pid, Term reason) {
        Set<Pid> linked = links.remove(pid);
        unlinking.keySet().removeIf(u -> u.local().equals(pid));
        if (linked == null) {
            return;
        }
        for (Pid other : linked) {
            if (isLocal(other.node())) {
                if (remove(other, pid)) {
                    exitSignal(other, pid, reason);
                }
            } else {
                node.connections()
                        .connection(other.node())
                        .ifPresent(c -> c.send(new ControlMessage.PayloadExit(pid, other), reason));
            }
        }
    }

    @Override
    public void connectionUp(Connection connection) {}

    @Override
    public void connectionDown(Connection connection, DisconnectReason reason) {
        Atom peer = connection.peer();
        for (Map.Entry<Pid, Set<Pid>> entry : links.entrySet()) {
            for (Pid other : entry.getValue()) {
                if (other.node().equals(peer)) {
                    broken(entry.getKey(), other, NOCONNECTION);
                }
            }
        }
        unlinking.keySet().removeIf(u -> u.remote().node().equals(peer));
    }

    private void broken(Pid local, Pid remote, Term reason) {
        if (remove(local, remote)) {
            exitSignal(local, remote, reason);
        }
    }

    private void exitSignal(Pid to, Pid from, Term reason) {
        node.processes().find(to).ifPresent(p -> p.deliverSignal(Tuple.of(EXIT, from, reason)));
    }

    private void add(Pid self, Pid other) {
        links.computeIfAbsent(self, p -> ConcurrentHashMap.newKeySet()).add(other);
    }

    private boolean remove(Pid self, Pid other) {
        boolean[] removed = {false};
        links.computeIfPresent(self, (p, set) -> {
            removed[0] = set.remove(other);
            return set.isEmpty() ? null : set;
        });
        return removed[0];
    }

    boolean isLinked(Pid self, Pid other) {
        Set<Pid> set = links.get(self);
        return set != null && set.contains(other);
    }

    private boolean isLocal(Atom nodeName) {
        return nodeName.equals(node.name().atom());
    }
}

package dev.nodemesh;

import static dev.nodemesh.ExitReasons.NOCONNECTION;
import static dev.nodemesh.ExitReasons.NOPROC;
import static dev.nodemesh.ExitReasons.SYSTEM_LIMIT;

import dev.nodemesh.dist.Connection;
import dev.nodemesh.dist.ConnectionListener;
import dev.nodemesh.dist.ControlMessage;
import dev.nodemesh.dist.DisconnectReason;
import dev.nodemesh.process.LocalProcess;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Process monitors, local and across nodes (MONITOR_P, DEMONITOR_P, MONITOR_P_EXIT). A watcher
 * gets {@code {:DOWN, ref, :process, target, reason}}: the reason the target ended, {@code
 * noproc} at once when there is no such process, {@code noconnection} when the target's node
 * goes away. Idle processes cost nothing here: entries exist only while monitors do.
 *
 * <p>Every operation costs O(1), or O(what it ends) for a process ending or a peer going away:
 * each monitor is one entry keyed by its reference, indexed by its target, by its local watcher
 * and by the peer that holds it. One lock guards the indexes and is never held while a signal is
 * delivered or a packet sent. A peer holds at most {@link NodeConfig#maxMonitorsPerPeer()}
 * monitors on this node's processes; one more is answered at once with {@code system_limit}.
 */
final class Monitors implements ConnectionListener {

    /** A monitor this node's process holds on a process of another node. */
    private record Remote(Ref ref, Pid watcher, Atom node, Term toProc, Term downTarget) {}

    /**
     * A monitor on a process of this node, by a process here ({@code peer} null) or on {@code
     * peer}. Equal only to itself, so that the indexes find it in O(1).
     */
    private static final class Watch {
        final Ref ref;
        final Pid watcher;
        final Pid target;
        final Term toProc;
        final Term downTarget;
        final Atom peer;

        Watch(Ref ref, Pid watcher, Pid target, Term toProc, Term downTarget, Atom peer) {
            this.ref = ref;
            this.watcher = watcher;
            this.target = target;
            this.toProc = toProc;
            this.downTarget = downTarget;
            this.peer = peer;
        }
    }

    private final Node node;
    private final Object lock = new Object();

    /** Monitors this node's processes hold on other nodes' processes, by reference. */
    private final Map<Ref, Remote> remote = new HashMap<>();

    private final Map<Atom, Set<Ref>> remoteByNode = new HashMap<>();
    private final Map<Pid, Set<Ref>> remoteByWatcher = new HashMap<>();

    /** Monitors this node's processes hold on this node's processes, by reference. */
    private final Map<Ref, Watch> localWatches = new HashMap<>();

    /** Monitors each peer holds on this node's processes, by reference. */
    private final Map<Atom, Map<Ref, Watch>> peerWatches = new HashMap<>();

    /** Monitors on each process of this node, in the order they were set up. */
    private final Map<Pid, Set<Watch>> byTarget = new HashMap<>();

    private final Map<Pid, Set<Watch>> byLocalWatcher = new HashMap<>();

    Monitors(Node node) {
        this.node = node;
    }

    Ref monitor(Pid watcher, Pid target) {
        Ref ref = node.processes().newRef();
        if (isLocal(target.node())) {
            watchLocal(ref, watcher, node.processes().find(target), target, target);
        } else {
            watchRemote(ref, watcher, target.node(), target, target);
        }
        return ref;
    }

    Ref monitor(Pid watcher, Atom name, NodeName targetNode) {
        Ref ref = node.processes().newRef();
        Tuple downTarget = Tuple.of(name, targetNode.atom());
        if (isLocal(targetNode.atom())) {
            watchLocal(ref, watcher, node.processes().whereis(name), name, downTarget);
        } else {
            watchRemote(ref, watcher, targetNode.atom(), name, downTarget);
        }
        return ref;
    }

    private void watchLocal(Ref ref, Pid watcher, Optional<LocalProcess> target, Term toProc, Term downTarget) {
        boolean added = false;
        if (target.isPresent()) {
            Watch watch = new Watch(ref, watcher, target.get().pid(), toProc, downTarget, null);
            synchronized (lock) {
                // checked under the lock: a process leaves the table before its monitors are fired
                if (alive(watch.target)) {
                    localWatches.put(ref, watch);
                    index(byLocalWatcher, watcher, watch);
                    index(byTarget, watch.target, watch);
                    added = true;
                }
            }
        }
        if (!added) {
            deliverDown(watcher, ref, downTarget, NOPROC);
        }
    }

    private void watchRemote(Ref ref, Pid watcher, Atom peer, Term toProc, Term downTarget) {
        synchronized (lock) {
            remote.put(ref, new Remote(ref, watcher, peer, toProc, downTarget));
            index(remoteByNode, peer, ref);
            index(remoteByWatcher, watcher, ref);
        }
        Pid targetPid = toProc instanceof Pid pid ? pid : null;
        node.connections().send(peer, targetPid, new ControlMessage.MonitorP(watcher, toProc, ref), null);
        node.connections().connect(peer).whenComplete((connection, failure) -> {
            if (failure != null) {
                fire(ref, NOCONNECTION);
            } else if (targetPid != null && targetPid.creation() != connection.peerCreation()) {
                fire(ref, NOPROC);
            }
        });
    }

    boolean demonitor(Pid watcher, Ref ref) {
        Remote held;
        synchronized (lock) {
            held = remote.get(ref);
            if (held == null || !held.watcher().equals(watcher)) {
                Watch watch = localWatches.get(ref);
                if (watch == null || !watch.watcher.equals(watcher)) {
                    return false;
                }
                localWatches.remove(ref);
                unindex(byLocalWatcher, watcher, watch);
                unindex(byTarget, watch.target, watch);
                return true;
            }
            removeRemote(held);
        }
        node.connections()
                .connection(held.node())
                .ifPresent(c -> c.send(new ControlMessage.DemonitorP(watcher, held.toProc(), ref), null));
        return true;
    }

    /**
     * A process of another node monitors one of ours (MONITOR_P). Beyond the peer's bound the
     * monitor is refused with {@code system_limit}, as if the target had ended for that reason.
     */
    void remoteMonitor(ControlMessage.MonitorP request, Connection from) {
        Optional<LocalProcess> target = request.toProc() instanceof Pid pid
                ? node.processes().find(pid)
                : request.toProc() instanceof Atom name ? node.processes().whereis(name) : Optional.empty();
        Term refusal = NOPROC;
        if (target.isPresent()) {
            Atom peer = from.peer();
            int bound = node.config().maxMonitorsPerPeer();
            Watch watch = new Watch(
                    request.ref(), request.from(), target.get().pid(), request.toProc(), request.toProc(), peer);
            synchronized (lock) {
                Map<Ref, Watch> held = peerWatches.get(peer);
                if (held != null && held.size() >= bound) {
                    refusal = SYSTEM_LIMIT;
                } else if (alive(watch.target)) {
                    if (held == null) {
                        held = new HashMap<>();
                        peerWatches.put(peer, held);
                    }
                    if (held.putIfAbsent(watch.ref, watch) == null) {
                        index(byTarget, watch.target, watch);
                    }
                    return;
                }
            }
            if (refusal == SYSTEM_LIMIT) {
                PeerLimitLog.refused(from, "monitors", bound, "maxMonitorsPerPeer");
            }
        }
        from.send(new ControlMessage.PayloadMonitorPExit(request.toProc(), request.from(), request.ref()), refusal);
    }

    /** A process of another node stops monitoring one of ours (DEMONITOR_P). */
    void remoteDemonitor(ControlMessage.DemonitorP request, Connection from) {
        synchronized (lock) {
            Map<Ref, Watch> held = peerWatches.get(from.peer());
            Watch watch = held == null ? null : held.get(request.ref());
            if (watch != null && watch.watcher.equals(request.from())) {
                held.remove(request.ref());
                if (held.isEmpty()) {
                    peerWatches.remove(from.peer());
                }
                unindex(byTarget, watch.target, watch);
            }
        }
    }

    /** A monitored process of another node ended (MONITOR_P_EXIT or its payload form). */
    void fire(Ref ref, Term reason, Connection from) {
        Remote held;
        synchronized (lock) {
            held = remote.get(ref);
            if (held == null || !held.node().equals(from.peer())) {
                return;
            }
            removeRemote(held);
        }
        deliverDown(held.watcher(), ref, held.downTarget(), reason);
    }

    private void fire(Ref ref, Term reason) {
        Remote held;
        synchronized (lock) {
            held = remote.get(ref);
            if (held == null) {
                return;
            }
            removeRemote(held);
        }
        deliverDown(held.watcher(), ref, held.downTarget(), reason);
    }

    /** A process of this node ended: every watcher hears of it, and the monitors it held end. */
    void exited(Pid pid, Term reason) {
        Set<Watch> watching;
        List<Remote> held = List.of();
        synchronized (lock) {
            watching = byTarget.remove(pid);
            if (watching != null) {
                for (Watch watch : watching) {
                    if (watch.peer == null) {
                        localWatches.remove(watch.ref);
                        unindex(byLocalWatcher, watch.watcher, watch);
                    } else {
                        Map<Ref, Watch> ofPeer = peerWatches.get(watch.peer);
                        ofPeer.remove(watch.ref);
                        if (ofPeer.isEmpty()) {
                            peerWatches.remove(watch.peer);
                        }
                    }
                }
            }
            Set<Ref> refs = remoteByWatcher.remove(pid);
            if (refs != null) {
                held = new ArrayList<>(refs.size());
                for (Ref ref : refs) {
                    Remote monitor = remote.remove(ref);
                    unindex(remoteByNode, monitor.node(), ref);
                    held.add(monitor);
                }
            }
            Set<Watch> own = byLocalWatcher.remove(pid);
            if (own != null) {
                for (Watch watch : own) {
                    localWatches.remove(watch.ref);
                    unindex(byTarget, watch.target, watch);
                }
            }
        }
        if (watching != null) {
            for (Watch watch : watching) {
                if (watch.peer == null) {
                    deliverDown(watch.watcher, watch.ref, watch.downTarget, reason);
                } else {
                    node.connections()
                            .connection(watch.peer)
                            .ifPresent(c -> c.send(
                                    new ControlMessage.PayloadMonitorPExit(watch.toProc, watch.watcher, watch.ref),
                                    reason));
                }
            }
        }
        for (Remote monitor : held) {
            node.connections()
                    .connection(monitor.node())
                    .ifPresent(c -> c.send(new ControlMessage.DemonitorP(pid, monitor.toProc(), monitor.ref()), null));
        }
    }

    boolean isWatched(Pid pid) {
        synchronized (lock) {
            return byTarget.containsKey(pid);
        }
    }

    /** How many monitors the processes of {@code peer} hold on this node's processes. */
    int heldBy(Atom peer) {
        synchronized (lock) {
            Map<Ref, Watch> held = peerWatches.get(peer);
            return held == null ? 0 : held.size();
        }
    }

    @Override
    public void connectionUp(Connection connection) {}

    @Override
    public void connectionDown(Connection connection, DisconnectReason reason) {
        Atom peer = connection.peer();
        List<Remote> broken = new ArrayList<>();
        synchronized (lock) {
            Map<Ref, Watch> held = peerWatches.remove(peer);
            if (held != null) {
                for (Watch watch : held.values()) {
                    unindex(byTarget, watch.target, watch);
                }
            }
            Set<Ref> refs = remoteByNode.remove(peer);
            if (refs != null) {
                for (Ref ref : refs) {
                    Remote monitor = remote.remove(ref);
                    unindex(remoteByWatcher, monitor.watcher(), ref);
                    broken.add(monitor);
                }
            }
        }
        for (Remote monitor : broken) {
            deliverDown(monitor.watcher(), monitor.ref(), monitor.downTarget(), NOCONNECTION);
        }
    }

    private void removeRemote(Remote held) {
        remote.remove(held.ref());
        unindex(remoteByNode, held.node(), held.ref());
        unindex(remoteByWatcher, held.watcher(), held.ref());
    }

    private boolean alive(Pid pid) {
        return node.processes().find(pid).isPresent();
    }

    private static <K, V> void index(Map<K, Set<V>> index, K key, V value) {
        index.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(value);
    }

    private static <K, V> void unindex(Map<K, Set<V>> index, K key, V value) {
        Set<V> values = index.get(key);
        if (values != null && values.remove(value) && values.isEmpty()) {
            index.remove(key);
        }
    }

    private void deliverDown(Pid watcher, Ref ref, Term target, Term reason) {
        node.processes().find(watcher).ifPresent(p -> p.deliverSignal(new Down(ref, target, reason).toTerm()));
    }

    private boolean isLocal(Atom nodeName) {
        return nodeName.equals(node.name().atom());
    }
}

package dev.nodemesh;

import static dev.nodemesh.ExitReasons.NOCONNECTION;
import static dev.nodemesh.ExitReasons.NOPROC;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Process monitors, local and across nodes (MONITOR_P, DEMONITOR_P, MONITOR_P_EXIT). A watcher
 * gets {@code {:DOWN, ref, :process, target, reason}}: the reason the target ended, {@code
 * noproc} at once when there is no such process, {@code noconnection} when the target's node
 * goes away. Idle processes cost nothing here: entries exist only while monitors do.
 */
final class Monitors implements ConnectionListener {

    /** A monitor this node's process holds on a process of another node. */
    private record Remote(Pid watcher, Atom node, Term toProc, Term downTarget) {}

    /** Someone, here or remote, watching a process of this node. */
    private record Watcher(Ref ref, Pid watcher, Term toProc, Term downTarget) {}

    private final Node node;
    private final Map<Ref, Remote> remote = new ConcurrentHashMap<>();
    private final Map<Pid, List<Watcher>> watchers = new ConcurrentHashMap<>();

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
        if (target.isEmpty()) {
            deliverDown(watcher, ref, downTarget, NOPROC);
            return;
        }
        watchers.computeIfAbsent(target.get().pid(), p -> new CopyOnWriteArrayList<>())
                .add(new Watcher(ref, watcher, toProc, downTarget));
        if (node.processes().find(target.get().pid()).isEmpty()) {
            // the target ended while we registered: it may have missed us
            List<Watcher> list = watchers.get(target.get().pid());
            if (list != null && list.removeIf(w -> w.ref().equals(ref))) {
                deliverDown(watcher, ref, downTarget, NOPROC);
            }
        }
    }

    private void watchRemote(Ref ref, Pid watcher, Atom peer, Term toProc, Term downTarget) {
        remote.put(ref, new Remote(watcher, peer, toProc, downTarget));
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
        Remote held = remote.get(ref);
        if (held != null && held.watcher().equals(watcher) && remote.remove(ref, held)) {
            node.connections()
                    .connection(held.node())
                    .ifPresent(c -> c.send(new ControlMessage.DemonitorP(watcher, held.toProc(), ref), null));
            return true;
        }
        for (List<Watcher> list : watchers.values()) {
            if (list.removeIf(w -> w.ref().equals(ref) && w.watcher().equals(watcher))) {
                return true;
            }
        }
        return false;
    }

    /** A process of another node monitors one of ours (MONITOR_P). */
    void remoteMonitor(ControlMessage.MonitorP request, Connection from) {
        Optional<LocalProcess> target = request.toProc() instanceof Pid pid
                ? node.processes().find(pid)
                : request.toProc() instanceof Atom name ? node.processes().whereis(name) : Optional.empty();
        if (target.isEmpty()) {
            from.send(new ControlMessage.PayloadMonitorPExit(request.toProc(), request.from(), request.ref()), NOPROC);
            return;
        }
        watchers.computeIfAbsent(target.get().pid(), p -> new CopyOnWriteArrayList<>())
                .add(new Watcher(request.ref(), request.from(), request.toProc(), request.toProc()));
    }

    /** A process of another node stops monitoring one of ours (DEMONITOR_P). */
    void remoteDemonitor(ControlMessage.DemonitorP request) {
        for (List<Watcher> list : watchers.values()) {
            if (list.removeIf(w -> w.ref().equals(request.ref()) && w.watcher().equals(request.from()))) {
                return;
            }
        }
    }

    /** A monitored process of another node ended (MONITOR_P_EXIT or its payload form). */
    void fire(Ref ref, Term reason) {
        Remote held = remote.remove(ref);
        if (held != null) {
            deliverDown(held.watcher(), ref, held.downTarget(), reason);
        }
    }

    /** A process of this node ended: every watcher hears of it. */
    void exited(Pid pid, Term reason) {
        List<Watcher> list = watchers.remove(pid);
        if (list != null) {
            for (Watcher watcher : list) {
                if (isLocal(watcher.watcher().node())) {
                    deliverDown(watcher.watcher(), watcher.ref(), watcher.downTarget(), reason);
                } else {
                    node.connections()
                            .connection(watcher.watcher().node())
                            .ifPresent(c -> c.send(
                                    new ControlMessage.PayloadMonitorPExit(
                                            watcher.toProc(), watcher.watcher(), watcher.ref()),
                                    reason));
                }
            }
        }
        for (Map.Entry<Ref, Remote> entry : remote.entrySet()) {
            Remote held = entry.getValue();
            if (held.watcher().equals(pid) && remote.remove(entry.getKey(), held)) {
                node.connections()
                        .connection(held.node())
                        .ifPresent(
                                c -> c.send(new ControlMessage.DemonitorP(pid, held.toProc(), entry.getKey()), null));
            }
        }
        if (!watchers.isEmpty()) {
            for (List<Watcher> others : watchers.values()) {
                others.removeIf(w -> w.watcher().equals(pid));
            }
        }
    }

    boolean isWatched(Pid pid) {
        List<Watcher> list = watchers.get(pid);
        return list != null && !list.isEmpty();
    }

    @Override
    public void connectionUp(Connection connection) {}

    @Override
    public void connectionDown(Connection connection, DisconnectReason reason) {
        Atom peer = connection.peer();
        for (Map.Entry<Ref, Remote> entry : remote.entrySet()) {
            if (entry.getValue().node().equals(peer)) {
                fire(entry.getKey(), NOCONNECTION);
            }
        }
        for (List<Watcher> list : watchers.values()) {
            list.removeIf(w -> w.watcher().node().equals(peer));
        }
        watchers.values().removeIf(List::isEmpty);
    }

    private void deliverDown(Pid watcher, Ref ref, Term target, Term reason) {
        node.processes().find(watcher).ifPresent(p -> p.deliverSignal(new Down(ref, target, reason).toTerm()));
    }

    private boolean isLocal(Atom nodeName) {
        return nodeName.equals(node.name().atom());
    }
}

package dev.nodemesh.runtime;

import static dev.nodemesh.runtime.ExitReasons.NOCONNECTION;
import static dev.nodemesh.runtime.ExitReasons.NOPROC;
import static dev.nodemesh.runtime.ExitReasons.SYSTEM_LIMIT;

import dev.nodemesh.Down;
import dev.nodemesh.NodeName;
import dev.nodemesh.dist.ControlMessage;
import dev.nodemesh.process.LocalProcess;
import dev.nodemesh.process.ProcessTable;
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
import java.util.function.Function;

/**
 * Process monitors, local and across nodes (MONITOR_P, DEMONITOR_P, MONITOR_P_EXIT). A watcher
 * gets {@code {:DOWN, ref, :process, target, reason}}: the reason the target ended, {@code
 * noproc} at once when there is no such process, {@code noconnection} when the target's node
 * goes away. Idle processes cost nothing here: entries exist only while monitors do.
 *
 * <p>Every operation costs O(1), or O(what it ends) for a process ending or a peer going away:
 * each monitor is one entry keyed by its reference, indexed by its target, by its local watcher
 * and by the peer that holds it. One lock guards the indexes and is never held while a signal is
 * delivered or a packet sent. A peer holds at most {@link dev.nodemesh.NodeConfig#maxMonitorsPerPeer()}
 * monitors on this node's processes; one more is answered at once with {@code system_limit}.
 */
public final class Monitors {

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

    private final ProcessTable processes;
    private final PeerSender peers;
    private final int maxPerPeer;
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

    /**
     * Creates the monitors of a node.
     *
     * @param processes the node's processes
     * @param peers the connection layer
     * @param maxPerPeer how many monitors one peer may hold on this node's processes
     */
    public Monitors(ProcessTable processes, PeerSender peers, int maxPerPeer) {
        this.processes = processes;
        this.peers = peers;
        this.maxPerPeer = maxPerPeer;
    }

    /**
     * Returns how many monitors one peer may hold on this node's processes.
     *
     * @return the bound
     */
    public int maxPerPeer() {
        return maxPerPeer;
    }

    /**
     * Monitors a process, local or remote.
     *
     * @param watcher the local process that gets the Down
     * @param target the monitored process
     * @return the monitor reference
     */
    public Ref monitor(Pid watcher, Pid target) {
        Ref ref = processes.newRef();
        if (isLocal(target.node())) {
            watchLocal(ref, watcher, processes.find(target), target, target);
        } else {
            watchRemote(ref, watcher, target.node(), target, target);
        }
        return ref;
    }

    /**
     * Monitors a process without connecting to its node, as a monitor set up on a connection that
     * exists: when the node is not connected the Down comes at once, with {@code noconnection}.
     *
     * @param watcher the local process that gets the Down
     * @param target the monitored process
     * @return the monitor reference
     */
    public Ref monitorIfConnected(Pid watcher, Pid target) {
        if (isLocal(target.node())) {
            return monitor(watcher, target);
        }
        Ref ref = processes.newRef();
        Atom peer = target.node();
        synchronized (lock) {
            remote.put(ref, new Remote(ref, watcher, peer, target, target));
            index(remoteByNode, peer, ref);
            index(remoteByWatcher, watcher, ref);
        }
        // indexed first: a connection that goes down from here on fires this monitor with the rest
        peers.sendIfConnected(peer, new ControlMessage.MonitorP(watcher, target, ref), null);
        if (!peers.isConnected(peer)) {
            fire(ref, NOCONNECTION);
        }
        return ref;
    }

    /**
     * Monitors the process registered under a name on a node.
     *
     * @param watcher the local process that gets the Down
     * @param name the registered name
     * @param targetNode the node
     * @return the monitor reference
     */
    public Ref monitor(Pid watcher, Atom name, NodeName targetNode) {
        Ref ref = processes.newRef();
        Tuple downTarget = Tuple.of(name, targetNode.atom());
        if (isLocal(targetNode.atom())) {
            watchLocal(ref, watcher, processes.whereis(name), name, downTarget);
        } else {
            watchRemote(ref, watcher, targetNode.atom(), name, downTarget);
        }
        return ref;
    }

    /**
     * Monitors a process of another node, by pid or by registered name, and sends it a message in
     * the same write: a call's monitor and its request, which carries the monitor's reference. The
     * message goes as SEND_SENDER to a pid, as REG_SEND to a name.
     *
     * @param watcher the local process that gets the Down, and the message's sender
     * @param target the remote process: a pid, or {@code {Name, Node}}
     * @param message the message, made from the monitor's reference
     * @return the monitor reference
     * @throws IllegalArgumentException when the target is not remote, or the message cannot be
     *     encoded (the monitor is removed again then)
     */
    public Ref monitorAndSend(Pid watcher, Term target, Function<Ref, Term> message) {
        Atom peer;
        Term toProc;
        Term downTarget;
        ControlMessage send;
        if (target instanceof Pid pid) {
            peer = pid.node();
            toProc = pid;
            downTarget = pid;
            send = new ControlMessage.SendSender(watcher, pid);
        } else if (target instanceof Tuple named
                && named.size() == 2
                && named.get(0) instanceof Atom name
                && named.get(1) instanceof Atom node) {
            peer = node;
            toProc = name;
            downTarget = named;
            send = new ControlMessage.RegSend(watcher, name);
        } else {
            throw new IllegalArgumentException("not a pid or {Name, Node}: " + target);
        }
        if (isLocal(peer)) {
            throw new IllegalArgumentException("not a process of another node: " + target);
        }
        Ref ref = processes.newRef();
        Term payload = message.apply(ref);
        try {
            watchRemote(ref, watcher, peer, toProc, downTarget, send, payload);
        } catch (RuntimeException e) {
            demonitor(watcher, ref);
            throw e;
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
        watchRemote(ref, watcher, peer, toProc, downTarget, null, null);
    }

    /** Watches a remote process; {@code then}, when not null, goes in the same write as the MONITOR_P. */
    private void watchRemote(
            Ref ref, Pid watcher, Atom peer, Term toProc, Term downTarget, ControlMessage then, Term thenPayload) {
        synchronized (lock) {
            remote.put(ref, new Remote(ref, watcher, peer, toProc, downTarget));
            index(remoteByNode, peer, ref);
            index(remoteByWatcher, watcher, ref);
        }
        Pid targetPid = toProc instanceof Pid pid ? pid : null;
        ControlMessage monitor = new ControlMessage.MonitorP(watcher, toProc, ref);
        if (then == null) {
            peers.send(peer, targetPid, monitor, null);
        } else {
            peers.sendTogether(peer, targetPid, monitor, null, then, thenPayload);
        }
        peers.connect(peer).whenComplete((creation, failure) -> {
            if (failure != null) {
                fire(ref, NOCONNECTION);
            } else if (targetPid != null && targetPid.creation() != creation) {
                fire(ref, NOPROC);
            }
        });
    }

    /**
     * Removes a monitor; no Down for it arrives afterwards.
     *
     * @param watcher the process that holds it
     * @param ref the monitor reference
     * @return whether it was active
     */
    public boolean demonitor(Pid watcher, Ref ref) {
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
        // queued behind the MONITOR_P when the connection is still being set up; dropped, not
        // dialled, when the connection that carried the monitor is gone (the peer dropped it too)
        peers.sendUnlessDisconnected(
                held.node(),
                pidOrNull(held.toProc()),
                new ControlMessage.DemonitorP(watcher, held.toProc(), ref),
                null);
        return true;
    }

    /**
     * A process of another node monitors one of ours (MONITOR_P). Refused with {@code noproc} when
     * ours does not exist, and with {@code system_limit} beyond the peer's bound, as if the target
     * had ended for that reason: the caller answers a refusal with MONITOR_P_EXIT on the connection
     * the request came on.
     *
     * @param request the request
     * @param peer the node it came from
     * @return the refusal, or null when the monitor is set up
     */
    public Term remoteMonitor(ControlMessage.MonitorP request, Atom peer) {
        Optional<LocalProcess> target = request.toProc() instanceof Pid pid
                ? processes.find(pid)
                : request.toProc() instanceof Atom name ? processes.whereis(name) : Optional.empty();
        if (target.isEmpty()) {
            return NOPROC;
        }
        Watch watch =
                new Watch(request.ref(), request.from(), target.get().pid(), request.toProc(), request.toProc(), peer);
        synchronized (lock) {
            Map<Ref, Watch> held = peerWatches.get(peer);
            if (held != null && held.size() >= maxPerPeer) {
                return SYSTEM_LIMIT;
            }
            if (!alive(watch.target)) {
                return NOPROC;
            }
            if (held == null) {
                held = new HashMap<>();
                peerWatches.put(peer, held);
            }
            if (held.putIfAbsent(watch.ref, watch) == null) {
                index(byTarget, watch.target, watch);
            }
            return null;
        }
    }

    /**
     * A process of another node stops monitoring one of ours (DEMONITOR_P).
     *
     * @param request the request
     * @param peer the node it came from
     */
    public void remoteDemonitor(ControlMessage.DemonitorP request, Atom peer) {
        synchronized (lock) {
            Map<Ref, Watch> held = peerWatches.get(peer);
            Watch watch = held == null ? null : held.get(request.ref());
            if (watch != null && watch.watcher.equals(request.from())) {
                held.remove(request.ref());
                if (held.isEmpty()) {
                    peerWatches.remove(peer);
                }
                unindex(byTarget, watch.target, watch);
            }
        }
    }

    /**
     * A monitored process of another node ended (MONITOR_P_EXIT or its payload form).
     *
     * @param ref the monitor reference
     * @param reason the reason
     * @param peer the node the message came from
     */
    public void fire(Ref ref, Term reason, Atom peer) {
        Remote held;
        synchronized (lock) {
            held = remote.get(ref);
            if (held == null || !held.node().equals(peer)) {
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

    /**
     * A process of this node ended: every watcher hears of it, and the monitors it held end.
     *
     * @param pid the process
     * @param reason its exit reason
     */
    public void exited(Pid pid, Term reason) {
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
                    peers.sendIfConnected(
                            watch.peer,
                            new ControlMessage.PayloadMonitorPExit(watch.toProc, watch.watcher, watch.ref),
                            reason);
                }
            }
        }
        for (Remote monitor : held) {
            peers.send(
                    monitor.node(),
                    pidOrNull(monitor.toProc()),
                    new ControlMessage.DemonitorP(pid, monitor.toProc(), monitor.ref()),
                    null);
        }
    }

    /** The pid a control message is for, so that one for an earlier incarnation is dropped. */
    private static Pid pidOrNull(Term toProc) {
        return toProc instanceof Pid pid ? pid : null;
    }

    /**
     * Tells whether any process, here or on a peer, monitors a process of this node.
     *
     * @param pid the process
     * @return whether watched
     */
    public boolean isWatched(Pid pid) {
        synchronized (lock) {
            return byTarget.containsKey(pid);
        }
    }

    /**
     * Tells how many monitors the processes of a peer hold on this node's processes.
     *
     * @param peer the peer node
     * @return the count
     */
    public int heldBy(Atom peer) {
        synchronized (lock) {
            Map<Ref, Watch> held = peerWatches.get(peer);
            return held == null ? 0 : held.size();
        }
    }

    /**
     * A peer went away: the monitors it held end, and the monitors on its processes fire with
     * {@code noconnection}.
     *
     * @param peer the peer node
     */
    public void peerDown(Atom peer) {
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
        return processes.find(pid).isPresent();
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
        processes.find(watcher).ifPresent(p -> p.deliverSignal(new Down(ref, target, reason).toTerm()));
    }

    private boolean isLocal(Atom nodeName) {
        return nodeName.equals(processes.node());
    }
}

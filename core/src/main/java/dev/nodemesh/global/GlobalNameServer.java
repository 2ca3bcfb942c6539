package dev.nodemesh.global;

import static dev.nodemesh.global.GlobalTerms.SERVER;

import dev.nodemesh.Down;
import dev.nodemesh.GenServerRequest;
import dev.nodemesh.dist.Connection;
import dev.nodemesh.dist.ConnectionListener;
import dev.nodemesh.dist.ControlMessage;
import dev.nodemesh.dist.DisconnectReason;
import dev.nodemesh.dist.LogThrottle;
import dev.nodemesh.process.LocalProcess;
import dev.nodemesh.process.ProcessTable;
import dev.nodemesh.runtime.NodeRuntime;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's {@code global_name_server}: takes part in Erlang's {@code global} as a BEAM node's
 * name server does, so that {@code global:sync()} on BEAM nodes returns, names registered on any
 * member are seen by all, and a name is taken once in the cluster.
 *
 * <p>On every visible connection it runs the connect protocol of {@code global} version 8: {@code
 * init_connect} and {@code init_connect_ack}, the lock of both partitions with the shared lock id
 * {@code {global, [LockerA, LockerB]}} (this server is its own locker), {@code exchange} of the
 * names, {@code resolved} with the operations that settle conflicts, then {@code new_nodes} to the
 * nodes it knew and {@code in_sync} to the nodes it learns of, which it connects to. It answers the
 * calls other name servers make ({@code set_lock}, {@code del_lock}, {@code register}, {@code
 * unregister}), keeps a monitor on every registered pid, forgets the names of a node that goes down,
 * and handles {@code lost_connection} and {@code remove_connection} of {@code
 * prevent_overlapping_partitions}.
 *
 * <p>Messages and connection events are handled one at a time on the server's own thread, in the
 * order they came; the Java API ({@link GlobalRegistry}) reads and changes the same state under the
 * server's lock. Peer input is hostile: a malformed message is dropped with at most one log line
 * per 10 s, at most 100,000 messages wait, and a peer's processes hold at most {@code maxPerPeer}
 * names and locks here.
 */
public final class GlobalNameServer implements LocalProcess, ConnectionListener {

    private static final Logger log = LoggerFactory.getLogger(GlobalNameServer.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOST_CONNECTIONS_REMEMBERED = 1024;
    private static final int MAX_QUEUED = 100_000;

    private final NodeRuntime node;
    private final Pid pid;
    private final Atom self;
    final int maxPerPeer;
    final NameTable names = new NameTable();
    final LockTable locks = new LockTable();
    /** The nodes this one is in sync with, and their protocol versions. */
    final Map<Atom, Integer> known = new LinkedHashMap<>();
    /** The monitors on the processes of other nodes that hold a lock here. */
    private final Map<Pid, Ref> lockHolders = new HashMap<>();

    private final ConnectHandshake handshake;
    private final Set<Atom> removing = new HashSet<>();
    private final Set<Atom> overLimitLogged = new HashSet<>();
    private final LostConnections lostConnections = new LostConnections(LOST_CONNECTIONS_REMEMBERED);
    private final PeerCalls calls = new PeerCalls(CALL_TIMEOUT);
    private final AtomicLong opIds = new AtomicLong();
    private final Int creationExtension;
    private final LogThrottle badInputLog = new LogThrottle(Duration.ofSeconds(10));
    private final AtomicInteger queued = new AtomicInteger();
    private final ExecutorService actor;
    private volatile boolean closed;

    private GlobalNameServer(NodeRuntime node, Pid pid, int maxPerPeer) {
        this.node = node;
        this.pid = pid;
        this.self = node.name();
        this.maxPerPeer = maxPerPeer;
        this.handshake = new ConnectHandshake(this);
        this.creationExtension = Int.of(ThreadLocalRandom.current().nextLong(1L << 40) << 16);
        this.actor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "nodemesh-global-" + self.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts the name server of a node: registers it as {@code global_name_server} and lets it hear
     * of connections.
     *
     * @param node the node's runtime, started
     * @param maxPerPeer how many names and locks one peer's processes may hold on this node
     * @return the server
     */
    public static GlobalNameServer start(NodeRuntime node, int maxPerPeer) {
        ProcessTable table = node.processes();
        GlobalNameServer server = table.spawn(pid -> new GlobalNameServer(node, pid, maxPerPeer));
        table.register(SERVER, server);
        node.connections().addListener(server);
        return server;
    }

    @Override
    public Pid pid() {
        return pid;
    }

    boolean isClosed() {
        return closed;
    }

    Atom self() {
        return self;
    }

    NodeRuntime runtime() {
        return node;
    }

    /** Fails the calls still waiting for a reply: the node is closing. */
    public void close() {
        closed = true;
        actor.shutdownNow();
        calls.closeAll();
    }

    // ---------------------------------------------------------------- what arrives

    /**
     * Queues a message for the server's own thread: network threads never wait for the server's
     * lock, and the server may wait for a busy connection without holding up the threads that
     * drain it. At most {@value #MAX_QUEUED} messages wait; beyond, they are dropped and logged.
     */
    @Override
    public void deliver(Term message) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            badInput("a message: " + MAX_QUEUED + " are waiting for global_name_server already", null);
            return;
        }
        run(() -> {
            queued.decrementAndGet();
            handle(message);
        });
    }

    void run(Runnable task) {
        try {
            actor.execute(() -> {
                try {
                    synchronized (this) {
                        task.run();
                    }
                } catch (RuntimeException e) {
                    badInput("a message it could not handle", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // the node is closing
        }
    }

    private void handle(Term message) {
        Optional<GenServerRequest> request = GenServerRequest.parse(message);
        if (request.orElse(null) instanceof GenServerRequest.Call call) {
            handleCall(call);
        } else if (request.orElse(null) instanceof GenServerRequest.Cast cast) {
            handleCast(cast.request());
        } else if (Down.of(message).isPresent()) {
            handleDown(Down.of(message).get());
        } else if (message instanceof Tuple t && t.size() == 2 && calls.complete(t.get(0), t.get(1))) {
            return;
        } else if (message instanceof Tuple t
                && t.size() == 2
                && t.get(0) instanceof Ref ref
                && ref.node().equals(self)) {
            // a reply that came after its call failed (timed out, node down): as gen_server drops it
            log.debug("global: late reply {}", message);
        } else if (message instanceof Tuple t && t.isTagged(GlobalTerms.INIT_CONNECT_ACK, 4)) {
            if (t.get(1) instanceof Atom peer) {
                handshake.initConnectAck(peer, t.get(2), t.get(3));
            }
        } else if (message instanceof Tuple t && t.isTagged(GlobalTerms.CANCEL_CONNECT, 3)) {
            if (t.get(1) instanceof Atom peer) {
                handshake.cancelConnect(peer, t.get(2));
            }
        } else if (message instanceof Tuple t && t.isTagged(GlobalTerms.LOST_CONNECTION, 5)) {
            lostConnection(t);
        } else if (message instanceof Tuple t && t.isTagged(GlobalTerms.REMOVE_CONNECTION, 2)) {
            if (t.get(1) instanceof Atom peer) {
                removeConnection(peer);
            }
        } else {
            badInput("unexpected message " + message, null);
        }
    }

    private void handleCall(GenServerRequest.Call call) {
        Term request = call.request();
        Pid from = call.from();
        if (!from.node().equals(self) && !isConnected(from.node())) {
            // its node is gone (the call was queued before the connection went down): what it would
            // set or register here goes with the node, and a reply must not dial it again
            return;
        }
        if (request instanceof Tuple t && t.isTagged(GlobalTerms.SET_LOCK, 2) && lockId(t.get(1)) instanceof Tuple id) {
            boolean set = mayHold(from) && locks.set(id.get(0), id.get(1), from);
            if (set && !from.equals(pid) && !lockHolders.containsKey(from)) {
                // a holder that ends releases its locks, as on a BEAM node
                lockHolders.put(from, node.monitors().monitor(pid, from));
            }
            reply(call, Atom.of(set));
        } else if (request instanceof Tuple t
                && t.isTagged(GlobalTerms.DEL_LOCK, 2)
                && lockId(t.get(1)) instanceof Tuple id) {
            locks.delete(id.get(0), id.get(1), from);
            if (!locks.holds(from)) {
                Ref monitor = lockHolders.remove(from);
                if (monitor != null && isConnected(from.node())) {
                    node.monitors().demonitor(pid, monitor);
                }
            }
            reply(call, Atom.TRUE);
        } else if (request instanceof Tuple t
                && (t.isTagged(GlobalTerms.REGISTER, 4) || t.isTagged(GlobalTerms.REGISTER_EXT, 5))
                && t.get(2) instanceof Pid registered) {
            insertName(t.get(1), registered, t.get(3));
            reply(call, GlobalTerms.YES);
        } else if (request instanceof Tuple t && t.isTagged(GlobalTerms.UNREGISTER, 2)) {
            deleteName(t.get(1));
            reply(call, Atom.OK);
        } else if (GlobalTerms.GET_KNOWN.equals(request)) {
            reply(call, knownList());
        } else if (GlobalTerms.GET_PROTOCOL_VERSION.equals(request)) {
            reply(call, Int.of(GlobalTerms.VERSION));
        } else {
            badInput("unexpected call " + request + " from " + from, null);
        }
    }

    private void handleCast(Term request) {
        if (!(request instanceof Tuple t) || t.size() == 0 || !(t.get(0) instanceof Atom tag)) {
            badInput("unexpected cast " + request, null);
            return;
        }
        Atom sender = t.size() > 1 && t.get(1) instanceof Atom a
                ? a
                : t.size() > 1 && t.get(1) instanceof Pid p ? p.node() : null;
        if (sender != null && !sender.equals(self) && !isConnected(sender)) {
            // queued before its connection went down: the connect it belongs to is over
            return;
        }
        if (tag.equals(GlobalTerms.INIT_CONNECT) && t.size() == 4 && t.get(2) instanceof Atom peer) {
            handshake.initConnect(peer, t.get(1), t.get(3));
        } else if (tag.equals(GlobalTerms.LOCK_SET)
                && (t.size() == 5 || t.size() == 4)
                && t.get(1) instanceof Pid locker) {
            handshake.lockSet(locker, Atom.TRUE.equals(t.get(2)), t.size() == 5 ? t.get(4) : null);
        } else if (tag.equals(GlobalTerms.EXCHANGE) && t.size() == 5 && t.get(1) instanceof Atom peer) {
            handshake.exchange(peer, t.get(2), t.get(4));
        } else if (tag.equals(GlobalTerms.RESOLVED)
                && t.size() == 7
                && t.get(1) instanceof Atom peer
                && t.get(2) instanceof TermList ops) {
            handshake.resolved(peer, ops, t.get(3), t.get(6));
        } else if (tag.equals(GlobalTerms.NEW_NODES)
                && t.size() == 6
                && t.get(1) instanceof Atom peer
                && t.get(2) instanceof TermList ops
                && t.get(4) instanceof TermList nodes) {
            handshake.newNodes(peer, ops, nodes);
        } else if (tag.equals(GlobalTerms.IN_SYNC) && t.size() == 3 && t.get(1) instanceof Atom peer) {
            handshake.inSync(peer);
        } else if (!tag.name().startsWith("async_del_")) {
            badInput("unexpected cast " + request, null);
        }
    }

    private static Term lockId(Term id) {
        return id instanceof Tuple t && t.size() == 2 ? t : null;
    }

    private boolean mayHold(Pid holder) {
        if (holder.node().equals(self) || locks.heldBy(holder.node()) < maxPerPeer) {
            return true;
        }
        overLimit(holder.node(), "locks");
        return false;
    }

    private void reply(GenServerRequest.Call call, Term reply) {
        Pid to = call.from();
        if (to.node().equals(self)) {
            node.send(pid, to, Tuple.of(call.tag(), reply));
        } else {
            node.connections()
                    .connection(to.node())
                    .ifPresent(c -> c.send(new ControlMessage.SendSender(pid, to), Tuple.of(call.tag(), reply)));
        }
    }

    // ---------------------------------------------------------------- names

    /**
     * Inserts a name into this node's table, monitoring its pid; a peer over its bound is refused.
     *
     * @param name the name
     * @param registered the pid
     * @param method the resolver
     * @return whether inserted
     */
    synchronized boolean insertName(Term name, Pid registered, Term method) {
        Atom owner = registered.node();
        boolean local = owner.equals(self);
        if (local && node.processes().find(registered).isEmpty()) {
            return false;
        }
        boolean replacing =
                names.get(name).map(e -> e.pid().node().equals(owner)).orElse(false);
        if (!local && !replacing && names.countOn(owner) >= maxPerPeer) {
            overLimit(owner, "global names");
            return false;
        }
        Ref monitor = node.monitors().monitor(pid, registered);
        names.put(new NameTable.Entry(name, registered, method, monitor)).ifPresent(this::demonitor);
        return true;
    }

    /**
     * Removes a name from this node's table.
     *
     * @param name the name
     */
    synchronized void deleteName(Term name) {
        names.remove(name).ifPresent(this::demonitor);
    }

    private void demonitor(NameTable.Entry entry) {
        if (entry.monitor() != null) {
            node.monitors().demonitor(pid, entry.monitor());
        }
    }

    synchronized Optional<Pid> whereis(Term name) {
        return names.get(name).map(NameTable.Entry::pid);
    }

    synchronized Optional<Term> nameOf(Pid registered) {
        return names.nameOf(registered);
    }

    synchronized List<Term> registeredNames() {
        return names.all().stream().map(NameTable.Entry::name).toList();
    }

    private void handleDown(Down down) {
        if (down.target() instanceof Pid gone) {
            names.nameOf(gone).ifPresent(name -> {
                if (names.get(name).map(e -> down.ref().equals(e.monitor())).orElse(false)) {
                    names.remove(name);
                }
            });
            if (down.ref().equals(lockHolders.get(gone))) {
                lockHolders.remove(gone);
                locks.releaseAll(gone);
            }
        }
    }

    void applyOps(List<Term> ops) {
        for (Term op : ops) {
            if (op instanceof Tuple t && t.isTagged(GlobalTerms.INSERT, 2)) {
                NameExchange.Offered.of(t.get(1)).ifPresent(n -> insertName(n.name(), n.pid(), n.method()));
            } else if (op instanceof Tuple t && t.isTagged(GlobalTerms.DELETE, 2)) {
                deleteName(t.get(1));
            } else {
                badInput("unexpected name operation " + op, null);
            }
        }
    }

    // ---------------------------------------------------------------- locks, from Java

    /**
     * Sets global's lock on this node for a requester, as a {@code set_lock} call from this server.
     *
     * @param requester the lock requester id
     * @return whether set
     */
    synchronized boolean lockHere(Term requester) {
        return locks.set(GlobalTerms.GLOBAL, requester, pid);
    }

    synchronized void unlockHere(Term requester) {
        locks.delete(GlobalTerms.GLOBAL, requester, pid);
    }

    synchronized List<Atom> knownNodes() {
        return List.copyOf(known.keySet());
    }

    /**
     * Calls another node's name server.
     *
     * @param peer the node
     * @param request the request
     * @return completes with the reply, or exceptionally when the node goes down or does not answer
     */
    CompletableFuture<Term> call(Atom peer, Term request) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("closed"));
        }
        Optional<Connection> connection = node.connections().connection(peer);
        if (connection.isEmpty()) {
            // never dials: a call to a node that just went down must not bring it back
            return CompletableFuture.failedFuture(new IllegalStateException(peer.name() + " is not connected"));
        }
        Ref ref = node.processes().newRef();
        CompletableFuture<Term> reply = calls.expect(ref, peer);
        connection
                .get()
                .send(
                        new ControlMessage.RegSend(pid, SERVER),
                        Tuple.of(GenServerRequest.GEN_CALL, Tuple.of(pid, ref), request));
        return reply;
    }

    // ---------------------------------------------------------------- connections

    @Override
    public void connectionUp(Connection connection) {
        if (!connection.visible() || closed) {
            return;
        }
        Atom peer = connection.peer();
        run(() -> {
            if (!known.containsKey(peer) && !handshake.isUnderWay(peer) && isConnected(peer)) {
                handshake.start(peer);
            }
        });
    }

    TermList knownList() {
        List<Term> list = new ArrayList<>();
        known.forEach((n, v) -> list.add(Tuple.of(n, Int.of(v))));
        return TermList.of(list);
    }

    // ---------------------------------------------------------------- nodes going down

    @Override
    public void connectionDown(Connection connection, DisconnectReason reason) {
        Atom peer = connection.peer();
        calls.nodeDown(peer);
        run(() -> {
            handshake.abandon(peer);
            names.removeNode(peer);
            locks.releaseNode(peer);
            lockHolders.keySet().removeIf(holder -> holder.node().equals(peer));
            overLimitLogged.remove(peer);
            boolean wasKnown = known.remove(peer) != null;
            boolean wasRemoved = removing.remove(peer);
            if (wasKnown && !wasRemoved && !closed) {
                Tuple lost = Tuple.of(
                        GlobalTerms.LOST_CONNECTION, self, creationExtension, Int.of(opIds.incrementAndGet()), peer);
                for (Atom other : known.keySet()) {
                    send(other, lost);
                }
            }
        });
    }

    private void lostConnection(Tuple report) {
        if (!(report.get(1) instanceof Atom reporter)
                || !(report.get(3) instanceof Int opId)
                || !opId.isLong()
                || !(report.get(4) instanceof Atom lost)) {
            badInput("malformed lost_connection " + report, null);
            return;
        }
        if (!lostConnections.firstTime(reporter, report.get(2), opId.longValue(), lost)) {
            return;
        }
        for (Atom other : known.keySet()) {
            if (!other.equals(reporter)) {
                send(other, report);
            }
        }
        Atom remove = lost.equals(self) ? reporter : lost;
        if (known.containsKey(remove) || handshake.isUnderWay(remove)) {
            log.warn(
                    "'global' at node {} requested disconnect from node {} in order to prevent overlapping"
                            + " partitions",
                    self.name(),
                    remove.name());
            send(remove, Tuple.of(GlobalTerms.REMOVE_CONNECTION, self));
            forget(remove);
        }
    }

    private void removeConnection(Atom peer) {
        if (known.containsKey(peer) || handshake.isUnderWay(peer)) {
            log.warn(
                    "'global' at node {} disconnected node {} in order to prevent overlapping partitions",
                    self.name(),
                    peer.name());
            forget(peer);
            node.connections().disconnect(peer);
        }
    }

    private void forget(Atom peer) {
        removing.add(peer);
        known.remove(peer);
        handshake.abandon(peer);
    }

    // ---------------------------------------------------------------- sending

    /** Only visible peers take part in global, as on BEAM nodes. */
    boolean isConnected(Atom peer) {
        return node.connections().connection(peer).map(Connection::visible).orElse(false);
    }

    void cast(Atom peer, Tuple request) {
        send(peer, Tuple.of(GenServerRequest.GEN_CAST, request));
    }

    /** Sends on the current connection only, as global's volatile sends do ({@code noconnect}). */
    void send(Atom peer, Tuple message) {
        node.connections().connection(peer).ifPresent(c -> c.send(new ControlMessage.RegSend(pid, SERVER), message));
    }

    private void overLimit(Atom peer, String what) {
        if (overLimitLogged.add(peer)) {
            log.warn(
                    "{}'s processes hold {} {} on this node, the most one peer may (maxGlobalNamesPerPeer);"
                            + " refusing more; further refusals from this node are not logged",
                    peer.name(),
                    maxPerPeer,
                    what);
        }
    }

    void badInput(String description, RuntimeException error) {
        String what = description.length() > 300 ? description.substring(0, 300) + "..." : description;
        long heldBack = badInputLog.admit();
        if (heldBack >= 0) {
            log.warn("global: dropped {} ({} more dropped since the previous line)", what, heldBack, error);
        } else if (log.isDebugEnabled()) {
            log.debug("global: dropped {}", what, error);
        }
    }
}

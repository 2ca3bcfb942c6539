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
import dev.nodemesh.term.TermMap;
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
import java.util.concurrent.TimeUnit;
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
    private static final long MIN_SMALL_INT = -(1L << 59);
    private static final int MAX_QUEUED = 100_000;

    private final NodeRuntime node;
    private final Pid pid;
    private final Atom self;
    private final int maxPerPeer;
    private final NameTable names = new NameTable();
    private final LockTable locks = new LockTable();
    private final Map<Atom, Integer> known = new LinkedHashMap<>();
    private final Map<Atom, SyncSession> sessions = new HashMap<>();
    private final Set<Atom> removing = new HashSet<>();
    private final Set<Atom> overLimitLogged = new HashSet<>();
    private final LostConnections lostConnections = new LostConnections(LOST_CONNECTIONS_REMEMBERED);
    private final PeerCalls calls = new PeerCalls(CALL_TIMEOUT);
    private final AtomicLong tags = new AtomicLong(ThreadLocalRandom.current().nextLong(MIN_SMALL_INT, 0));
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

    private void run(Runnable task) {
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
        } else if (message instanceof Tuple t && t.isTagged(GlobalTerms.INIT_CONNECT_ACK, 4)) {
            if (t.get(1) instanceof Atom peer) {
                initConnectAck(peer, t.get(2), t.get(3));
            }
        } else if (message instanceof Tuple t && t.isTagged(GlobalTerms.CANCEL_CONNECT, 3)) {
            if (t.get(1) instanceof Atom peer) {
                cancelConnect(peer, t.get(2));
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
        if (request instanceof Tuple t && t.isTagged(GlobalTerms.SET_LOCK, 2) && lockId(t.get(1)) instanceof Tuple id) {
            boolean set = mayHold(from) && locks.set(id.get(0), id.get(1), from);
            reply(call, Atom.of(set));
        } else if (request instanceof Tuple t
                && t.isTagged(GlobalTerms.DEL_LOCK, 2)
                && lockId(t.get(1)) instanceof Tuple id) {
            locks.delete(id.get(0), id.get(1), from);
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
        if (tag.equals(GlobalTerms.INIT_CONNECT) && t.size() == 4 && t.get(2) instanceof Atom peer) {
            initConnect(peer, t.get(1), t.get(3));
        } else if (tag.equals(GlobalTerms.LOCK_SET)
                && (t.size() == 5 || t.size() == 4)
                && t.get(1) instanceof Pid locker) {
            lockSet(locker, Atom.TRUE.equals(t.get(2)), t.size() == 5 ? t.get(4) : null);
        } else if (tag.equals(GlobalTerms.EXCHANGE) && t.size() == 5 && t.get(1) instanceof Atom peer) {
            exchange(peer, t.get(2), t.get(4));
        } else if (tag.equals(GlobalTerms.RESOLVED)
                && t.size() == 7
                && t.get(1) instanceof Atom peer
                && t.get(2) instanceof TermList ops) {
            resolved(peer, ops, t.get(3), t.get(6));
        } else if (tag.equals(GlobalTerms.NEW_NODES)
                && t.size() == 6
                && t.get(1) instanceof Atom peer
                && t.get(2) instanceof TermList ops
                && t.get(4) instanceof TermList nodes) {
            newNodes(peer, ops, nodes);
        } else if (tag.equals(GlobalTerms.IN_SYNC) && t.size() == 3 && t.get(1) instanceof Atom peer) {
            inSync(peer);
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
        node.send(pid, call.from(), Tuple.of(call.tag(), reply));
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
            locks.releaseAll(gone);
        }
    }

    private void applyOps(List<Term> ops) {
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

    // ---------------------------------------------------------------- the connect protocol

    @Override
    public void connectionUp(Connection connection) {
        if (!connection.visible() || closed) {
            return;
        }
        Atom peer = connection.peer();
        run(() -> {
            if (!known.containsKey(peer) && !sessions.containsKey(peer) && isConnected(peer)) {
                startSession(peer);
            }
        });
    }

    private SyncSession startSession(Atom peer) {
        log.debug("global: {} starts the connect handshake with {}", self.name(), peer.name());
        SyncSession session = new SyncSession(peer, Int.of(tags.incrementAndGet()));
        sessions.put(peer, session);
        Tuple locker = Tuple.of(GlobalTerms.LOCKER, GlobalTerms.NO_LONGER_A_PID, TermMap.EMPTY, pid);
        cast(
                peer,
                Tuple.of(GlobalTerms.INIT_CONNECT, Tuple.of(Int.of(GlobalTerms.VERSION), session.myTag), self, locker));
        return session;
    }

    private void initConnect(Atom peer, Term version, Term initMessage) {
        if (!(version instanceof Tuple v)
                || v.size() < 2
                || !(v.get(0) instanceof Int hisVersion)
                || !hisVersion.isInt()
                || hisVersion.intValue() < 5
                || !(initMessage instanceof Tuple init)
                || !init.isTagged(GlobalTerms.LOCKER, 4)
                || !(init.get(3) instanceof Pid hisLocker)
                || !hisLocker.node().equals(peer)
                || !isConnected(peer)) {
            badInput("unexpected init_connect from " + peer + ": " + version + ", " + initMessage, null);
            return;
        }
        if (known.containsKey(peer)) {
            return;
        }
        SyncSession session = sessions.get(peer);
        if (session == null) {
            session = startSession(peer);
        } else if (session.connected()) {
            send(peer, Tuple.of(GlobalTerms.CANCEL_CONNECT, self, v.get(1)));
            session = restart(session);
        }
        session.hisTag = v.get(1);
        session.hisVersion = Math.min(hisVersion.intValue(), GlobalTerms.VERSION);
        session.hisLocker = hisLocker;
        if (hisVersion.intValue() >= GlobalTerms.VERIFY_CONNECT_VERSION) {
            send(peer, Tuple.of(GlobalTerms.INIT_CONNECT_ACK, self, session.hisTag, session.myTag));
        }
        scheduleLock(session);
    }

    private void initConnectAck(Atom peer, Term ourTag, Term theirTag) {
        SyncSession session = sessions.get(peer);
        if (session == null || !session.connected()) {
            return;
        }
        if (!session.myTag.equals(ourTag) || !session.hisTag.equals(theirTag)) {
            send(peer, Tuple.of(GlobalTerms.CANCEL_CONNECT, self, theirTag));
            restart(session);
        }
    }

    private void cancelConnect(Atom peer, Term ourTag) {
        SyncSession session = sessions.get(peer);
        if (session != null && session.myTag.equals(ourTag)) {
            restart(session);
        }
    }

    private SyncSession restart(SyncSession session) {
        endSession(session);
        return startSession(session.peer);
    }

    private void endSession(SyncSession session) {
        sessions.remove(session.peer, session);
        releaseLocks(session);
    }

    private void releaseLocks(SyncSession session) {
        if (session.ownLock || session.locking) {
            Term requester = session.requester(pid);
            locks.delete(GlobalTerms.GLOBAL, requester, pid);
            Tuple delLock = Tuple.of(GlobalTerms.DEL_LOCK, session.lockId(pid));
            for (Atom locked : session.lockedNodes) {
                call(locked, delLock);
            }
            session.lockedNodes.clear();
            session.ownLock = false;
        }
    }

    private void scheduleLock(SyncSession session) {
        long delay = 50 + ThreadLocalRandom.current().nextLong(Math.min(3000, 200L << Math.min(session.attempts, 4)));
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
                .execute(() -> run(() -> {
                    if (sessions.get(session.peer) == session) {
                        lockPartition(session, true);
                    }
                }));
    }

    /**
     * Locks this node's partition for a connect: this node, then every node it knows, and when
     * active (this side starts the lock, as a BEAM locker does after a pause) the peer too. Then
     * tells the peer with {@code lock_set}.
     */
    private void lockPartition(SyncSession session, boolean active) {
        if (session.ownLock || session.locking || closed) {
            return;
        }
        Term requester = session.requester(pid);
        if (!locks.set(GlobalTerms.GLOBAL, requester, pid)) {
            if (session.peerLockSet) {
                session.peerLockSet = false;
                sendLockSet(session, false);
            }
            if (active) {
                session.attempts++;
                scheduleLock(session);
            }
            return;
        }
        session.locking = true;
        List<Atom> targets = new ArrayList<>();
        for (Atom other : known.keySet()) {
            if (!other.equals(session.peer)) {
                targets.add(other);
            }
        }
        if (active) {
            targets.add(session.peer);
        }
        Tuple setLock = Tuple.of(GlobalTerms.SET_LOCK, session.lockId(pid));
        Map<Atom, CompletableFuture<Term>> replies = new LinkedHashMap<>();
        for (Atom target : targets) {
            replies.put(target, call(target, setLock));
        }
        CompletableFuture.allOf(replies.values().stream()
                        .map(f -> f.exceptionally(e -> Atom.FALSE))
                        .toArray(CompletableFuture[]::new))
                .whenComplete((ignored, error) -> run(() -> lockReplies(session, active, replies)));
    }

    private void lockReplies(SyncSession session, boolean active, Map<Atom, CompletableFuture<Term>> replies) {
        session.locking = false;
        boolean all = true;
        for (Map.Entry<Atom, CompletableFuture<Term>> reply : replies.entrySet()) {
            if (Atom.TRUE.equals(reply.getValue().getNow(Atom.FALSE))) {
                session.lockedNodes.add(reply.getKey());
            } else {
                all = false;
            }
        }
        if (sessions.get(session.peer) != session) {
            session.ownLock = true;
            releaseLocks(session);
            return;
        }
        if (all) {
            session.ownLock = true;
            sendLockSet(session, true);
            maybeExchange(session);
        } else {
            session.ownLock = true;
            releaseLocks(session);
            if (session.peerLockSet) {
                // the peer locked its side and waits for ours: tell it to let go, as a locker does
                session.peerLockSet = false;
                sendLockSet(session, false);
            }
            if (active) {
                session.attempts++;
                scheduleLock(session);
            }
        }
    }

    private void sendLockSet(SyncSession session, boolean set) {
        Term knownNodes = TermList.of(List.copyOf(known.keySet()));
        Tuple message = session.hisVersion >= GlobalTerms.VERIFY_CONNECT_VERSION
                ? Tuple.of(GlobalTerms.LOCK_SET, pid, Atom.of(set), knownNodes, session.hisTag)
                : Tuple.of(GlobalTerms.LOCK_SET, pid, Atom.of(set), knownNodes);
        cast(session.peer, message);
    }

    private void lockSet(Pid locker, boolean set, Term ourTag) {
        SyncSession session = sessions.get(locker.node());
        if (session == null
                || !session.connected()
                || !locker.equals(session.hisLocker)
                || (ourTag != null && !session.myTag.equals(ourTag))) {
            return;
        }
        if (!set) {
            session.peerLockSet = false;
            if (session.ownLock && !session.exchangeSent) {
                releaseLocks(session);
                session.attempts++;
                scheduleLock(session);
            }
            return;
        }
        session.peerLockSet = true;
        if (session.ownLock) {
            maybeExchange(session);
        } else {
            lockPartition(session, false);
        }
    }

    private void maybeExchange(SyncSession session) {
        if (!session.ownLock || !session.peerLockSet || session.exchangeSent) {
            return;
        }
        session.exchangeSent = true;
        List<Term> offered = new ArrayList<>();
        for (NameTable.Entry entry : names.all()) {
            offered.add(Tuple.of(entry.name(), entry.pid(), entry.method()));
        }
        cast(session.peer, Tuple.of(GlobalTerms.EXCHANGE, self, TermList.of(offered), TermList.EMPTY, session.hisTag));
        if (session.hisNames != null) {
            resolve(session);
        }
    }

    private void exchange(Atom peer, Term nameList, Term ourTag) {
        SyncSession session = sessions.get(peer);
        if (session == null || !session.myTag.equals(ourTag) || session.hisNames != null) {
            return;
        }
        if (!(nameList instanceof TermList list) || list.size() > maxPerPeer) {
            badInput(peer.name() + " sent a malformed or oversized exchange; restarting the connect", null);
            restart(session);
            return;
        }
        List<NameExchange.Offered> offered = new ArrayList<>(list.size());
        for (Term element : list.elements()) {
            NameExchange.Offered.of(element).ifPresent(offered::add);
        }
        session.hisNames = offered;
        if (session.exchangeSent) {
            resolve(session);
        }
    }

    private void resolve(SyncSession session) {
        if (session.exchange != null) {
            return;
        }
        NameExchange result = NameExchange.of(self, session.peer, session.hisNames, names);
        session.exchange = result;
        for (Pid loser : result.losers()) {
            log.info("global: name conflict with {}, killing {}", session.peer.name(), loser);
            node.sendExit(pid, loser, GlobalTerms.KILL);
        }
        cast(
                session.peer,
                Tuple.of(
                        GlobalTerms.RESOLVED,
                        self,
                        result.peerOpsTerm(),
                        knownList(),
                        GlobalTerms.UNUSED,
                        TermList.EMPTY,
                        session.hisTag));
        if (session.hisResolved != null) {
            finish(session);
        }
    }

    private void resolved(Atom peer, TermList hisOps, Term hisKnown, Term ourTag) {
        SyncSession session = sessions.get(peer);
        if (session == null || !session.myTag.equals(ourTag) || session.hisResolved != null) {
            return;
        }
        session.hisResolved = hisOps;
        session.hisKnown = hisKnown;
        if (session.exchange != null) {
            finish(session);
        }
    }

    private void finish(SyncSession session) {
        List<Term> ops = new ArrayList<>(session.exchange.ownOps());
        ops.addAll(session.hisResolved.elements());
        applyOps(ops);
        List<Term> newNodes = new ArrayList<>();
        newNodes.add(Tuple.of(session.peer, Int.of(session.hisVersion)));
        List<Atom> theirs = nodeList(session.hisKnown);
        for (Atom other : theirs) {
            newNodes.add(Tuple.of(other, Int.of(GlobalTerms.VERSION)));
        }
        Tuple extra = Tuple.of(GlobalTerms.LOCK, session.lockId(pid));
        Tuple newNodesMessage = Tuple.of(
                GlobalTerms.NEW_NODES,
                self,
                TermList.of(ops),
                TermList.EMPTY,
                TermList.of(newNodes),
                TermList.of(Tuple.of(GlobalTerms.VSN, Int.of(session.hisVersion)), extra));
        for (Atom other : List.copyOf(known.keySet())) {
            if (!other.equals(session.peer)) {
                cast(other, newNodesMessage);
            }
        }
        endSession(session);
        known.put(session.peer, session.hisVersion);
        for (Atom other : theirs) {
            learnOf(other);
        }
        log.debug("global: in sync with {}", session.peer.name());
    }

    private void newNodes(Atom peer, TermList ops, TermList nodes) {
        if (!known.containsKey(peer) || nodes.size() > maxPerPeer || ops.size() > maxPerPeer) {
            badInput("unexpected new_nodes from " + peer, null);
            return;
        }
        applyOps(ops.elements());
        for (Atom added : nodeList(nodes)) {
            learnOf(added);
        }
    }

    /**
     * A synced node told this one of another node: it becomes known without a connect handshake of
     * its own (a handshake under way ends), and hears {@code in_sync} from this node.
     */
    private void learnOf(Atom other) {
        if (other.equals(self) || known.containsKey(other)) {
            return;
        }
        known.put(other, GlobalTerms.VERSION);
        SyncSession pending = sessions.remove(other);
        if (pending != null) {
            releaseLocks(pending);
        }
        syncOther(other);
    }

    private void syncOther(Atom other) {
        node.connections()
                .connect(other)
                .whenComplete((connection, failure) -> run(() -> {
                    if (failure != null) {
                        log.warn("global: {} failed to connect to {}", self.name(), other.name());
                        known.remove(other);
                    } else {
                        cast(other, Tuple.of(GlobalTerms.IN_SYNC, self, Atom.TRUE));
                    }
                }));
    }

    private void inSync(Atom peer) {
        if (!isConnected(peer)) {
            return;
        }
        SyncSession session = sessions.remove(peer);
        if (session != null) {
            releaseLocks(session);
        }
        known.putIfAbsent(peer, GlobalTerms.VERSION);
    }

    private static List<Atom> nodeList(Term nodes) {
        List<Atom> result = new ArrayList<>();
        if (nodes instanceof TermList list) {
            for (Term element : list.elements()) {
                if (element instanceof Atom atom) {
                    result.add(atom);
                } else if (element instanceof Tuple t && t.size() == 2 && t.get(0) instanceof Atom atom) {
                    result.add(atom);
                }
            }
        }
        return result;
    }

    private TermList knownList() {
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
            SyncSession session = sessions.remove(peer);
            if (session != null) {
                releaseLocks(session);
            }
            names.removeNode(peer);
            locks.releaseNode(peer);
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
        if (known.containsKey(remove) || sessions.containsKey(remove)) {
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
        if (known.containsKey(peer) || sessions.containsKey(peer)) {
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
        SyncSession session = sessions.remove(peer);
        if (session != null) {
            releaseLocks(session);
        }
    }

    // ---------------------------------------------------------------- sending

    /** Only visible peers take part in global, as on BEAM nodes. */
    private boolean isConnected(Atom peer) {
        return node.connections().connection(peer).map(Connection::visible).orElse(false);
    }

    private void cast(Atom peer, Tuple request) {
        send(peer, Tuple.of(GenServerRequest.GEN_CAST, request));
    }

    /** Sends on the current connection only, as global's volatile sends do ({@code noconnect}). */
    private void send(Atom peer, Tuple message) {
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

    private void badInput(String description, RuntimeException error) {
        String what = description.length() > 300 ? description.substring(0, 300) + "..." : description;
        long heldBack = badInputLog.admit();
        if (heldBack >= 0) {
            log.warn("global: dropped {} ({} more dropped since the previous line)", what, heldBack, error);
        } else if (log.isDebugEnabled()) {
            log.debug("global: dropped {}", what, error);
        }
    }
}

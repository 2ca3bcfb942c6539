package dev.nodemesh.global;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connect protocol of {@code global} between this node's name server and a peer's, one
 * {@link SyncSession} per visible peer not yet in sync: {@code init_connect} and {@code
 * init_connect_ack}, the lock of both partitions with the shared lock id (this side also starts it
 * after a short random pause, as a BEAM locker does), {@code exchange}, {@code resolved}, then
 * {@code new_nodes} to the nodes this one knew and {@code in_sync} to the nodes it learns of. Runs
 * under the name server's lock, on its thread.
 */
final class ConnectHandshake {

    private static final Logger log = LoggerFactory.getLogger(ConnectHandshake.class);
    private static final long MIN_SMALL_INT = -(1L << 59);

    private final GlobalNameServer server;
    private final Map<Atom, SyncSession> sessions = new HashMap<>();
    private final AtomicLong tags = new AtomicLong(ThreadLocalRandom.current().nextLong(MIN_SMALL_INT, 0));

    ConnectHandshake(GlobalNameServer server) {
        this.server = server;
    }

    /**
     * Tells whether a connect with a peer is under way.
     *
     * @param peer the peer
     * @return whether a session is open
     */
    boolean isUnderWay(Atom peer) {
        return sessions.containsKey(peer);
    }

    /**
     * Ends the connect with a peer that went down or is forgotten, releasing its locks.
     *
     * @param peer the peer
     */
    void abandon(Atom peer) {
        SyncSession session = sessions.remove(peer);
        if (session != null) {
            releaseLocks(session);
        }
    }

    SyncSession start(Atom peer) {
        log.debug(
                "global: {} starts the connect handshake with {}", server.self().name(), peer.name());
        SyncSession session = new SyncSession(peer, Int.of(tags.incrementAndGet()));
        sessions.put(peer, session);
        Tuple locker = Tuple.of(GlobalTerms.LOCKER, GlobalTerms.NO_LONGER_A_PID, TermMap.EMPTY, server.pid());
        server.cast(
                peer,
                Tuple.of(
                        GlobalTerms.INIT_CONNECT,
                        Tuple.of(Int.of(GlobalTerms.VERSION), session.myTag),
                        server.self(),
                        locker));
        return session;
    }

    void initConnect(Atom peer, Term version, Term initMessage) {
        if (!(version instanceof Tuple v)
                || v.size() < 2
                || !(v.get(0) instanceof Int hisVersion)
                || !hisVersion.isInt()
                || hisVersion.intValue() < 5
                || !(initMessage instanceof Tuple init)
                || !init.isTagged(GlobalTerms.LOCKER, 4)
                || !(init.get(3) instanceof Pid hisLocker)
                || !hisLocker.node().equals(peer)
                || !server.isConnected(peer)) {
            server.badInput("unexpected init_connect from " + peer + ": " + version + ", " + initMessage, null);
            return;
        }
        if (server.known.containsKey(peer)) {
            return;
        }
        SyncSession session = sessions.get(peer);
        if (session == null) {
            session = start(peer);
        } else if (session.connected()) {
            server.send(peer, Tuple.of(GlobalTerms.CANCEL_CONNECT, server.self(), v.get(1)));
            session = restart(session);
        }
        session.hisTag = v.get(1);
        session.hisVersion = Math.min(hisVersion.intValue(), GlobalTerms.VERSION);
        session.hisLocker = hisLocker;
        if (hisVersion.intValue() >= GlobalTerms.VERIFY_CONNECT_VERSION) {
            server.send(peer, Tuple.of(GlobalTerms.INIT_CONNECT_ACK, server.self(), session.hisTag, session.myTag));
        }
        scheduleLock(session);
    }

    void initConnectAck(Atom peer, Term ourTag, Term theirTag) {
        SyncSession session = sessions.get(peer);
        if (session == null || !session.connected()) {
            return;
        }
        if (!session.myTag.equals(ourTag) || !session.hisTag.equals(theirTag)) {
            server.send(peer, Tuple.of(GlobalTerms.CANCEL_CONNECT, server.self(), theirTag));
            restart(session);
        }
    }

    void cancelConnect(Atom peer, Term ourTag) {
        SyncSession session = sessions.get(peer);
        if (session != null && session.myTag.equals(ourTag)) {
            restart(session);
        }
    }

    private SyncSession restart(SyncSession session) {
        endSession(session);
        return start(session.peer);
    }

    private void endSession(SyncSession session) {
        sessions.remove(session.peer, session);
        releaseLocks(session);
    }

    private void releaseLocks(SyncSession session) {
        if (session.ownLock || session.locking) {
            Term requester = session.requester(server.pid());
            server.locks.delete(GlobalTerms.GLOBAL, requester, server.pid());
            Tuple delLock = Tuple.of(GlobalTerms.DEL_LOCK, session.lockId(server.pid()));
            for (Atom locked : session.lockedNodes) {
                server.call(locked, delLock);
            }
            session.lockedNodes.clear();
            session.ownLock = false;
        }
    }

    private void scheduleLock(SyncSession session) {
        long delay = 50 + ThreadLocalRandom.current().nextLong(Math.min(3000, 200L << Math.min(session.attempts, 4)));
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS)
                .execute(() -> server.run(() -> {
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
        if (session.ownLock || session.locking || server.isClosed()) {
            return;
        }
        Term requester = session.requester(server.pid());
        if (!server.locks.set(GlobalTerms.GLOBAL, requester, server.pid())) {
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
        for (Atom other : server.known.keySet()) {
            if (!other.equals(session.peer)) {
                targets.add(other);
            }
        }
        if (active) {
            targets.add(session.peer);
        }
        Tuple setLock = Tuple.of(GlobalTerms.SET_LOCK, session.lockId(server.pid()));
        Map<Atom, CompletableFuture<Term>> replies = new LinkedHashMap<>();
        for (Atom target : targets) {
            replies.put(target, server.call(target, setLock));
        }
        CompletableFuture.allOf(replies.values().stream()
                        .map(f -> f.exceptionally(e -> Atom.FALSE))
                        .toArray(CompletableFuture[]::new))
                .whenComplete((ignored, error) -> server.run(() -> lockReplies(session, active, replies)));
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
        Term knownNodes = TermList.of(List.copyOf(server.known.keySet()));
        Tuple message = session.hisVersion >= GlobalTerms.VERIFY_CONNECT_VERSION
                ? Tuple.of(GlobalTerms.LOCK_SET, server.pid(), Atom.of(set), knownNodes, session.hisTag)
                : Tuple.of(GlobalTerms.LOCK_SET, server.pid(), Atom.of(set), knownNodes);
        server.cast(session.peer, message);
    }

    void lockSet(Pid locker, boolean set, Term ourTag) {
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
        for (NameTable.Entry entry : server.names.all()) {
            offered.add(Tuple.of(entry.name(), entry.pid(), entry.method()));
        }
        server.cast(
                session.peer,
                Tuple.of(GlobalTerms.EXCHANGE, server.self(), TermList.of(offered), TermList.EMPTY, session.hisTag));
        if (session.hisNames != null) {
            resolve(session);
        }
    }

    void exchange(Atom peer, Term nameList, Term ourTag) {
        SyncSession session = sessions.get(peer);
        if (session == null || !session.myTag.equals(ourTag) || session.hisNames != null) {
            return;
        }
        if (!(nameList instanceof TermList list) || list.size() > server.maxPerPeer) {
            server.badInput(peer.name() + " sent a malformed or oversized exchange; restarting the connect", null);
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
        NameExchange result = NameExchange.of(server.self(), session.peer, session.hisNames, server.names);
        session.exchange = result;
        for (Pid loser : result.losers()) {
            log.info("global: name conflict with {}, killing {}", session.peer.name(), loser);
            server.runtime().sendExit(server.pid(), loser, GlobalTerms.KILL);
        }
        server.cast(
                session.peer,
                Tuple.of(
                        GlobalTerms.RESOLVED,
                        server.self(),
                        result.peerOpsTerm(),
                        server.knownList(),
                        GlobalTerms.UNUSED,
                        TermList.EMPTY,
                        session.hisTag));
        if (session.hisResolved != null) {
            finish(session);
        }
    }

    void resolved(Atom peer, TermList hisOps, Term hisKnown, Term ourTag) {
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
        server.applyOps(ops);
        List<Term> newNodes = new ArrayList<>();
        newNodes.add(Tuple.of(session.peer, Int.of(session.hisVersion)));
        List<Atom> theirs = nodeList(session.hisKnown);
        for (Atom other : theirs) {
            newNodes.add(Tuple.of(other, Int.of(GlobalTerms.VERSION)));
        }
        Tuple extra = Tuple.of(GlobalTerms.LOCK, session.lockId(server.pid()));
        Tuple newNodesMessage = Tuple.of(
                GlobalTerms.NEW_NODES,
                server.self(),
                TermList.of(ops),
                TermList.EMPTY,
                TermList.of(newNodes),
                TermList.of(Tuple.of(GlobalTerms.VSN, Int.of(session.hisVersion)), extra));
        for (Atom other : List.copyOf(server.known.keySet())) {
            if (!other.equals(session.peer)) {
                server.cast(other, newNodesMessage);
            }
        }
        endSession(session);
        server.known.put(session.peer, session.hisVersion);
        for (Atom other : theirs) {
            learnOf(other, session.peer);
        }
        log.debug("global: in sync with {}", session.peer.name());
    }

    void newNodes(Atom peer, TermList ops, TermList nodes) {
        if (!server.known.containsKey(peer) || nodes.size() > server.maxPerPeer || ops.size() > server.maxPerPeer) {
            server.badInput("unexpected new_nodes from " + peer, null);
            return;
        }
        server.applyOps(ops.elements());
        for (Atom added : nodeList(nodes)) {
            learnOf(added, peer);
        }
    }

    /**
     * A synced node told this one of another node: it becomes known without a connect handshake of
     * its own (a handshake under way ends), and hears {@code in_sync} from this node.
     */
    private void learnOf(Atom other, Atom introducer) {
        if (other.equals(server.self()) || server.known.containsKey(other)) {
            return;
        }
        server.known.put(other, GlobalTerms.VERSION);
        SyncSession pending = sessions.remove(other);
        if (pending != null) {
            releaseLocks(pending);
        }
        syncOther(other, introducer);
    }

    /** Connects to a node a peer named (bounded, and logged, by the runtime's introduced dials). */
    private void syncOther(Atom other, Atom introducer) {
        server.runtime()
                .introducedDials()
                .dial(other, introducer)
                .whenComplete((connection, failure) -> server.run(() -> {
                    if (failure != null) {
                        server.known.remove(other);
                    } else {
                        server.cast(other, Tuple.of(GlobalTerms.IN_SYNC, server.self(), Atom.TRUE));
                    }
                }));
    }

    void inSync(Atom peer) {
        if (!server.isConnected(peer)) {
            return;
        }
        SyncSession session = sessions.remove(peer);
        if (session != null) {
            releaseLocks(session);
        }
        server.known.putIfAbsent(peer, GlobalTerms.VERSION);
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
}

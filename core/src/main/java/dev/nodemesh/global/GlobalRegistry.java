package dev.nodemesh.global;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What {@code Node.global()} does: registers and unregisters names as {@code global}'s registrar
 * does, under global's lock on every node the name server knows ({@code {global, Requester}}, set
 * with {@code set_lock} calls, released with {@code del_lock}), and looks names up in the local
 * table. One registration at a time per node; when another requester holds the lock somewhere, it
 * backs off and tries again, as {@code global:set_lock/3} does.
 */
public final class GlobalRegistry {

    private static final Duration LOCK_DEADLINE = Duration.ofSeconds(30);
    private static final long CALL_WAIT_SECONDS = 15;

    private final GlobalNameServer server;
    private final ReentrantLock registrar = new ReentrantLock(true);

    private GlobalRegistry(GlobalNameServer server) {
        this.server = server;
    }

    /**
     * The registry over a node's name server.
     *
     * @param server the name server
     * @return the registry
     */
    public static GlobalRegistry of(GlobalNameServer server) {
        return new GlobalRegistry(server);
    }

    /**
     * Registers a local process under a cluster-wide name.
     *
     * @param name the name
     * @param process the process, of this node
     * @return false when the name or the process is taken, or the process has ended
     * @throws IllegalStateException when the lock cannot be taken in time
     */
    public boolean register(Term name, Pid process) {
        return underLock(known -> {
            if (server.whereis(name).isPresent() || server.nameOf(process).isPresent()) {
                return false;
            }
            if (!server.insertName(name, process, GlobalTerms.RANDOM_EXIT_NAME)) {
                return false;
            }
            awaitAll(callAll(known, Tuple.of(GlobalTerms.REGISTER, name, process, GlobalTerms.RANDOM_EXIT_NAME)));
            return true;
        });
    }

    /**
     * Removes a cluster-wide name.
     *
     * @param name the name
     * @return whether it was registered
     */
    public boolean unregister(Term name) {
        if (server.whereis(name).isEmpty()) {
            return false;
        }
        return underLock(known -> {
            boolean was = server.whereis(name).isPresent();
            server.deleteName(name);
            awaitAll(callAll(known, Tuple.of(GlobalTerms.UNREGISTER, name)));
            return was;
        });
    }

    /**
     * Finds a name.
     *
     * @param name the name
     * @return the pid
     */
    public Optional<Pid> whereis(Term name) {
        return server.whereis(name);
    }

    /**
     * Sends to a name.
     *
     * @param name the name
     * @param message the message
     * @return whether the name was registered
     */
    public boolean send(Term name, Term message) {
        Optional<Pid> to = server.whereis(name);
        to.ifPresent(pid -> server.runtime().send(server.pid(), pid, message));
        return to.isPresent();
    }

    /**
     * Returns the names.
     *
     * @return a snapshot
     */
    public List<Term> registeredNames() {
        return server.registeredNames();
    }

    /**
     * Returns the nodes the name server is in sync with.
     *
     * @return a snapshot
     */
    public List<Atom> syncedNodes() {
        return server.knownNodes();
    }

    private interface Locked {
        boolean run(List<Atom> known);
    }

    private boolean underLock(Locked action) {
        registrar.lock();
        try {
            Term requester = server.pid();
            Tuple id = Tuple.of(GlobalTerms.GLOBAL, requester);
            long deadline = System.nanoTime() + LOCK_DEADLINE.toNanos();
            for (int attempt = 1; ; attempt++) {
                List<Atom> known = server.knownNodes();
                if (server.lockHere(requester)) {
                    Map<Atom, CompletableFuture<Term>> replies = callAll(known, Tuple.of(GlobalTerms.SET_LOCK, id));
                    List<Atom> locked = awaitAll(replies);
                    try {
                        if (locked.size() == known.size() && known.equals(server.knownNodes())) {
                            return action.run(known);
                        }
                    } finally {
                        awaitAll(callAll(locked, Tuple.of(GlobalTerms.DEL_LOCK, id)));
                        server.unlockHere(requester);
                    }
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("could not take global's lock on " + known + " within "
                            + LOCK_DEADLINE.toSeconds() + " s: another registration or connect holds it");
                }
                backOff(attempt);
            }
        } finally {
            registrar.unlock();
        }
    }

    private Map<Atom, CompletableFuture<Term>> callAll(List<Atom> nodes, Tuple request) {
        Map<Atom, CompletableFuture<Term>> replies = new LinkedHashMap<>();
        for (Atom node : nodes) {
            replies.put(node, server.call(node, request));
        }
        return replies;
    }

    /** Waits for every reply; returns the nodes that answered {@code true}. */
    private static List<Atom> awaitAll(Map<Atom, CompletableFuture<Term>> replies) {
        List<Atom> yes = new ArrayList<>();
        for (Map.Entry<Atom, CompletableFuture<Term>> reply : replies.entrySet()) {
            Term answer;
            try {
                answer = reply.getValue().get(CALL_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = Atom.FALSE;
            } catch (Exception e) {
                answer = Atom.FALSE;
            }
            if (Atom.TRUE.equals(answer)) {
                yes.add(reply.getKey());
            }
        }
        return yes;
    }

    /** The pause of {@code global:set_lock/3} between attempts: random, up to 1/4 s doubling to 8 s. */
    private static void backOff(int attempt) {
        long max = attempt > 5 ? 8000 : (1000L << attempt) / 8;
        try {
            Thread.sleep(1 + ThreadLocalRandom.current().nextLong(max));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for global's lock", e);
        }
    }
}

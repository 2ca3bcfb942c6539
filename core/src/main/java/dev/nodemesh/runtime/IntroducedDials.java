package dev.nodemesh.runtime;

import dev.nodemesh.NodeName;
import dev.nodemesh.dist.LogThrottle;
import dev.nodemesh.term.Atom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects to the nodes that peers tell this node about (the mesh gossip's known peers, {@code
 * global}'s {@code new_nodes} and name exchanges), within bounds, so that a peer that names
 * thousands of invented nodes costs a bounded queue and a few log lines, not thousands of
 * simultaneous dials and a log line each:
 *
 * <ul>
 *   <li>a name that is not a valid node name is refused at once;
 *   <li>at most {@value #MAX_RUNNING} dials run at a time; up to {@value #MAX_QUEUED} more wait
 *       their turn; beyond that a name is refused;
 *   <li>a node already being dialled or waiting is dialled once, for every peer that names it;
 *   <li>refusals and failed dials log one WARN line at most every 10 s, with the number held back.
 * </ul>
 *
 * Thread-safe.
 */
public final class IntroducedDials {

    /** The most dials of introduced nodes that run at once. */
    static final int MAX_RUNNING = 16;

    /** The most introduced nodes that wait for a dial. */
    static final int MAX_QUEUED = 1024;

    private static final Logger log = LoggerFactory.getLogger(IntroducedDials.class);

    private final Atom self;
    private final Function<Atom, CompletableFuture<?>> dialer;
    private final LogThrottle logThrottle = new LogThrottle(Duration.ofSeconds(10));
    private final Map<Atom, CompletableFuture<Void>> pending = new HashMap<>();
    private final Queue<Introduction> queued = new ArrayDeque<>();
    private final ThreadLocal<ArrayDeque<Runnable>> starting = new ThreadLocal<>();
    private int running;

    /**
     * Creates the dialler.
     *
     * @param self this node, never dialled
     * @param dialer connects to a node (or finds its connection)
     */
    public IntroducedDials(Atom self, Function<Atom, CompletableFuture<?>> dialer) {
        this.self = self;
        this.dialer = dialer;
    }

    /**
     * Connects to a node a peer named, now or when a running dial ends.
     *
     * @param node the node named
     * @param introducer the peer that named it, for the log
     * @return completes when connected; exceptionally with an {@link IllegalArgumentException} when
     *     the name is refused, or with the dial's failure
     */
    public CompletableFuture<Void> dial(Atom node, Atom introducer) {
        if (node.equals(self) || !isValidNodeName(node)) {
            return refused(node, introducer, "not a node name this node dials");
        }
        CompletableFuture<Void> result;
        synchronized (this) {
            CompletableFuture<Void> existing = pending.get(node);
            if (existing != null) {
                return existing;
            }
            if (running >= MAX_RUNNING && queued.size() >= MAX_QUEUED) {
                result = null;
            } else {
                result = new CompletableFuture<>();
                pending.put(node, result);
                if (running < MAX_RUNNING) {
                    running++;
                } else {
                    queued.add(new Introduction(node, introducer));
                    return result;
                }
            }
        }
        if (result == null) {
            return refused(node, introducer, MAX_QUEUED + " introduced nodes already wait for a dial");
        }
        trampoline(() -> start(node, introducer, result));
        return result;
    }

    private void start(Atom node, Atom introducer, CompletableFuture<Void> result) {
        CompletableFuture<?> dial;
        try {
            dial = dialer.apply(node);
        } catch (RuntimeException e) {
            dial = CompletableFuture.failedFuture(e);
        }
        dial.whenComplete((connection, failure) -> {
            Introduction next;
            CompletableFuture<Void> nextResult;
            synchronized (this) {
                pending.remove(node);
                next = queued.poll();
                nextResult = next == null ? null : pending.get(next.node());
                if (next == null) {
                    running--;
                }
            }
            if (failure != null) {
                logFailure(node, introducer, failure);
                result.completeExceptionally(failure);
            } else {
                result.complete(null);
            }
            if (next != null) {
                trampoline(() -> start(next.node(), next.introducer(), nextResult));
            }
        });
    }

    /**
     * Runs a dial's start; a start asked for while one runs on this thread (a dial that failed at
     * once starts the next) waits for it, so a queue of dials that all fail at once is a loop, not
     * a recursion as deep as the queue.
     */
    private void trampoline(Runnable task) {
        ArrayDeque<Runnable> tasks = starting.get();
        if (tasks != null) {
            tasks.add(task);
            return;
        }
        tasks = new ArrayDeque<>();
        starting.set(tasks);
        try {
            for (Runnable next = task; next != null; next = tasks.poll()) {
                next.run();
            }
        } finally {
            starting.remove();
        }
    }

    private CompletableFuture<Void> refused(Atom node, Atom introducer, String why) {
        long heldBack = logThrottle.admit();
        if (heldBack >= 0) {
            log.warn(
                    "{} named node {} to connect to; not dialled: {} ({} more held back since the previous line)",
                    introducer.name(),
                    printable(node),
                    why,
                    heldBack);
        }
        return CompletableFuture.failedFuture(new IllegalArgumentException("not dialled: " + why));
    }

    private void logFailure(Atom node, Atom introducer, Throwable failure) {
        long heldBack = logThrottle.admit();
        if (heldBack >= 0) {
            log.warn(
                    "could not connect to {}, named by {}: {} ({} more held back since the previous line)",
                    node.name(),
                    introducer.name(),
                    failure.getMessage(),
                    heldBack);
        } else if (log.isDebugEnabled()) {
            log.debug("could not connect to {}, named by {}: {}", node.name(), introducer.name(), failure.toString());
        }
    }

    private static boolean isValidNodeName(Atom node) {
        try {
            NodeName.parse(node.name());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String printable(Atom node) {
        String name = node.name();
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < name.length() && i < 80; i++) {
            char c = name.charAt(i);
            shown.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return name.length() > 80 ? shown + "…" : shown.toString();
    }

    private record Introduction(Atom node, Atom introducer) {}
}

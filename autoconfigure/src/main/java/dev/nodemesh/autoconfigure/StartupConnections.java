package dev.nodemesh.autoconfigure;

import dev.nodemesh.Node;
import dev.nodemesh.NodeName;
import dev.nodemesh.autoconfigure.event.NodeConnectFailedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Connects to the nodes of {@code nodemesh.connect.nodes} in the background: each node is tried at
 * once, then after the initial backoff, doubled after every failure up to the maximum, until it
 * answers or the application stops. A node that never answers only costs log lines and {@link
 * NodeConnectFailedEvent}s.
 */
final class StartupConnections {

    private static final Logger log = LoggerFactory.getLogger(StartupConnections.class);

    private static final int MAX_THREADS = 2;

    private final Node node;

    private final List<NodeName> peers;

    private final Duration initialBackoff;

    private final Duration maxBackoff;

    private final ApplicationEventPublisher publisher;

    private ScheduledExecutorService scheduler;

    StartupConnections(
            Node node,
            List<NodeName> peers,
            Duration initialBackoff,
            Duration maxBackoff,
            ApplicationEventPublisher publisher) {
        this.node = node;
        this.peers = List.copyOf(peers);
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.publisher = publisher;
    }

    /** Connections to no node at all. */
    static StartupConnections none(Node node) {
        return new StartupConnections(node, List.of(), Duration.ofSeconds(1), Duration.ofSeconds(1), event -> {});
    }

    /** Starts connecting; does nothing when there are no nodes to connect to. */
    synchronized void start() {
        if (peers.isEmpty() || scheduler != null) {
            return;
        }
        scheduler = Executors.newScheduledThreadPool(Math.min(MAX_THREADS, peers.size()), threads());
        for (NodeName peer : peers) {
            schedule(peer, 1, Duration.ZERO);
        }
    }

    /** Stops trying; attempts under way end at once. */
    void stop() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = scheduler;
            scheduler = null;
        }
        if (stopping == null) {
            return;
        }
        stopping.shutdownNow();
        try {
            stopping.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void schedule(NodeName peer, int attempt, Duration delay) {
        if (scheduler == null) {
            return;
        }
        try {
            scheduler.schedule(() -> connect(peer, attempt, delay), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void connect(NodeName peer, int attempt, Duration lastDelay) {
        if (node.connect(peer)) {
            log.info("connected to {} (attempt {})", peer, attempt);
            return;
        }
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        String failure = node.connectFailure(peer).orElse("no answer in time");
        Duration next = nextDelay(lastDelay);
        if (attempt == 1) {
            log.warn("cannot connect to {} yet: {}; retrying in {}, up to every {}", peer, failure, next, maxBackoff);
        } else {
            log.debug("cannot connect to {} (attempt {}): {}; retrying in {}", peer, attempt, failure, next);
        }
        publisher.publishEvent(new NodeConnectFailedEvent(node, peer, failure));
        schedule(peer, attempt + 1, next);
    }

    /** The wait before the next attempt: the initial backoff first, then doubled up to the maximum. */
    Duration nextDelay(Duration lastDelay) {
        if (lastDelay.isZero()) {
            return initialBackoff;
        }
        Duration doubled = lastDelay.multipliedBy(2);
        return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }

    private static java.util.concurrent.ThreadFactory threads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "nodemesh-startup-connect-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

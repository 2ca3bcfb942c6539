package dev.nodemesh.autoconfigure;

import dev.nodemesh.EpmdMode;
import dev.nodemesh.Node;
import dev.nodemesh.NodeDownReason;
import dev.nodemesh.NodeName;
import dev.nodemesh.NodeStatusListener;
import dev.nodemesh.autoconfigure.discovery.DiscoveredNode;
import dev.nodemesh.autoconfigure.discovery.MemberConnector;
import dev.nodemesh.autoconfigure.event.NodeConnectFailedEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Connects to the nodes of {@code nodemesh.connect.nodes} and to the members discovery finds, in
 * the background: each node is tried at once, then after the initial backoff, doubled after every
 * failure up to the maximum, until it answers, discovery forgets it, or the application stops. A
 * node that never answers only costs log lines and {@link NodeConnectFailedEvent}s. A member of a
 * polled discovery source is dialled again when its connection goes down, as long as it is listed;
 * the nodes of {@code nodemesh.connect.nodes} are not (as before discovery). For a node
 * without EPMD, the ports discovery gives are learned by the node ({@link Node#learnPeerPort}).
 */
final class StartupConnections implements MemberConnector {

    private static final Logger log = LoggerFactory.getLogger(StartupConnections.class);

    private static final int MAX_THREADS = 2;

    private final Node node;

    private final List<NodeName> peers;

    private final Duration initialBackoff;

    private final Duration maxBackoff;

    private final ApplicationEventPublisher publisher;

    /** The nodes to connect to, each with the token of its chain of attempts (a new one when it comes back). */
    private final Map<NodeName, Object> wanted = new HashMap<>();

    /** The members to dial again when their connection goes down (those of polled sources). */
    private final Set<NodeName> kept = new HashSet<>();

    private final NodeStatusListener downs = new NodeStatusListener() {
        @Override
        public void nodeDown(NodeName peer, NodeDownReason reason) {
            StartupConnections.this.nodeDown(peer);
        }
    };

    private ScheduledExecutorService scheduler;

    private boolean started;

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

    /**
     * Starts connecting to the nodes given at construction and to those {@link #connect added}
     * since; costs no thread while there are none.
     */
    synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        node.addStatusListener(downs);
        for (NodeName peer : peers) {
            connect(DiscoveredNode.of(peer), false);
        }
    }

    @Override
    public synchronized void connect(DiscoveredNode member, boolean keepConnected) {
        NodeName peer = member.name();
        if (member.hasPort() && node.config().epmdMode() == EpmdMode.NONE) {
            node.learnPeerPort(peer, member.port());
        }
        if (keepConnected) {
            kept.add(peer);
        } else {
            kept.remove(peer);
        }
        if (!started || wanted.containsKey(peer)) {
            return;
        }
        Object token = new Object();
        wanted.put(peer, token);
        if (scheduler == null) {
            scheduler = Executors.newScheduledThreadPool(MAX_THREADS, threads());
        }
        schedule(peer, token, 1, Duration.ZERO);
    }

    /** A kept member's connection went down while it is still listed: dial it again, with back-off. */
    private synchronized void nodeDown(NodeName peer) {
        if (!started || !kept.contains(peer) || !wanted.containsKey(peer)) {
            return;
        }
        Object token = new Object();
        wanted.put(peer, token);
        log.info("{} went down and is still a member; dialling it again in {}", peer, initialBackoff);
        schedule(peer, token, 1, initialBackoff);
    }

    @Override
    public synchronized void forget(NodeName peer) {
        wanted.remove(peer);
        kept.remove(peer);
        if (node.config().epmdMode() == EpmdMode.NONE) {
            node.forgetPeerPort(peer);
        }
    }

    /** Stops trying; attempts under way end at once. */
    void stop() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = scheduler;
            scheduler = null;
            started = false;
            wanted.clear();
            kept.clear();
        }
        node.removeStatusListener(downs);
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

    private synchronized void schedule(NodeName peer, Object token, int attempt, Duration delay) {
        if (scheduler == null || !isWanted(peer, token)) {
            return;
        }
        try {
            scheduler.schedule(() -> connect(peer, token, attempt, delay), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void connect(NodeName peer, Object token, int attempt, Duration lastDelay) {
        if (!isWanted(peer, token)) {
            return;
        }
        if (node.connect(peer)) {
            log.info("connected to {} (attempt {})", peer, attempt);
            return;
        }
        if (Thread.currentThread().isInterrupted() || !isWanted(peer, token)) {
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
        schedule(peer, token, attempt + 1, next);
    }

    /** Whether the attempts of this token are still wanted: the peer was not forgotten since. */
    private synchronized boolean isWanted(NodeName peer, Object token) {
        return wanted.get(peer) == token;
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

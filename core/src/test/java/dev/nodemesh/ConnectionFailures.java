package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects the failed connection attempts a node reports, for tests to take one by one. */
final class ConnectionFailures {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<ConnectionFailure> failures = new LinkedBlockingQueue<>();

    private ConnectionFailures() {}

    /**
     * Starts collecting a node's failed attempts.
     *
     * @param node the node
     * @return the collector
     */
    static ConnectionFailures of(Node node) {
        ConnectionFailures collector = new ConnectionFailures();
        node.addStatusListener(new NodeStatusListener() {
            @Override
            public void connectionFailed(ConnectionFailure failure) {
                collector.failures.add(failure);
            }
        });
        return collector;
    }

    /**
     * Takes the next failure, failing the test when none comes within 10 seconds.
     *
     * @return the failure
     * @throws InterruptedException when interrupted while waiting
     */
    ConnectionFailure next() throws InterruptedException {
        ConnectionFailure failure = failures.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(failure).as("a connection failure").isNotNull();
        return failure;
    }
}

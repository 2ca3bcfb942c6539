package dev.nodemesh.testsupport;

import java.util.Optional;

/**
 * The far side of a {@link FaultLab}: a real erl ({@link ErlFaultPeer}) or a nodemesh node in a
 * JVM of its own ({@link NodeRunnerPeer}), in the lab's network namespace. Both have a process
 * registered as {@code sink} that keeps every {@code {seq, N}}, answers {@code {ping, From, T}}
 * with {@code {pong, T}} and drops {@code {blob, Binary}}; both are driven through their standard input, which keeps working while
 * the network is cut or the peer is stopped.
 */
public interface FaultPeer extends AutoCloseable {

    /**
     * Returns the peer's full node name.
     *
     * @return {@code alive@<namespace address>}
     */
    String name();

    /**
     * Returns the peer's OS process, to stop or kill it.
     *
     * @return its pid
     */
    long osPid();

    /**
     * Tells whether the sink has received exactly {@code {seq, 1}} to {@code {seq, n}}, each once
     * and in order (false while some are still on their way: poll it).
     *
     * @param n the count expected
     * @return whether it has
     */
    boolean seqsInOrder(int n);

    /**
     * Returns when the peer last saw a node go down, on this JVM's {@link System#nanoTime} clock.
     *
     * @param node the node's full name
     * @return the time, once it has
     */
    Optional<Long> downAtNanos(String node);

    /**
     * Sends {@code {seq, from}} to {@code {seq, to}} to {@code {name, node}}.
     *
     * @param name the registered name
     * @param node the node
     * @param from the first number
     * @param to the last number
     */
    void stream(String name, String node, int from, int to);

    /**
     * Disconnects from a node.
     *
     * @param node the node's full name
     */
    void disconnect(String node);

    /**
     * Sends the sink's pid to {@code {name, node}}.
     *
     * @param name the registered name
     * @param node the node
     */
    void sendSinkPid(String name, String node);

    /**
     * Returns the peer's resident memory, from {@code /proc/<pid>/status}.
     *
     * @return bytes
     */
    default long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(
                    java.nio.file.Path.of("/proc", Long.toString(osPid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            throw new IllegalStateException("no VmRSS for process " + osPid());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Kills the peer. */
    @Override
    void close();
}

package dev.nodemesh.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks ports for listeners a test must know in advance (a private EPMD, a node's fixed
 * distribution port, a port nobody listens on).
 *
 * <p>The usual trick, bind port 0 and release it, hands out a port from the kernel's ephemeral
 * range, and the kernel may give that same port a moment later to another socket bound to port 0
 * (a node's own listener, say): a node's EPMD client then talks to a distribution listener. So
 * the ports come from OUTSIDE the ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range};
 * where that file cannot be read, 32768–65535 is assumed, which covers Linux's and IANA's
 * defaults), chosen at random so that JVMs running tests at the same time rarely try the same
 * one, never twice in one JVM, and checked free by binding them on every address.
 */
public final class TestPorts {

    static final Path EPHEMERAL_RANGE_FILE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** Below this, ports belong to well-known services (EPMD's 4369 among them). */
    static final int LOWEST = 10_000;

    static final int HIGHEST = 65_535;

    /** The assumed ephemeral range when the kernel's cannot be read: Linux's and IANA's. */
    static final PortRange DEFAULT_EPHEMERAL = new PortRange(32_768, HIGHEST);

    private static final int ATTEMPTS = 500;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final PortRange EPHEMERAL = readEphemeralRange(EPHEMERAL_RANGE_FILE);

    private TestPorts() {}

    /**
     * Returns a port outside the kernel's ephemeral range that nothing listens on now and that
     * this JVM has not handed out before.
     *
     * @return the port
     * @throws IllegalStateException when no such port could be found
     */
    public static int freePort() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int candidate = candidate(EPHEMERAL, random.nextInt(candidateCount(EPHEMERAL)));
            if (HANDED_OUT.add(candidate)) {
                if (isFree(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + HIGHEST + " outside the ephemeral"
                + " range " + EPHEMERAL + " after " + ATTEMPTS + " attempts");
    }

    /**
     * Returns the ephemeral range the ports are chosen outside of.
     *
     * @return the kernel's range, or the assumed default
     */
    public static PortRange ephemeralRange() {
        return EPHEMERAL;
    }

    /**
     * Tells whether a listener could bind the port now on every address (no socket listens on it,
     * on loopback or elsewhere).
     *
     * @param port the port
     * @return whether it is free
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static PortRange readEphemeralRange(Path file) {
        try {
            return parseRange(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL;
        }
    }

    static PortRange parseRange(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a port range: " + text);
        }
        return new PortRange(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    /** How many ports between {@link #LOWEST} and {@link #HIGHEST} lie outside the range. */
    static int candidateCount(PortRange ephemeral) {
        int below = Math.max(0, Math.min(ephemeral.first(), HIGHEST + 1) - LOWEST);
        int above = Math.max(0, HIGHEST - Math.max(ephemeral.last(), LOWEST - 1));
        int count = below + above;
        if (count == 0) {
            throw new IllegalStateException("the ephemeral range " + ephemeral + " leaves no port between " + LOWEST
                    + " and " + HIGHEST + " for tests");
        }
        return count;
    }

    /** The index-th port between {@link #LOWEST} and {@link #HIGHEST} outside the range. */
    static int candidate(PortRange ephemeral, int index) {
        int below = Math.max(0, Math.min(ephemeral.first(), HIGHEST + 1) - LOWEST);
        if (index < below) {
            return LOWEST + index;
        }
        return Math.max(ephemeral.last(), LOWEST - 1) + 1 + (index - below);
    }

    /**
     * An inclusive range of ports.
     *
     * @param first the lowest port in it
     * @param last the highest port in it
     */
    public record PortRange(int first, int last) {

        /**
         * Validates the bounds.
         *
         * @param first the lowest port in it
         * @param last the highest port in it
         */
        public PortRange {
            if (first < 1 || last > HIGHEST || first > last) {
                throw new IllegalArgumentException("not a port range: " + first + "-" + last);
            }
        }

        /**
         * Tells whether the port lies in the range.
         *
         * @param port the port
         * @return whether first ≤ port ≤ last
         */
        public boolean contains(int port) {
            return port >= first && port <= last;
        }

        @Override
        public String toString() {
            return first + "–" + last;
        }
    }
}

package dev.nodemesh.testsupport;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A Linux network namespace made by a test, joined to the host by a veth pair with a private
 * {@code /30}: the host end has {@link #hostAddress()}, the namespace end {@link
 * #namespaceAddress()}, and nothing else is reachable from inside. A process run with {@link
 * #run} inside it is a "remote" peer: its connections to the host come from an address that is
 * neither loopback nor one the host connects from.
 *
 * <p>It needs root and the {@code ip} tool (iproute2). Without them a test is skipped with a
 * message saying so; with {@code CI=true} it fails instead. Closing deletes the veth pair and the
 * namespace, and kills processes still running inside.
 *
 * <pre>{@code
 * try (NetworkNamespace remote = NetworkNamespace.create()) {
 *     String out = remote.run(List.of(erl, "-noshell", "-eval", "..."), Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class NetworkNamespace implements AutoCloseable {

    private static final Duration IP_TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private final String name;
    private final String hostLink;
    private final String namespaceLink;
    private final InetAddress hostAddress;
    private final InetAddress namespaceAddress;
    private final Path ip;
    private boolean namespaceMade;
    private boolean linkMade;

    private NetworkNamespace(Path ip) {
        long pid = ProcessHandle.current().pid();
        int serial = SERIAL.incrementAndGet();
        this.ip = ip;
        this.name = "nmtest-" + pid + "-" + serial;
        this.hostLink = "nmh" + (pid % 100_000) + "x" + serial;
        this.namespaceLink = hostLink.replace("nmh", "nmn");
        // 198.18.0.0/15 is reserved for network tests (RFC 2544): no real network uses it
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int third = random.nextInt(256);
        int fourth = random.nextInt(64) * 4;
        this.hostAddress = address(198, 18 + random.nextInt(2), third, fourth + 1);
        this.namespaceAddress =
                address(hostAddress.getAddress()[0] & 0xff, hostAddress.getAddress()[1] & 0xff, third, fourth + 2);
    }

    /**
     * Creates a namespace and its link to the host, skipping (or, on CI, failing) the calling test
     * when that is not possible here.
     *
     * @return the namespace, up and reachable from the host
     */
    public static NetworkNamespace create() {
        Path ip = requireIp();
        NetworkNamespace namespace = new NetworkNamespace(ip);
        try {
            namespace.setUp();
            return namespace;
        } catch (RuntimeException | AssertionError e) {
            namespace.close();
            throw e;
        }
    }

    private static Path requireIp() {
        String problem = null;
        Path ip = ErlangRuntime.findOnPath("ip")
                .or(() -> Optional.of(Path.of("/usr/sbin/ip"))
                        .filter(p -> p.toFile().canExecute()))
                .or(() ->
                        Optional.of(Path.of("/sbin/ip")).filter(p -> p.toFile().canExecute()))
                .orElse(null);
        if (ip == null) {
            problem = "'ip' is not installed: this test needs iproute2 to make a network namespace."
                    + " Install it with: apt-get install -y iproute2";
        } else if (!"root".equals(System.getProperty("user.name"))) {
            problem = "this test makes a network namespace, which needs root; it runs as "
                    + System.getProperty("user.name");
        }
        if (problem != null) {
            if (ErlangRuntime.isCi()) {
                fail(problem + " (CI=true, so this is a failure, not a skip)");
            }
            Assumptions.abort(problem);
        }
        return ip;
    }

    private void setUp() {
        ip("netns", "add", name);
        namespaceMade = true;
        ip("link", "add", hostLink, "type", "veth", "peer", "name", namespaceLink);
        linkMade = true;
        ip("link", "set", namespaceLink, "netns", name);
        ip("addr", "add", hostAddress.getHostAddress() + "/30", "dev", hostLink);
        ip("link", "set", hostLink, "up");
        ip(
                "netns",
                "exec",
                name,
                ip.toString(),
                "addr",
                "add",
                namespaceAddress.getHostAddress() + "/30",
                "dev",
                namespaceLink);
        ip("netns", "exec", name, ip.toString(), "link", "set", namespaceLink, "up");
        ip("netns", "exec", name, ip.toString(), "link", "set", "lo", "up");
    }

    /**
     * Returns the namespace's name, as {@code ip netns} lists it.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the host's end of the link: what a process in the namespace connects to.
     *
     * @return the address
     */
    public InetAddress hostAddress() {
        return hostAddress;
    }

    /**
     * Returns the namespace's end of the link: where its connections come from, as the host sees
     * them.
     *
     * @return the address
     */
    public InetAddress namespaceAddress() {
        return namespaceAddress;
    }

    /**
     * Runs a command inside the namespace to completion and returns its standard output; fails
     * the test when it exits non-zero or runs past the timeout (it is killed then).
     *
     * @param command the command, with an absolute path or one on the PATH
     * @param timeout how long it may run
     * @return standard output
     */
    public String run(List<String> command, Duration timeout) {
        List<String> inside = new ArrayList<>(List.of(ip.toString(), "netns", "exec", name));
        inside.addAll(command);
        return ErlangRuntime.run(inside, timeout);
    }

    /**
     * Returns the command prefix that runs a program inside the namespace.
     *
     * @return {@code ip netns exec NAME}
     */
    public List<String> execPrefix() {
        return List.of(ip.toString(), "netns", "exec", name);
    }

    /**
     * Starts a long-running command inside the namespace (an {@code epmd}, say); closing the
     * returned process kills it, and so does closing the namespace.
     *
     * @param command the command, with an absolute path or one on the PATH
     * @return the running process
     */
    public ExternalProcess start(List<String> command) {
        List<String> inside = new ArrayList<>(execPrefix());
        inside.addAll(command);
        try {
            return new ExternalProcess(new ProcessBuilder(inside)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command + " in " + name, e);
        }
    }

    /**
     * Sends everything the namespace addresses beyond its link to the host, so that its processes
     * reach every address the host has (another namespace's link, say), not only its end of this
     * link.
     */
    public void routeEverythingToHost() {
        run(List.of(ip.toString(), "route", "add", "default", "via", hostAddress.getHostAddress()), IP_TIMEOUT);
    }

    /**
     * Cuts the link silently: every packet to and from the namespace is dropped inside it
     * ({@code iptables ... -j DROP}), as a pulled cable or a dead switch would; no reset, no
     * error, until {@link #heal}. Needs {@code iptables}: skips (or on CI fails) without it.
     */
    public void partition() {
        Path iptables = requireIptables();
        run(List.of(iptables.toString(), "-I", "INPUT", "-i", namespaceLink, "-j", "DROP"), IP_TIMEOUT);
        run(List.of(iptables.toString(), "-I", "OUTPUT", "-o", namespaceLink, "-j", "DROP"), IP_TIMEOUT);
    }

    /** Undoes {@link #partition}: packets flow again. */
    public void heal() {
        Path iptables = requireIptables();
        run(List.of(iptables.toString(), "-D", "INPUT", "-i", namespaceLink, "-j", "DROP"), IP_TIMEOUT);
        run(List.of(iptables.toString(), "-D", "OUTPUT", "-o", namespaceLink, "-j", "DROP"), IP_TIMEOUT);
    }

    private static Path requireIptables() {
        Optional<Path> found = ErlangRuntime.findOnPath("iptables")
                .or(() -> Optional.of(Path.of("/usr/sbin/iptables"))
                        .filter(p -> p.toFile().canExecute()))
                .or(() -> Optional.of(Path.of("/sbin/iptables"))
                        .filter(p -> p.toFile().canExecute()));
        if (found.isEmpty()) {
            String problem = "'iptables' is not installed: this test drops packets silently to cut a link."
                    + " Install it with: apt-get install -y iptables";
            if (ErlangRuntime.isCi()) {
                fail(problem + " (CI=true, so this is a failure, not a skip)");
            }
            Assumptions.abort(problem);
        }
        return found.get();
    }

    private void ip(String... arguments) {
        List<String> command = new ArrayList<>(List.of(ip.toString()));
        command.addAll(List.of(arguments));
        ErlangRuntime.run(command, IP_TIMEOUT);
    }

    /** Deletes the veth pair and the namespace; processes left inside are killed first. */
    @Override
    public void close() {
        if (namespaceMade) {
            killInside();
        }
        if (linkMade) {
            quietly("link", "del", hostLink);
        }
        if (namespaceMade) {
            quietly("netns", "del", name);
        }
    }

    private void killInside() {
        try {
            Process pids = new ProcessBuilder(ip.toString(), "netns", "pids", name)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(pids.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            pids.waitFor();
            for (String line : out.split("\\s+")) {
                if (line.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(line)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void quietly(String... arguments) {
        List<String> command = new ArrayList<>(List.of(ip.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "NetworkNamespace[" + name + ", host " + hostAddress.getHostAddress() + ", namespace "
                + namespaceAddress.getHostAddress() + "]";
    }
}

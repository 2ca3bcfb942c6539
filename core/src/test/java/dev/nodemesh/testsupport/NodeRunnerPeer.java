package dev.nodemesh.testsupport;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A nodemesh node in a JVM of its own ({@link NodeRunner}) as the far side of a {@link FaultLab},
 * started inside the lab's namespace with this JVM's class path.
 */
final class NodeRunnerPeer implements FaultPeer {

    private static final Duration ANSWER = Duration.ofSeconds(30);

    private final ExternalProcess process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final String name;

    NodeRunnerPeer(NetworkNamespace namespace, String cookie, int epmdPort, Duration tick) {
        String address = namespace.namespaceAddress().getHostAddress();
        this.name = "nmpeer@" + address;
        List<String> command = new ArrayList<>(namespace.execPrefix());
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                NodeRunner.class.getName(),
                name,
                cookie,
                address,
                Integer.toString(epmdPort),
                Long.toString(tick.toMillis())));
        try {
            this.process = new ExternalProcess(
                    new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a node runner", e);
        }
        this.stdin = new OutputStreamWriter(process.process().getOutputStream(), StandardCharsets.UTF_8);
        process.readLines(lines::add);
        awaitLine("ready");
    }

    private String awaitLine(String expected) {
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + ANSWER.toNanos();
        try {
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    fail("the node runner did not answer within " + ANSWER + "; it printed:\n" + seen);
                }
                if (expected == null || line.equals(expected)) {
                    return line;
                }
                seen.append(line).append('\n'); // its log lines
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String command(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the node runner is gone", e);
        }
        return awaitAnswer();
    }

    /** The runner's answers are single words or numbers; anything else it prints is a log line. */
    private String awaitAnswer() {
        while (true) {
            String line = awaitLine(null);
            if (line.matches("true|false|none|ok|-?\\d+|unknown command .*")) {
                return line;
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long osPid() {
        // ip netns exec runs java in its own process, which is the one to stop or kill
        return process.process().pid();
    }

    @Override
    public boolean seqsInOrder(int n) {
        return command("seqs " + n).equals("true");
    }

    @Override
    public Optional<Long> downAtNanos(String node) {
        String answer = command("down " + node);
        return answer.equals("none") ? Optional.empty() : Optional.of(Long.parseLong(answer));
    }

    @Override
    public void stream(String target, String node, int from, int to) {
        command("stream " + target + " " + node + " " + from + " " + to);
    }

    @Override
    public void disconnect(String node) {
        command("disconnect " + node);
    }

    @Override
    public void sendSinkPid(String target, String node) {
        command("sendpid " + target + " " + node);
    }

    @Override
    public void close() {
        process.close();
    }
}

package dev.nodemesh.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code erl} node: {@code erl -sname <name> -setcookie <cookie> -hidden -start_epmd false}
 * with {@code ERL_EPMD_PORT} set to the harness's private EPMD, running {@code nm_bench:repl()}.
 * Each call evaluates one line (a call into the compiled {@code nm_bench} module) and reads the
 * printed value. Closing ends the OS process.
 */
final class ErlEndpoint implements Endpoint {

    private static final String BEGIN = "<<<VALUE>>>";
    private static final String END = "<<<END>>>";
    private static final Duration TIMEOUT = Duration.ofMinutes(6);

    private final String node;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder transcript = new StringBuilder();

    ErlEndpoint(String node, String cookie, int epmdPort, Path moduleDir) {
        this(node, cookie, epmdPort, moduleDir, true);
    }

    /**
     * Starts the node.
     *
     * @param hidden false for a visible node, which {@code pg} talks to (the fan-out workload)
     */
    ErlEndpoint(String node, String cookie, int epmdPort, Path moduleDir, boolean hidden) {
        this.node = node;
        List<String> command = new ArrayList<>(List.of(
                "erl",
                "-sname",
                node,
                "-setcookie",
                cookie,
                "-start_epmd",
                "false",
                "-noshell",
                "-kernel",
                "inet_dist_use_interface",
                "{127,0,0,1}"));
        if (hidden) {
            command.add("-hidden");
        }
        command.addAll(BenchTls.erlFlags());
        command.addAll(List.of("-pa", moduleDir.toString(), "-eval", "nm_bench:repl()."));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        builder.environment().put("ERL_CRASH_DUMP_SECONDS", "0");
        try {
            this.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start erl", e);
        }
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread pump = new Thread(this::pump, "erl-" + node);
        pump.setDaemon(true);
        pump.start();
        String self = eval("node()", Duration.ofSeconds(30));
        if (!self.equals(node) && !self.equals("'" + node + "'")) {
            throw new IllegalStateException(node + " started as " + self + ":\n" + transcript());
        }
    }

    /**
     * Returns the OS process id, for the slow-receiver workload that pauses the whole VM.
     *
     * @return the pid
     */
    long pid() {
        return process.pid();
    }

    @Override
    public String kind() {
        return "erl";
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public void startSink(int n, String reportNode) {
        eval("nm_bench:start_sink(" + n + ", '" + reportNode + "')");
    }

    @Override
    public void startPong() {
        eval("nm_bench:start_pong()");
    }

    @Override
    public void startCallServer() {
        eval("nm_bench:start_call_server()");
    }

    @Override
    public Percentiles genCall(String to, int n) {
        return Percentiles.parse(eval("nm_bench:gen_call('" + to + "', " + n + ")"));
    }

    @Override
    public long sendSmall(String to, int n) {
        return micros(eval("nm_bench:send_small('" + to + "', " + n + ")"));
    }

    @Override
    public long sendBinary(String to, int n, int size) {
        return micros(eval("nm_bench:send_binary('" + to + "', " + n + ", " + size + ")"));
    }

    @Override
    public long sendConcurrent(String to, int n, int senders) {
        return micros(eval("nm_bench:concurrent('" + to + "', " + n + ", " + senders + ")"));
    }

    @Override
    public Percentiles pingPong(String to, int n, String server) {
        return Percentiles.parse(eval("nm_bench:ping_pong('" + to + "', " + n + ", " + server + ")"));
    }

    @Override
    public Percentiles setUp(String to, int n) {
        return Percentiles.parse(eval("nm_bench:set_up('" + to + "', " + n + ")"));
    }

    /**
     * Evaluates an expression on the node.
     *
     * @param expression one line of Erlang, without the final period
     * @return what the node printed for its value
     */
    String eval(String expression) {
        return eval(expression, TIMEOUT);
    }

    private long micros(String printed) {
        try {
            return Long.parseLong(printed.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(node + " answered " + printed);
        }
    }

    private String eval(String expression, Duration timeout) {
        try {
            stdin.write(expression + ".\n");
            stdin.flush();
            StringBuilder value = new StringBuilder();
            boolean inValue = false;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new IllegalStateException(
                            node + " did not answer `" + expression + "` within " + timeout + ":\n" + transcript());
                }
                if (line.equals(BEGIN)) {
                    inValue = true;
                    value.setLength(0);
                } else if (line.equals(END) && inValue) {
                    break;
                } else if (inValue) {
                    value.append(value.length() > 0 ? " " : "").append(line.strip());
                }
            }
            String result = value.toString();
            if (result.startsWith("{eval_error")) {
                throw new IllegalStateException(node + " failed on `" + expression + "`: " + result);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(node + " is gone:\n" + transcript(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String transcript() {
        synchronized (transcript) {
            return transcript.toString();
        }
    }

    private void pump() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (transcript) {
                    transcript.append(line).append('\n');
                }
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the node went away
        }
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

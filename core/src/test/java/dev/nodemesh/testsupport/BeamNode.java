package dev.nodemesh.testsupport;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real distributed {@code erl} or {@code elixir} node driven line by line from a test: each
 * {@link #eval} sends one expression to a read-eval-print loop running in the node's one shell
 * process (so bindings, registered names and received messages persist between calls) and
 * returns what it printed ({@code ~p} for Erlang, {@code inspect/1} for Elixir).
 *
 * <p>The node never starts an epmd of its own ({@code -start_epmd false}); it uses the EPMD on
 * the given port, normally the one embedded in the test's JVM. Closing kills the OS process.
 */
public final class BeamNode implements AutoCloseable {

    private static final String BEGIN = "<<<VALUE>>>";
    private static final String END = "<<<END>>>";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private static final String ERLANG_LOOP = "Loop = fun Loop(B) -> case io:get_line(\"\") of eof -> halt(0); Line ->"
            + " {V, B2} = try {ok, T, _} = erl_scan:string(Line), {ok, E} = erl_parse:parse_exprs(T),"
            + " {value, R, NB} = erl_eval:exprs(E, B), {R, NB} catch C:Er -> {{eval_error, C, Er}, B} end,"
            + " io:format(\"" + BEGIN + "~n~p~n" + END + "~n\", [V]), Loop(B2) end end, Loop(erl_eval:new_bindings()).";

    private static final String ELIXIR_LOOP = "defmodule NodemeshRepl do\n"
            + "  def loop(b) do\n"
            + "    case IO.gets(\"\") do\n"
            + "      :eof -> System.halt(0)\n"
            + "      line ->\n"
            + "        {v, b2} = try do Code.eval_string(line, b) rescue e -> {{:eval_error, Exception.message(e)}, b}"
            + " catch k, r -> {{:eval_error, k, r}, b} end\n"
            + "        IO.puts(\"" + BEGIN + "\")\n"
            + "        IO.puts(inspect(v, limit: :infinity, printable_limit: :infinity))\n"
            + "        IO.puts(\"" + END + "\")\n"
            + "        loop(b2)\n"
            + "    end\n"
            + "  end\n"
            + "end\n"
            + "NodemeshRepl.loop([])\n";

    private final Process process;
    private final ExternalProcess guard;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder transcript = new StringBuilder();
    private final String name;
    private final boolean erlang;

    private BeamNode(ErlLauncher launcher, int epmdPort, String name, boolean erlang) {
        this.name = name;
        this.erlang = erlang;
        this.guard = launcher.name(name).epmdPort(epmdPort).mergeStderr().start();
        this.process = guard.process();
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        guard.readLines(this::record);
    }

    /**
     * Starts {@code erl -sname <name> -setcookie <cookie>} with a read-eval-print loop.
     *
     * @param name the full node name, such as {@code dale@localhost}
     * @param cookie the cookie
     * @param epmdPort the EPMD port it registers with
     * @param extraArgs more erl arguments (for example {@code -hidden})
     * @return the running node, ready for {@link #eval}
     */
    public static BeamNode erl(String name, String cookie, int epmdPort, String... extraArgs) {
        ErlLauncher launcher = ErlLauncher.erl()
                .cookie(cookie)
                .erlFlags("-noshell", "-kernel", "inet_dist_use_interface", "{127,0,0,1}")
                .erlFlags(extraArgs)
                .eval(ERLANG_LOOP);
        BeamNode node = new BeamNode(launcher, epmdPort, name, true);
        node.awaitReady("node()");
        return node;
    }

    /**
     * Starts {@code erl -name <name> -setcookie <cookie>} inside a network namespace, on the
     * namespace's address, with a read-eval-print loop. The namespace needs an EPMD of its own on
     * the port (see {@link NetworkNamespace#start}).
     *
     * @param namespace the namespace
     * @param alive the name's part before the {@code @}; the host part is the namespace's address
     * @param cookie the cookie
     * @param epmdPort the EPMD port it registers with, and looks other nodes up on
     * @param extraArgs more erl arguments (for example {@code -kernel net_ticktime 4})
     * @return the running node, ready for {@link #eval}
     */
    public static BeamNode erlIn(
            NetworkNamespace namespace, String alive, String cookie, int epmdPort, String... extraArgs) {
        String address = namespace.namespaceAddress().getHostAddress();
        String name = alive + "@" + address;
        ErlLauncher launcher = ErlLauncher.erl()
                .inNamespace(namespace)
                .longName(name)
                .cookie(cookie)
                .erlFlags("-noshell", "-kernel", "inet_dist_use_interface", "{" + address.replace('.', ',') + "}")
                .erlFlags(extraArgs)
                .eval(ERLANG_LOOP);
        BeamNode node = new BeamNode(launcher, epmdPort, name, true);
        node.awaitReady("node()");
        return node;
    }

    /**
     * Starts {@code elixir --sname <name> --cookie <cookie>} with a read-eval-print loop.
     *
     * @param name the full node name, such as {@code dale@localhost}
     * @param cookie the cookie
     * @param epmdPort the EPMD port it registers with
     * @return the running node, ready for {@link #eval}
     */
    public static BeamNode elixir(String name, String cookie, int epmdPort) {
        return elixir(name, cookie, epmdPort, "");
    }

    /**
     * Starts {@code elixir --sname <name> --cookie <cookie>} with more {@code erl} flags and a
     * read-eval-print loop.
     *
     * @param name the full node name, such as {@code dale@localhost}
     * @param cookie the cookie
     * @param epmdPort the EPMD port it registers with
     * @param extraErlFlags more flags for the {@code --erl} option, separated by spaces (for example
     *     {@code -proto_dist inet_tls -ssl_dist_optfile FILE}), or empty
     * @return the running node, ready for {@link #eval}
     */
    public static BeamNode elixir(String name, String cookie, int epmdPort, String extraErlFlags) {
        List<String> flags = new ArrayList<>(List.of("-kernel", "inet_dist_use_interface", "{127,0,0,1}"));
        if (!extraErlFlags.isBlank()) {
            flags.addAll(List.of(extraErlFlags.strip().split("\\s+")));
        }
        ErlLauncher launcher =
                ErlLauncher.elixir().cookie(cookie).erlFlags(flags).eval(ELIXIR_LOOP);
        BeamNode node = new BeamNode(launcher, epmdPort, name, false);
        node.awaitReady("node()");
        return node;
    }

    private void awaitReady(String probe) {
        eval(probe, Duration.ofSeconds(30));
    }

    /**
     * Evaluates one line and returns what the node printed for its value.
     *
     * @param expression one expression (or several, separated as the language allows) on one line;
     *     Erlang's final period may be left out
     * @return the printed value
     */
    public String eval(String expression) {
        return eval(expression, DEFAULT_TIMEOUT);
    }

    /**
     * Evaluates one line, waiting at most the timeout for its value.
     *
     * @param expression the expression
     * @param timeout how long to wait
     * @return the printed value
     */
    public String eval(String expression, Duration timeout) {
        if (expression.contains("\n")) {
            throw new IllegalArgumentException("one line at a time");
        }
        try {
            String input = erlang && !expression.strip().endsWith(".") ? expression + "." : expression;
            stdin.write(input + "\n");
            stdin.flush();
            StringBuilder value = new StringBuilder();
            boolean inValue = false;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    fail(name + " did not answer `" + expression + "` within " + timeout + "; output:\n"
                            + transcript());
                }
                if (line.equals(BEGIN)) {
                    inValue = true;
                    value.setLength(0);
                    continue;
                }
                if (line.equals(END) && inValue) {
                    break;
                }
                if (!inValue) {
                    continue;
                }
                if (value.length() > 0) {
                    value.append('\n');
                }
                value.append(line);
            }
            String result = value.toString();
            if (result.startsWith("{eval_error") || result.startsWith("{:eval_error")) {
                fail(name + " failed to evaluate `" + expression + "`: " + result);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(name + " is gone; output:\n" + transcript(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Returns the OS process, for tests that kill the node abruptly.
     *
     * @return the process
     */
    public Process process() {
        return process;
    }

    /**
     * Returns everything the node printed so far.
     *
     * @return the output
     */
    public String transcript() {
        synchronized (transcript) {
            return transcript.toString();
        }
    }

    /** Kills the node's OS process at once, as a crash would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void record(String line) {
        synchronized (transcript) {
            transcript.append(line).append('\n');
        }
        lines.add(line);
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        guard.close();
    }
}

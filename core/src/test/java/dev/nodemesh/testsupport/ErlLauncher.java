package dev.nodemesh.testsupport;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one way tests start {@code erl}, {@code elixir} (and the other OS tools they need): a node
 * name, a cookie, a private EPMD port, emulator flags and code to run, then either {@link #start}
 * for a process the test drives and closes, or {@link #run} for one that runs to completion.
 *
 * <p>Every erl or elixir it starts gets {@code -start_epmd false}, so no test ever starts the
 * host's EPMD, and {@code ERL_CRASH_DUMP_SECONDS=0}, so a dying node writes no crash dump. A
 * missing runtime skips the calling test (fails it on CI), see {@link ErlangRuntime}.
 *
 * <pre>{@code
 * try (ExternalProcess erl = ErlLauncher.erl()
 *         .name("dale@localhost").cookie("secret").epmdPort(epmdPort)
 *         .erlFlags("-noshell", "-hidden").eval("io:format(\"ready~n\")")
 *         .mergeStderr().start()) {
 *     ...
 * }
 * }</pre>
 */
public final class ErlLauncher {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> ERL_ENVIRONMENT_FLAGS =
            List.of("ERL_FLAGS", "ERL_AFLAGS", "ERL_ZFLAGS", "ERL_LIBS");

    private enum Kind {
        ERL,
        ELIXIR,
        OTHER
    }

    private final Kind kind;
    private final String executable;
    private final List<String> erlFlags = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> removedEnvironment = new ArrayList<>();
    private String name;
    private boolean longName;
    private final List<String> prefix = new ArrayList<>();
    private String cookie;
    private Path home;
    private ProcessBuilder.Redirect stderr = ProcessBuilder.Redirect.PIPE;
    private ProcessBuilder.Redirect stdout = ProcessBuilder.Redirect.PIPE;
    private boolean mergeStderr;

    private ErlLauncher(Kind kind, String executable) {
        this.kind = kind;
        this.executable = executable;
        environment.put("ERL_CRASH_DUMP_SECONDS", "0");
        if (kind != Kind.OTHER) {
            erlFlags.addAll(List.of("-start_epmd", "false"));
        }
    }

    /**
     * Starts describing an {@code erl} (skipping, or on CI failing, the test without one).
     *
     * @return the launcher
     */
    public static ErlLauncher erl() {
        return new ErlLauncher(Kind.ERL, ErlangRuntime.requireErl().toString());
    }

    /**
     * Starts describing an {@code elixir} (skipping, or on CI failing, the test without one).
     *
     * @return the launcher
     */
    public static ErlLauncher elixir() {
        return new ErlLauncher(Kind.ELIXIR, ErlangRuntime.requireElixir().toString());
    }

    /**
     * Starts describing any other command, such as {@code epmd}, {@code escript} or {@code ip}.
     *
     * @param command the executable and its arguments
     * @return the launcher
     */
    public static ErlLauncher command(List<String> command) {
        ErlLauncher launcher = new ErlLauncher(Kind.OTHER, command.get(0));
        launcher.args.addAll(command.subList(1, command.size()));
        return launcher;
    }

    /**
     * Makes it a distributed node with a short name ({@code -sname}, {@code --sname}).
     *
     * @param nodeName the full name, such as {@code dale@localhost}
     * @return this launcher
     */
    public ErlLauncher name(String nodeName) {
        requireBeam("a node name");
        this.name = nodeName;
        return this;
    }

    /**
     * Makes it a distributed node with a long name ({@code -name}, {@code --name}).
     *
     * @param nodeName the full name, such as {@code dale@198.18.4.2}
     * @return this launcher
     */
    public ErlLauncher longName(String nodeName) {
        name(nodeName);
        this.longName = true;
        return this;
    }

    /**
     * Runs it inside a network namespace ({@code ip netns exec NAME ...}).
     *
     * @param namespace the namespace
     * @return this launcher
     */
    public ErlLauncher inNamespace(NetworkNamespace namespace) {
        prefix.clear();
        prefix.addAll(namespace.execPrefix());
        return this;
    }

    /**
     * Sets the node's cookie ({@code -setcookie}, {@code --cookie}).
     *
     * @param value the cookie
     * @return this launcher
     */
    public ErlLauncher cookie(String value) {
        requireBeam("a cookie");
        this.cookie = value;
        return this;
    }

    /**
     * Makes the node register with and look up through the EPMD on this loopback port
     * ({@code ERL_EPMD_PORT}).
     *
     * @param port the EPMD port
     * @return this launcher
     */
    public ErlLauncher epmdPort(int port) {
        requireBeam("an EPMD port");
        return env("ERL_EPMD_PORT", Integer.toString(port));
    }

    /**
     * Points the node at an EPMD port nobody listens on, so it can never reach the host's EPMD.
     *
     * @return this launcher
     */
    public ErlLauncher withoutEpmd() {
        return epmdPort(TestPorts.freePort());
    }

    /**
     * Adds emulator flags ({@code -noshell}, {@code -hidden}, {@code -kernel K V}...); for elixir
     * they go into its one {@code --erl} argument.
     *
     * @param flags the flags
     * @return this launcher
     */
    public ErlLauncher erlFlags(String... flags) {
        return erlFlags(List.of(flags));
    }

    /**
     * Adds emulator flags, as {@link #erlFlags(String...)}.
     *
     * @param flags the flags
     * @return this launcher
     */
    public ErlLauncher erlFlags(List<String> flags) {
        requireBeam("emulator flags");
        erlFlags.addAll(flags);
        return this;
    }

    /**
     * Sets the code the node runs at start: {@code -eval} for erl, {@code -e} for elixir.
     *
     * @param code Erlang expressions ending with a period, or Elixir code
     * @return this launcher
     */
    public ErlLauncher eval(String code) {
        requireBeam("code to evaluate");
        args.addAll(List.of(kind == Kind.ERL ? "-eval" : "-e", code));
        return this;
    }

    /**
     * Runs it with this home and working directory (so {@code ~/.erlang.cookie} is there) and
     * without the {@code ERL_FLAGS}-style variables of the JVM's environment.
     *
     * @param directory the home directory
     * @return this launcher
     */
    public ErlLauncher home(Path directory) {
        this.home = directory;
        removedEnvironment.addAll(ERL_ENVIRONMENT_FLAGS);
        return env("HOME", directory.toString());
    }

    /**
     * Sets an environment variable.
     *
     * @param variable the name
     * @param value the value
     * @return this launcher
     */
    public ErlLauncher env(String variable, String value) {
        environment.put(variable, value);
        return this;
    }

    /**
     * Removes an environment variable the JVM would pass on.
     *
     * @param variable the name
     * @return this launcher
     */
    public ErlLauncher withoutEnv(String variable) {
        removedEnvironment.add(variable);
        return this;
    }

    /**
     * Sends standard error into standard output, for a test that reads one transcript.
     *
     * @return this launcher
     */
    public ErlLauncher mergeStderr() {
        this.mergeStderr = true;
        return this;
    }

    /**
     * Throws standard error away.
     *
     * @return this launcher
     */
    public ErlLauncher discardStderr() {
        this.stderr = ProcessBuilder.Redirect.DISCARD;
        return this;
    }

    /**
     * Throws standard output and standard error away.
     *
     * @return this launcher
     */
    public ErlLauncher discardOutput() {
        this.stdout = ProcessBuilder.Redirect.DISCARD;
        return discardStderr();
    }

    /**
     * Returns the command line it would run.
     *
     * @return the executable and its arguments
     */
    public List<String> commandLine() {
        List<String> command = new ArrayList<>(prefix);
        command.add(executable);
        switch (kind) {
            case ERL -> {
                if (name != null) {
                    command.addAll(List.of(longName ? "-name" : "-sname", name));
                }
                if (cookie != null) {
                    command.addAll(List.of("-setcookie", cookie));
                }
                command.addAll(erlFlags);
            }
            case ELIXIR -> {
                if (name != null) {
                    command.addAll(List.of(longName ? "--name" : "--sname", name));
                }
                if (cookie != null) {
                    command.addAll(List.of("--cookie", cookie));
                }
                command.addAll(List.of("--erl", String.join(" ", erlFlags)));
            }
            case OTHER -> {
                // the arguments alone
            }
        }
        command.addAll(args);
        return command;
    }

    /**
     * Starts the process; the caller closes it, which kills it (and its children) and waits.
     *
     * @return the running process
     */
    public ExternalProcess start() {
        ProcessBuilder builder = new ProcessBuilder(commandLine());
        if (home != null) {
            builder.directory(home.toFile());
        }
        builder.environment().keySet().removeAll(removedEnvironment);
        builder.environment().putAll(environment);
        builder.redirectOutput(stdout);
        if (mergeStderr) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(stderr);
        }
        try {
            return new ExternalProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + executable, e);
        }
    }

    /**
     * Runs it to completion with no input and returns its standard output; fails the test when
     * it exits non-zero or runs past the timeout (it is killed then).
     *
     * @param timeout how long it may run
     * @return standard output
     */
    public String run(Duration timeout) {
        if (mergeStderr || stdout != ProcessBuilder.Redirect.PIPE || stderr != ProcessBuilder.Redirect.PIPE) {
            throw new IllegalStateException("run() collects standard output and error itself");
        }
        try (ExternalProcess guard = start()) {
            Process process = guard.process();
            process.getOutputStream().close();
            StreamCollector out = StreamCollector.start(process.getInputStream());
            StreamCollector err = StreamCollector.start(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(executable + " did not finish within " + timeout + "; output so far:\n" + out.text() + err.text());
            }
            String output = out.awaitText();
            String errors = err.awaitText();
            if (process.exitValue() != 0) {
                fail(executable + " exited with " + process.exitValue() + ":\n" + output + errors);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + executable, e);
        }
    }

    /**
     * Runs Erlang expressions in {@code erl -noshell -noinput} and returns what they print; the
     * node halts after them, and an exception fails the test with erl's output.
     *
     * @param expressions Erlang expressions separated by commas, without a final period
     * @return standard output
     */
    public String runExpressions(String expressions) {
        if (kind != Kind.ERL) {
            throw new IllegalStateException("Erlang expressions need erl");
        }
        String wrapped = "try " + expressions + " of _ -> halt(0) catch C:E:S -> "
                + "io:format(standard_error, \"~p:~p~n~p~n\", [C, E, S]), halt(1) end.";
        return erlFlags("-noshell", "-noinput").eval(wrapped).run(DEFAULT_TIMEOUT);
    }

    private void requireBeam(String what) {
        if (kind == Kind.OTHER) {
            throw new IllegalStateException(executable + " is not erl or elixir: it takes no " + what);
        }
    }
}

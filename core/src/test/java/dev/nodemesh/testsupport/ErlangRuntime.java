package dev.nodemesh.testsupport;

import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds and runs the real Erlang/Elixir tools for interop tests.
 *
 * <p>Without {@code erl} on the PATH an interop test is skipped with a message that says how to
 * install it; when the environment variable {@code CI} is {@code true} it fails instead, so CI
 * never passes by skipping.
 */
public final class ErlangRuntime {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private ErlangRuntime() {}

    /**
     * Returns the path of {@code erl}, skipping (or, on CI, failing) the calling test when it is
     * not installed.
     *
     * @return the erl executable
     */
    public static Path requireErl() {
        return require("erl", "erlang-nox");
    }

    /**
     * Returns the path of {@code elixir}, skipping (or, on CI, failing) the calling test when it
     * is not installed.
     *
     * @return the elixir executable
     */
    public static Path requireElixir() {
        requireErl();
        return require("elixir", "elixir");
    }

    private static Path require(String tool, String debianPackage) {
        Optional<Path> found = findOnPath(tool);
        if (found.isPresent()) {
            return found.get();
        }
        String message = "'" + tool + "' is not on the PATH: this interop test needs a real Erlang/OTP 25+ runtime."
                + " Install it with: apt-get install -y " + debianPackage;
        if (isCi()) {
            fail(message + " (CI=true, so a missing runtime is a failure, not a skip)");
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /**
     * Tells whether the tests run on CI ({@code CI=true}).
     *
     * @return whether a missing runtime must fail the build
     */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Looks a tool up on the PATH.
     *
     * @param tool the executable's name
     * @return its path, if found
     */
    public static Optional<Path> findOnPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs Erlang expressions in a fresh {@code erl -noshell} (no distribution) and returns what
     * they print. The node halts after the expressions; an exception fails the test with erl's
     * output.
     *
     * @param expressions Erlang expressions separated by commas, without a final period
     * @return standard output
     */
    public static String eval(String expressions) {
        String wrapped = "try " + expressions + " of _ -> halt(0) catch C:E:S -> "
                + "io:format(standard_error, \"~p:~p~n~p~n\", [C, E, S]), halt(1) end.";
        return run(List.of(requireErl().toString(), "-noshell", "-noinput", "-eval", wrapped), DEFAULT_TIMEOUT);
    }

    /**
     * Runs Elixir code with {@code elixir -e} and returns what it prints.
     *
     * @param code Elixir code
     * @return standard output
     */
    public static String elixir(String code) {
        return run(List.of(requireElixir().toString(), "-e", code), DEFAULT_TIMEOUT);
    }

    /**
     * Runs a command to completion and returns its standard output; fails the test when it exits
     * non-zero or runs past the timeout (the process is killed then).
     *
     * @param command the command and its arguments
     * @param timeout how long it may run
     * @return standard output
     */
    public static String run(List<String> command, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().put("ERL_CRASH_DUMP_SECONDS", "0");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command.get(0), e);
        }
        try (ExternalProcess guard = new ExternalProcess(process)) {
            process.getOutputStream().close();
            StreamCollector out = StreamCollector.start(process.getInputStream());
            StreamCollector err = StreamCollector.start(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(command.get(0) + " did not finish within " + timeout + "; output so far:\n" + out.text()
                        + err.text());
            }
            String stdout = out.awaitText();
            String stderr = err.awaitText();
            if (process.exitValue() != 0) {
                fail(command.get(0) + " exited with " + process.exitValue() + ":\n" + stdout + stderr);
            }
            return stdout;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + command.get(0), e);
        }
    }

    /** Reads a stream to its end on a daemon thread. */
    private static final class StreamCollector {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        private StreamCollector(InputStream in) {
            this.thread = new Thread(
                    () -> {
                        byte[] buffer = new byte[8192];
                        try (in) {
                            int n;
                            while ((n = in.read(buffer)) > 0) {
                                synchronized (bytes) {
                                    bytes.write(buffer, 0, n);
                                }
                            }
                        } catch (IOException ignored) {
                            // the process went away; what was read is kept
                        }
                    },
                    "erl-output");
            thread.setDaemon(true);
        }

        static StreamCollector start(InputStream in) {
            StreamCollector collector = new StreamCollector(in);
            collector.thread.start();
            return collector;
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        String awaitText() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            return text();
        }
    }
}

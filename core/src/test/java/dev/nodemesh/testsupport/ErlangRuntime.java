package dev.nodemesh.testsupport;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
        return ErlLauncher.erl().runExpressions(expressions);
    }

    /**
     * Runs Elixir code with {@code elixir -e} and returns what it prints.
     *
     * @param code Elixir code
     * @return standard output
     */
    public static String elixir(String code) {
        return ErlLauncher.elixir().eval(code).run(DEFAULT_TIMEOUT);
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
        return ErlLauncher.command(command).run(timeout);
    }
}

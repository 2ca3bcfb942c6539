package dev.nodemesh;

import static org.assertj.core.api.Assertions.fail;

import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.ExternalProcess;
import dev.nodemesh.testsupport.TestPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real {@code erl} whose home directory is a test's temporary directory, so that what it
 * does to {@code ~/.erlang.cookie} happens there. It never starts or asks an EPMD: {@code
 * -start_epmd false}, and {@code ERL_EPMD_PORT} points at a free loopback port nobody listens on;
 * tests start distribution with {@code dist_listen => false}, which registers with no EPMD.
 */
final class IsolatedErl {

    private IsolatedErl() {}

    /**
     * Runs Erlang expressions in {@code erl -noshell} with {@code HOME} set to {@code home} and
     * returns their output; fails the test if they raise or erl exits non-zero.
     *
     * @param home the home directory erl sees
     * @param flags extra flags for erl, such as {@code -setcookie x}
     * @param expressions Erlang expressions separated by commas, without a final period
     * @return standard output
     */
    static String eval(Path home, List<String> flags, String expressions) {
        String wrapped = "try " + expressions + " of _ -> halt(0) catch C:E:S -> "
                + "io:format(standard_error, \"~p:~p~n~p~n\", [C, E, S]), halt(1) end.";
        List<String> command = new ArrayList<>();
        command.add(ErlangRuntime.requireErl().toString());
        command.addAll(List.of("-noshell", "-noinput", "-start_epmd", "false"));
        command.addAll(flags);
        command.addAll(List.of("-eval", wrapped));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeAll(List.of("ERL_FLAGS", "ERL_AFLAGS", "ERL_ZFLAGS", "ERL_LIBS"));
        environment.put("HOME", home.toString());
        environment.put("ERL_EPMD_PORT", Integer.toString(TestPorts.freePort()));
        environment.put("ERL_CRASH_DUMP_SECONDS", "0");
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("erl-out", ".txt");
            stderr = Files.createTempFile("erl-err", ".txt");
            builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            try (ExternalProcess guard = new ExternalProcess(builder.start())) {
                Process process = guard.process();
                process.getOutputStream().close();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    fail("erl did not finish within 60 s:\n" + Files.readString(stdout) + Files.readString(stderr));
                }
                String out = Files.readString(stdout, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    fail("erl exited with " + process.exitValue() + ":\n" + out + Files.readString(stderr));
                }
                return out;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for erl", e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file left behind
            }
        }
    }
}

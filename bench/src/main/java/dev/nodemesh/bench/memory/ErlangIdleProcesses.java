package dev.nodemesh.bench.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures what an idle process costs on a real Erlang VM: runs {@code erl -noshell} (no
 * distribution, nothing listens), which spawns {@code n} processes blocked in {@code receive stop
 * -> ok end} and reads {@code erlang:memory(processes)} before and after, each time after
 * collecting its own heap.
 *
 * <p>The spawning loop is compiled at run time (a tiny module from source), so the processes run
 * the same compiled {@code fun() -> receive stop -> ok end end} an application would, not an
 * interpreted {@code erl_eval} closure carrying the shell's bindings; the pids are not kept, so no
 * list of them grows the measuring process's heap. {@code halt()} ends them all.
 */
final class ErlangIdleProcesses {

    /** The line the script prints: OTP release, n, bytes before, bytes after, process count. */
    private static final Pattern RESULT = Pattern.compile("NODEMESH_ERL (\\S+) (\\d+) (\\d+) (\\d+) \\d+");

    private static final String SCRIPT =
            """
            N = list_to_integer(hd(init:get_plain_arguments())),
            Forms = [begin {ok, T, _} = erl_scan:string(S), {ok, F} = erl_parse:parse_form(T), F end
                     || S <- ["-module(nodemesh_idle).",
                              "-export([spawn_n/1]).",
                              "spawn_n(0) -> ok; "
                              "spawn_n(K) -> spawn(fun() -> receive stop -> ok end end), spawn_n(K - 1)."]],
            {ok, Mod, Bin} = compile:forms(Forms, []),
            {module, Mod} = code:load_binary(Mod, "nodemesh_idle.erl", Bin),
            erlang:garbage_collect(), timer:sleep(100), erlang:garbage_collect(),
            Before = erlang:memory(processes),
            ok = Mod:spawn_n(N),
            timer:sleep(200), erlang:garbage_collect(),
            After = erlang:memory(processes),
            io:format("NODEMESH_ERL ~s ~b ~b ~b ~b~n",
                      [erlang:system_info(otp_release), N, Before, After, erlang:system_info(process_count)]),
            halt().
            """;

    /**
     * What the Erlang VM reported.
     *
     * @param otpRelease the OTP release, such as {@code 25}
     * @param count the processes spawned
     * @param before {@code erlang:memory(processes)} before spawning
     * @param after {@code erlang:memory(processes)} with the idle processes alive
     */
    record Result(String otpRelease, int count, long before, long after) {

        /**
         * Returns the bytes per idle process.
         *
         * @return the bytes
         */
        double bytesPerProcess() {
            return (double) (after - before) / count;
        }
    }

    private ErlangIdleProcesses() {}

    /**
     * Runs {@code erl} and measures; empty when {@code erl} cannot be started.
     *
     * @param count how many idle processes to spawn
     * @return the figures, or empty when Erlang is not installed
     * @throws IOException when {@code erl} ran but did not print its figures
     * @throws InterruptedException when interrupted while waiting for it
     */
    static Optional<Result> measure(int count) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("erl", "-noshell"));
        if (count > 200_000) {
            command.addAll(List.of("+P", Integer.toString(count + 100_000)));
        }
        command.addAll(List.of("-eval", SCRIPT, "-extra", Integer.toString(count)));
        Path log = Files.createTempFile("nodemesh-erl-", ".txt");
        Process erl;
        try {
            erl = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            Files.deleteIfExists(log);
            return Optional.empty();
        }
        try {
            erl.getOutputStream().close();
            if (!erl.waitFor(120, TimeUnit.SECONDS)) {
                throw new IOException("erl did not end within 120 s");
            }
            return Optional.of(parse(Files.readString(log, StandardCharsets.UTF_8)));
        } finally {
            if (erl.isAlive()) {
                erl.destroyForcibly();
                erl.waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        }
    }

    /**
     * Reads the script's result line.
     *
     * @param output everything {@code erl} printed
     * @return the figures
     * @throws IOException when the line is missing
     */
    static Result parse(String output) throws IOException {
        Matcher m = RESULT.matcher(output);
        if (!m.find()) {
            throw new IOException("erl printed no result: " + output.strip());
        }
        return new Result(
                m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)));
    }
}

package dev.nodemesh.epmd;

import static dev.nodemesh.epmd.EpmdTestSupport.TIMEOUT;
import static dev.nodemesh.epmd.EpmdTestSupport.freePort;
import static dev.nodemesh.epmd.EpmdTestSupport.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.epmd.EpmdException.Kind;
import dev.nodemesh.epmd.EpmdRegistrar.Mode;
import dev.nodemesh.testsupport.ErlLauncher;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.ExternalProcess;
import dev.nodemesh.testsupport.Interop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Interop with real OTP: {@link EpmdClient} against a real {@code epmd -port P} child process, and
 * a real {@code erl} registering with and looking up through {@link EmbeddedEpmd}. Every erl gets
 * {@code -start_epmd false} and a private {@code ERL_EPMD_PORT}, so no system EPMD is started.
 */
@Interop
class EpmdInteropTest {

    @Test
    void clientAgainstARealEpmd() throws Exception {
        int port = freePort();
        try (ExternalProcess epmd = startRealEpmd(port)) {
            EpmdClient client = new EpmdClient(loopback(port), TIMEOUT);
            long before = System.currentTimeMillis() / 1000;
            EpmdRegistration chip = client.register("chip", 40001);
            long creation = Integer.toUnsignedLong(chip.creation());
            assertThat(creation).isBetween(before - 1, System.currentTimeMillis() / 1000 + 2);
            try (EpmdRegistration dale = client.register("dale", 40002)) {
                assertThat(client.portOf("chip")).isEqualTo(OptionalInt.of(40001));
                assertThat(client.portOf("nobody")).isEmpty();
                assertThat(client.lookup("dale")).hasValue(new EpmdEntry("dale", 40002, 77, 0, 6, 6));
                assertThat(client.names()).containsEntry("chip", 40001).containsEntry("dale", 40002);
                assertThatThrownBy(() -> client.register("chip", 40003))
                        .isInstanceOfSatisfying(
                                EpmdException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NAME_IN_USE))
                        .hasMessageContaining("node name 'chip' is already registered with EPMD at 127.0.0.1:" + port);
            }
            chip.close();
            await().atMost(10, TimeUnit.SECONDS).until(() -> client.names().isEmpty());
            try (EpmdRegistration again = client.register("chip", 40001)) {
                assertThat(Integer.toUnsignedLong(again.creation())).isEqualTo(creation + 1);
                epmd.close();
                again.lost().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void realErlRegistersWithTheEmbeddedEpmdAndSeesOurNames() throws Exception {
        try (EmbeddedEpmd epmd = EmbeddedEpmd.start(loopback(0));
                EpmdRegistration java = new EpmdClient(epmd.address(), TIMEOUT).register("nmjava", 12345)) {
            EpmdClient client = new EpmdClient(epmd.address(), TIMEOUT);
            String script = "{ok, Names} = net_adm:names(),"
                    + "[io:format(\"name ~ts ~b~n\", [N, P]) || {N, P} <- Names],"
                    + "{port, JP, JV} = erl_epmd:port_please(\"nmjava\", \"localhost\"),"
                    + "io:format(\"port ~b ~b~n\", [JP, JV]),"
                    + "io:format(\"done~n\"),"
                    + "io:get_line(\"\"),"
                    + "halt().";
            try (ExternalProcess node = ErlLauncher.erl()
                    .name("erlx@localhost")
                    .epmdPort(epmd.port())
                    .erlFlags("-noshell")
                    .eval(script)
                    .mergeStderr()
                    .start()) {
                List<String> lines = new CopyOnWriteArrayList<>();
                node.readLines(line -> lines.add(line.strip()));
                await().atMost(60, TimeUnit.SECONDS)
                        .failFast("erl exited: " + lines, () -> !node.process().isAlive())
                        .until(() -> lines.contains("done"));

                assertThat(lines).contains("name nmjava 12345", "port 12345 6");
                int erlPort = lines.stream()
                        .filter(l -> l.startsWith("name erlx "))
                        .map(l -> Integer.parseInt(l.substring("name erlx ".length())))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("erl did not list itself: " + lines));
                assertThat(client.portOf("erlx")).isEqualTo(OptionalInt.of(erlPort));
                assertThat(epmd.registrations()).containsEntry("erlx", erlPort);
                EpmdEntry entry = client.lookup("erlx").orElseThrow();
                assertThat(entry.highestVersion()).isGreaterThanOrEqualTo(6);
                assertThat(entry.nodeType()).isEqualTo(77);

                node.process().getOutputStream().close(); // io:get_line returns eof: erl halts
                assertThat(node.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                await().atMost(10, TimeUnit.SECONDS)
                        .until(() -> !epmd.registrations().containsKey("erlx"));
            }
        }
    }

    @Test
    void theRealEpmdCommandListsTheEmbeddedEpmdsNames() throws Exception {
        Path epmdBinary = epmdBinary();
        try (EmbeddedEpmd epmd = EmbeddedEpmd.start(loopback(0));
                EpmdRegistration java = new EpmdClient(epmd.address(), TIMEOUT).register("nmjava", 12345)) {
            String out = ErlangRuntime.run(
                    List.of(epmdBinary.toString(), "-port", Integer.toString(epmd.port()), "-names"),
                    Duration.ofSeconds(30));
            assertThat(out).contains("up and running on port " + epmd.port()).contains("name nmjava at port 12345");
        }
    }

    @Test
    void aRegistrarTakesOverWhenTheRealEpmdDies() throws Exception {
        int port = freePort();
        EpmdClient fresh = new EpmdClient(loopback(port), TIMEOUT);
        EpmdRegistrar registrar;
        try (ExternalProcess epmd = startRealEpmd(port)) {
            registrar = EpmdRegistrar.start("chip", 40001, loopback(port), Mode.AUTO, TIMEOUT);
            assertThat(registrar.hostsEmbeddedEpmd()).isFalse();
            assertThat(fresh.names()).containsEntry("chip", 40001);
        }
        try (registrar) {
            await().atMost(15, TimeUnit.SECONDS).ignoreExceptions().until(() -> fresh.names()
                    .containsKey("chip"));
            assertThat(registrar.hostsEmbeddedEpmd()).isTrue();
        }
    }

    private static ExternalProcess startRealEpmd(int port) {
        ExternalProcess process = ErlLauncher.command(
                        List.of(epmdBinary().toString(), "-port", Integer.toString(port), "-address", "127.0.0.1"))
                .withoutEnv("ERL_EPMD_ADDRESS")
                .discardOutput()
                .start();
        EpmdClient client = new EpmdClient(loopback(port), Duration.ofSeconds(1));
        try {
            await().atMost(15, TimeUnit.SECONDS)
                    .failFast("epmd exited with " + "an error", () -> !process.process()
                            .isAlive())
                    .until(client::isReachable);
        } catch (RuntimeException | Error e) {
            process.close();
            throw e;
        }
        return process;
    }

    private static Path epmdBinary() {
        ErlangRuntime.requireErl();
        Optional<Path> onPath = ErlangRuntime.findOnPath("epmd");
        if (onPath.isPresent()) {
            return onPath.get();
        }
        try (Stream<Path> erts = Files.list(Path.of("/usr/lib/erlang"))) {
            Optional<Path> found = erts.filter(p -> p.getFileName().toString().startsWith("erts-"))
                    .map(p -> p.resolve("bin/epmd"))
                    .filter(Files::isExecutable)
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        } catch (IOException e) {
            // not found below
        }
        String message = "the 'epmd' binary is not installed; it comes with erlang-nox";
        if (ErlangRuntime.isCi()) {
            fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}

package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.Cookie;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.autoconfigure.health.NodemeshHealthIndicator;
import dev.nodemesh.spring.NodeProcess;
import dev.nodemesh.spring.NodeProcessRegistrar;
import dev.nodemesh.spring.OnMessage;
import dev.nodemesh.spring.ProcessStatus;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@code @NodeProcess} against a real iex (issue 12, defects 5 and 6): killed with {@code
 * Process.exit(pid, :kill)} it comes back under its name until the restart intensity is exceeded,
 * then health reports it DOWN; with {@code ignore-kill} it does not end; a peer that connects the
 * moment EPMD lists the node finds the process; lost sends are metered.
 */
@Interop
class NodeProcessSupervisionTest {

    private static final Duration SOON = Duration.ofSeconds(10);
    private static final String RECEIVE = "receive do m -> m after 10_000 -> :timeout end";
    private static final String CALL = "GenServer.call({:greeter, :\"chip@localhost\"}, \"dale\")";

    /** Holds the construction of {@link HeldGreeter} until the test lets it go. */
    private static final AtomicReference<CountDownLatch> CONSTRUCTION = new AtomicReference<>();

    @NodeProcess("greeter")
    static class Greeter {
        @OnMessage
        public String greet(String name) {
            return "Hello, " + name + "!";
        }
    }

    @NodeProcess("greeter")
    static class HeldGreeter extends Greeter {
        HeldGreeter() throws InterruptedException {
            assertThat(CONSTRUCTION.get().await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GreeterConfiguration {
        @Bean
        Greeter greeter() {
            return new Greeter();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class HeldGreeterConfiguration {
        /** Depends on the node, so the node (listening, in EPMD) exists while construction waits. */
        @Bean
        HeldGreeter greeter(Node node) throws InterruptedException {
            return new HeldGreeter();
        }
    }

    private final TestNodeProperties nodes = new TestNodeProperties();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    NodemeshAutoConfiguration.class,
                    NodemeshHealthContributorAutoConfiguration.class,
                    NodemeshMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class);
    private BeamNode iex;
    private Node keeper;

    @AfterEach
    void stop() {
        if (iex != null) {
            iex.close();
        }
        if (keeper != null) {
            keeper.close();
        }
    }

    @Test
    void whenIexKillsTheProcessItIsRestartedUnderItsNameUntilTheIntensityIsExceededThenHealthIsDown() {
        ErlangRuntime.requireElixir();
        runner.withUserConfiguration(GreeterConfiguration.class)
                .withPropertyValues(nodes.node(
                        "chip",
                        "nodemesh.process.max-restarts=2",
                        "nodemesh.process.restart-period=1m",
                        "nodemesh.process.restart-backoff=20ms"))
                .run(context -> {
                    Node chip = context.getBean(Node.class);
                    NodeProcessRegistrar registrar = context.getBean(NodeProcessRegistrar.class);
                    NodemeshHealthIndicator health = context.getBean(NodemeshHealthIndicator.class);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    iex = BeamNode.elixir("dale@localhost", TestNodeProperties.COOKIE, nodes.epmdPort());
                    iex.eval("Process.register(self(), :shell)");
                    assertThat(iex.eval(CALL)).isEqualTo("\"Hello, dale!\"");

                    for (int restart = 1; restart <= 2; restart++) {
                        Pid killed = killGreeter(chip);
                        int expected = restart;
                        await().atMost(SOON)
                                .until(() -> registrar
                                                .status("greeter")
                                                .orElseThrow()
                                                .restarts()
                                        == expected);
                        Pid back = chip.whereis("greeter").orElseThrow();
                        assertThat(back).isNotEqualTo(killed);
                        assertThat(iex.eval(CALL)).isEqualTo("\"Hello, dale!\"");
                        Health up = health.health();
                        assertThat(up.getStatus()).isEqualTo(Status.UP);
                        assertThat(processDetail(up))
                                .containsEntry("status", "RUNNING")
                                .containsEntry("pid", back.toString())
                                .containsEntry("restarts", (long) restart)
                                .containsEntry("lastExitReason", ":killed");
                    }
                    assertThat(meters.get("nodemesh.process.restarts")
                                    .tags("process", "greeter")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(2);

                    killGreeter(chip);
                    await().atMost(SOON)
                            .until(() ->
                                    registrar.status("greeter").orElseThrow().state() == ProcessStatus.State.DOWN);
                    Health down = health.health();
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails()).containsEntry("downProcesses", java.util.List.of("greeter"));
                    assertThat(processDetail(down))
                            .containsEntry("status", "DOWN")
                            .containsEntry("restarts", 2L)
                            .doesNotContainKey("pid");
                    assertThat(chip.whereis("greeter")).isEmpty();
                    assertThat(iex.eval("try do " + CALL + " catch :exit, {reason, _} -> reason end"))
                            .isEqualTo(":noproc");
                });
    }

    @Test
    void whenIgnoreKillIsSetTheProcessKeepsItsPidThroughAKillFromIex() {
        ErlangRuntime.requireElixir();
        runner.withUserConfiguration(GreeterConfiguration.class)
                .withPropertyValues(nodes.node("chip", "nodemesh.process.ignore-kill=true"))
                .run(context -> {
                    Node chip = context.getBean(Node.class);
                    iex = BeamNode.elixir("dale@localhost", TestNodeProperties.COOKIE, nodes.epmdPort());
                    iex.eval("Process.register(self(), :shell)");
                    Pid pid = killGreeter(chip);
                    // The call travels behind the kill on the same connection.
                    assertThat(iex.eval(CALL)).isEqualTo("\"Hello, dale!\"");
                    assertThat(chip.whereis("greeter")).contains(pid);
                    ProcessStatus status = context.getBean(NodeProcessRegistrar.class)
                            .status("greeter")
                            .orElseThrow();
                    assertThat(status.state()).isEqualTo(ProcessStatus.State.RUNNING);
                    assertThat(status.restarts()).isZero();
                });
    }

    @Test
    void aPeerThatConnectsAsSoonAsEpmdListsTheNodeFindsTheProcess() throws Exception {
        ErlangRuntime.requireElixir();
        keeper = Node.start(NodeConfig.builder("keeper@localhost")
                .cookie(Cookie.of(TestNodeProperties.COOKIE))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(nodes.epmdPort())
                .build()); // hosts the EPMD that iex registers with
        iex = BeamNode.elixir("dale@localhost", TestNodeProperties.COOKIE, nodes.epmdPort());
        iex.eval("parent = self()");
        // Polls EPMD every 5 ms; the moment chip is listed, connects and calls the greeter.
        iex.eval("spawn(fn -> poll = fn poll -> case :erl_epmd.port_please(~c\"chip\", {127, 0, 0, 1}) do"
                + " {:port, _, _} -> :ok; _ -> Process.sleep(5); poll.(poll) end end; poll.(poll);"
                + " connected = Node.connect(:\"chip@localhost\");"
                + " reply = try do GenServer.call({:greeter, :\"chip@localhost\"}, \"early\")"
                + " catch :exit, {reason, _} -> {:exit, reason} end;"
                + " send(parent, {:called, connected, reply}) end)");
        CONSTRUCTION.set(new CountDownLatch(1));
        AtomicReference<String> beforeTheProcessExists = new AtomicReference<>();
        Thread releaser = new Thread(
                () -> {
                    try {
                        // While the greeter's construction waits, the peer can find chip in EPMD
                        // but must not get through to a node without its greeter.
                        beforeTheProcessExists.set(iex.eval("receive do m -> m after 3_000 -> :nothing_yet end"));
                    } finally {
                        CONSTRUCTION.get().countDown();
                    }
                },
                "release-greeter");
        releaser.start();

        runner.withUserConfiguration(HeldGreeterConfiguration.class)
                .withPropertyValues(nodes.node("chip"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    releaser.join(TimeUnit.SECONDS.toMillis(30));
                    assertThat(beforeTheProcessExists.get()).isEqualTo(":nothing_yet");
                    assertThat(iex.eval(RECEIVE)).isEqualTo("{:called, true, \"Hello, early!\"}");
                    assertThat(context.getBean(Node.class).undeliverable()).isZero();
                });
    }

    @Test
    void sendsToAMissingNameOrAnEndedProcessAreMeteredByReason() {
        runner.withPropertyValues(nodes.node("chip")).run(context -> {
            Node chip = context.getBean(Node.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            chip.send("nobody", "chip@localhost", Atom.of("lost"));
            chip.send("nobody", "chip@localhost", Atom.of("lost"));
            dev.nodemesh.Mailbox gone = chip.createMailbox();
            gone.close();
            chip.send(gone.pid(), Atom.of("lost"));
            assertThat(undeliverable(meters, "no_such_name")).isEqualTo(2);
            assertThat(undeliverable(meters, "no_such_process")).isEqualTo(1);
        });
    }

    @Test
    void whenTheRestartBackoffsAreInconsistentShouldNameTheProperty() {
        runner.withUserConfiguration(GreeterConfiguration.class)
                .withPropertyValues(nodes.node(
                        "chip", "nodemesh.process.restart-backoff=2s", "nodemesh.process.max-restart-backoff=1s"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    while (!(failure instanceof InvalidConfigurationPropertyValueException)
                            && failure.getCause() != null) {
                        failure = failure.getCause();
                    }
                    assertThat(failure).isInstanceOf(InvalidConfigurationPropertyValueException.class);
                    assertThat(((InvalidConfigurationPropertyValueException) failure).getName())
                            .isEqualTo("nodemesh.process.max-restart-backoff");
                    assertThat(failure.getMessage()).contains("nodemesh.process.restart-backoff");
                });
    }

    /** Sends the greeter's current pid to the iex shell, which kills it; returns that pid. */
    private Pid killGreeter(Node chip) {
        Pid pid = chip.whereis("greeter").orElseThrow();
        chip.send("shell", "dale@localhost", pid);
        assertThat(iex.eval("Process.exit(" + RECEIVE + ", :kill)")).isEqualTo("true");
        return pid;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> processDetail(Health health) {
        Map<String, Object> processes =
                (Map<String, Object>) health.getDetails().get("processes");
        return (Map<String, Object>) processes.get("greeter");
    }

    private static double undeliverable(MeterRegistry meters, String reason) {
        return meters.get("nodemesh.messages.undeliverable")
                .tags("reason", reason)
                .functionCounter()
                .count();
    }
}

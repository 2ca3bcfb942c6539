package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.Node;
import dev.nodemesh.spring.NodeProcessRegistrar;
import dev.nodemesh.spring.NodeProcessShutdown;
import dev.nodemesh.spring.ProcessStatus;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A graceful stop against a real iex: closing the application context (what SIGTERM does) closes
 * the {@code @NodeProcess} mailboxes with reason {@code shutdown} before the node closes its
 * connections, so a remote monitor gets {@code {:DOWN, ref, :process, _, :shutdown}} and a linked
 * process {@code {:EXIT, pid, :shutdown}}, not {@code :noconnection}; and nothing is restarted.
 */
@ExtendWith(OutputCaptureExtension.class)
@Interop
class NodeProcessShutdownTest {

    private static final String CALL = "GenServer.call({:greeter, :\"chip@localhost\"}, \"dale\")";

    private final TestNodeProperties nodes = new TestNodeProperties();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NodemeshAutoConfiguration.class))
            .withUserConfiguration(NodeProcessSupervisionTest.GreeterConfiguration.class);
    private BeamNode iex;

    @AfterEach
    void stop() {
        if (iex != null) {
            iex.close();
        }
    }

    @Test
    void closingTheContextShouldTellRemoteMonitorsAndLinksShutdown(CapturedOutput output) {
        ErlangRuntime.requireElixir();
        AtomicReference<NodeProcessRegistrar> registrar = new AtomicReference<>();
        runner.withPropertyValues(nodes.node("chip", "nodemesh.distribution.tick-time=60s"))
                .run(context -> {
                    Node chip = context.getBean(Node.class);
                    registrar.set(context.getBean(NodeProcessRegistrar.class));
                    iex = BeamNode.elixir("dale@localhost", TestNodeProperties.COOKIE, nodes.epmdPort());
                    iex.eval("Process.register(self(), :shell)");
                    iex.eval("Process.flag(:trap_exit, true)");
                    assertThat(iex.eval("ref = Process.monitor({:greeter, :\"chip@localhost\"})"))
                            .startsWith("#Reference");
                    chip.send("shell", "dale@localhost", chip.whereis("greeter").orElseThrow());
                    assertThat(iex.eval("pid = receive do p -> p after 10_000 -> :timeout end"))
                            .startsWith("#PID");
                    assertThat(iex.eval("Process.link(pid)")).isEqualTo("true");
                    // the call travels behind the monitor and the link: once answered, both are set
                    assertThat(iex.eval(CALL)).isEqualTo("\"Hello, dale!\"");
                });

        assertThat(iex.eval("receive do {:DOWN, ^ref, :process, _, reason} -> reason after 10_000 -> :timeout end"))
                .as("the monitor's reason")
                .isEqualTo(":shutdown");
        assertThat(iex.eval("receive do {:EXIT, ^pid, reason} -> reason after 10_000 -> :timeout end"))
                .as("the link's reason")
                .isEqualTo(":shutdown");
        ProcessStatus greeter = registrar.get().status("greeter").orElseThrow();
        assertThat(greeter.state()).isEqualTo(ProcessStatus.State.STOPPED);
        assertThat(greeter.restarts()).isZero();
        assertThat(output).doesNotContain("restarting it in").doesNotContain("could not be restarted");
    }

    @Test
    void theProcessesShouldStopBeforeTheNode() {
        runner.withPropertyValues(nodes.node("chip")).run(context -> {
            assertThat(context.getBean(NodeProcessShutdown.class).getPhase())
                    .isGreaterThan(context.getBean(NodeLifecycle.class).getPhase());
            assertThat(context.getBean(NodeProcessRegistrar.class).getPhase())
                    .isLessThan(context.getBean(NodeLifecycle.class).getPhase());
        });
    }
}

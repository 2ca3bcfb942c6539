package dev.nodemesh.autoconfigure;

import static dev.nodemesh.autoconfigure.TestNodeProperties.full;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.ConnectedNode;
import dev.nodemesh.Node;
import dev.nodemesh.NodeDownReason;
import dev.nodemesh.NodeName;
import dev.nodemesh.autoconfigure.event.NodeConnectFailedEvent;
import dev.nodemesh.autoconfigure.event.NodeDownEvent;
import dev.nodemesh.autoconfigure.event.NodeUpEvent;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Two application contexts in one JVM, each running a node, sharing a private EPMD port. */
@Slow
class NodeLifecycleTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    private final TestNodeProperties nodes = new TestNodeProperties();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NodemeshAutoConfiguration.class))
            .withBean(RecordedNodeEvents.class, RecordedNodeEvents::new);

    @Test
    void startupConnectionsShouldConnectAndEventsShouldTellBothSides() {
        runner.withPropertyValues(nodes.node("chip")).run(chip -> runner.withPropertyValues(
                        nodes.node("dale", "nodemesh.connect.nodes=chip@localhost"))
                .run(dale -> {
                    RecordedNodeEvents chipEvents = chip.getBean(RecordedNodeEvents.class);
                    RecordedNodeEvents daleEvents = dale.getBean(RecordedNodeEvents.class);
                    await().atMost(SOON)
                            .until(() -> !daleEvents.of(NodeUpEvent.class).isEmpty());
                    await().atMost(SOON)
                            .until(() -> !chipEvents.of(NodeUpEvent.class).isEmpty());
                    NodeUpEvent up = daleEvents.of(NodeUpEvent.class).get(0);
                    assertThat(up.getNode()).hasToString(full("chip"));
                    assertThat(up.isVisible()).isFalse();
                    assertThat(up.getLocalNode()).isSameAs(dale.getBean(Node.class));
                    assertThat(chipEvents.of(NodeUpEvent.class).get(0).getNode())
                            .hasToString(full("dale"));

                    assertThat(dale.getBean(Node.class).disconnect(full("chip")))
                            .isTrue();
                    await().atMost(SOON)
                            .until(() -> !daleEvents.of(NodeDownEvent.class).isEmpty());
                    await().atMost(SOON)
                            .until(() -> !chipEvents.of(NodeDownEvent.class).isEmpty());
                    assertThat(daleEvents.of(NodeDownEvent.class).get(0).getReason())
                            .isEqualTo(NodeDownReason.DISCONNECT);
                    NodeDownEvent down = chipEvents.of(NodeDownEvent.class).get(0);
                    assertThat(down.getNode()).hasToString(full("dale"));
                    assertThat(down.getReason()).isEqualTo(NodeDownReason.CONNECTION_CLOSED);
                }));
    }

    @Test
    void shutdownShouldTellPeersAtOnceAndReleaseTheName() {
        // a tick time of a minute: the nodedown below comes from the closed connection, not a timeout
        runner.withPropertyValues(nodes.node("dale", "nodemesh.distribution.tick-time=60s"))
                .run(dale -> {
                    RecordedNodeEvents daleEvents = dale.getBean(RecordedNodeEvents.class);
                    Node daleNode = dale.getBean(Node.class);
                    runner.withPropertyValues(nodes.node("chip")).run(chip -> {
                        assertThat(chip.getBean(Node.class).connect(full("dale")))
                                .isTrue();
                        await().atMost(SOON).until(() -> connected(daleNode).contains(full("chip")));
                    });
                    await().atMost(Duration.ofSeconds(3))
                            .until(() -> !daleEvents.of(NodeDownEvent.class).isEmpty());
                    assertThat(daleEvents.of(NodeDownEvent.class).get(0).getReason())
                            .isEqualTo(NodeDownReason.CONNECTION_CLOSED);
                    assertThat(connected(daleNode)).isEmpty();

                    // the name is free again in EPMD: a new chip starts and is reachable
                    runner.withPropertyValues(nodes.node("chip")).run(chip -> {
                        assertThat(chip).hasNotFailed();
                        assertThat(daleNode.connect(full("chip"))).isTrue();
                    });
                });
    }

    @Test
    void startupConnectionToAnAbsentNodeShouldRetryWithBackoffWithoutFailingStartup() {
        String[] dale = nodes.node(
                "dale",
                "nodemesh.connect.nodes=chip@localhost",
                "nodemesh.connect.initial-backoff=50ms",
                "nodemesh.connect.max-backoff=200ms");
        runner.withPropertyValues(dale).run(context -> {
            assertThat(context).hasNotFailed();
            RecordedNodeEvents events = context.getBean(RecordedNodeEvents.class);
            await().atMost(SOON)
                    .until(() -> events.of(NodeConnectFailedEvent.class).size() >= 3);
            NodeConnectFailedEvent failure =
                    events.of(NodeConnectFailedEvent.class).get(0);
            assertThat(failure.getNode()).hasToString(full("chip"));
            assertThat(failure.getFailure()).isNotBlank();

            runner.withPropertyValues(nodes.node("chip")).run(chip -> {
                await().atMost(SOON).until(() -> !events.of(NodeUpEvent.class).isEmpty());
                assertThat(connected(context.getBean(Node.class))).containsExactly(full("chip"));
            });
        });
        assertThat(threadsNamed("nodemesh-startup-connect")).isEmpty();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void startupConnectionToAnAbsentNodeShouldWarnOnceNotAtEveryRetry(CapturedOutput output) {
        String[] dale = nodes.node(
                "dale",
                "nodemesh.connect.nodes=ghost@localhost",
                "nodemesh.connect.initial-backoff=20ms",
                "nodemesh.connect.max-backoff=50ms");
        runner.withPropertyValues(dale).run(context -> {
            RecordedNodeEvents events = context.getBean(RecordedNodeEvents.class);
            await().atMost(SOON)
                    .until(() -> events.of(NodeConnectFailedEvent.class).size() >= 5);
            List<String> warnings = output.getAll()
                    .lines()
                    .filter(line -> line.contains("WARN") && line.contains("ghost@localhost"))
                    .toList();
            // the first failure: the connection's reason and the startup connection's retry plan
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(0) + warnings.get(1)).contains("retrying in");
        });
    }

    @Test
    void backoffShouldStartAtTheInitialWaitAndDoubleUpToTheMaximum() {
        StartupConnections connections =
                new StartupConnections(null, List.of(), Duration.ofMillis(100), Duration.ofMillis(700), event -> {});
        Duration delay = Duration.ZERO;
        StringBuilder delays = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            delay = connections.nextDelay(delay);
            delays.append(delay.toMillis()).append(' ');
        }
        assertThat(delays).hasToString("100 200 400 700 700 ");
    }

    @Test
    void stoppedNodeShouldReportNotListeningAndRefuseToStartAgain() {
        runner.withPropertyValues(nodes.node("chip")).run(context -> {
            NodeLifecycle lifecycle = context.getBean(NodeLifecycle.class);
            assertThat(lifecycle.getPhase()).isEqualTo(NodeLifecycle.PHASE);
            assertThat(lifecycle.isListening()).isTrue();
            ((ConfigurableApplicationContext) context.getSourceApplicationContext()).stop();
            assertThat(lifecycle.isRunning()).isFalse();
            assertThat(lifecycle.isListening()).isFalse();
            assertThatIllegalStateException().isThrownBy(lifecycle::start).withMessageContaining("cannot start again");
        });
    }

    @Test
    void closedContextsShouldLeaveNoNodeThreadsBehind() {
        runner.withPropertyValues(nodes.node("chip"))
                .run(chip -> runner.withPropertyValues(nodes.node("dale", "nodemesh.connect.nodes=chip@localhost"))
                        .run(dale -> await().atMost(SOON)
                                .until(() -> connected(dale.getBean(Node.class)).contains(full("chip")))));
        await().atMost(SOON).until(() -> threadsNamed("nodemesh-").isEmpty());
    }

    private static List<String> connected(Node node) {
        return node.nodes().stream()
                .map(ConnectedNode::name)
                .map(NodeName::toString)
                .toList();
    }

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .toList();
    }
}

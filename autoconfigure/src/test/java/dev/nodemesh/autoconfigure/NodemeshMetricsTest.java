package dev.nodemesh.autoconfigure;

import static dev.nodemesh.autoconfigure.TestNodeProperties.full;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.Mailbox;
import dev.nodemesh.Node;
import dev.nodemesh.NodeName;
import dev.nodemesh.autoconfigure.event.NodeConnectFailedEvent;
import dev.nodemesh.autoconfigure.metrics.NodeMeterBinder;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.Slow;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Slow
class NodemeshMetricsTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    private final TestNodeProperties nodes = new TestNodeProperties();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    NodemeshAutoConfiguration.class,
                    NodemeshMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class);

    @Test
    void shouldMeasureTheConnectedNodes() {
        runner.withPropertyValues(nodes.node("chip")).run(context -> {
            assertThat(context).hasSingleBean(NodeMeterBinder.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Gauge connected = registry.get("nodemesh.nodes.connected").gauge();
            assertThat(connected.value()).isZero();

            runner.withPropertyValues(nodes.node("dale", "nodemesh.connect.nodes=chip@localhost"))
                    .run(dale -> await().atMost(SOON).until(() -> connected.value() == 1));
            await().atMost(SOON).until(() -> connected.value() == 0);
        });
    }

    @Test
    void shouldCountFailedConnectionsByReason() {
        runner.withPropertyValues(nodes.node("chip"))
                .run(chip -> runner.withPropertyValues(nodes.node("intruder", "nodemesh.node.cookie=not-the-cookie"))
                        .run(intruder -> {
                            assertThat(intruder.getBean(Node.class).connect(full("chip")))
                                    .isFalse();
                            MeterRegistry registry = chip.getBean(MeterRegistry.class);
                            await().atMost(SOON)
                                    .until(() -> registry.find("nodemesh.connection.failures")
                                                    .tags("reason", "bad_digest", "direction", "incoming")
                                                    .counter()
                                            != null);
                            assertThat(registry.get("nodemesh.connection.failures")
                                            .tags("reason", "bad_digest")
                                            .counter()
                                            .count())
                                    .isEqualTo(1);
                        }));
    }

    @Test
    void shouldTimeNodeTemplateCallsByProcessAndOutcome() {
        runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
                .withPropertyValues(nodes.node("chip"))
                .run(context -> {
                    Node node = context.getBean(Node.class);
                    dev.nodemesh.spring.NodeTemplate template = context.getBean(dev.nodemesh.spring.NodeTemplate.class);
                    org.assertj.core.api.Assertions.assertThatThrownBy(
                                    () -> template.call("nobody", node.name().toString(), Atom.of("hi"), Atom.class))
                            .isInstanceOf(dev.nodemesh.CallException.class);

                    io.micrometer.core.instrument.Timer calls = context.getBean(MeterRegistry.class)
                            .get("nodemesh.calls")
                            .tags("process", "nobody", "outcome", "noproc")
                            .timer();
                    assertThat(calls.count()).isEqualTo(1);
                    assertThat(context.getBean(MeterRegistry.class)
                                    .find("nodemesh.calls")
                                    .tag("outcome", "success")
                                    .timer())
                            .isNull();
                });
    }

    @Test
    void shouldCountTrafficPerConnectedNodeAndDropItsMetersWhenItGoes() {
        runner.withPropertyValues(nodes.node("chip"))
                .run(chip -> runner.withPropertyValues(nodes.node("dale")).run(dale -> {
                    MeterRegistry registry = chip.getBean(MeterRegistry.class);
                    Node daleNode = dale.getBean(Node.class);
                    Mailbox inbox = chip.getBean(Node.class).createMailbox("inbox");
                    daleNode.send("inbox", full("chip"), Atom.of("one"));
                    daleNode.send("inbox", full("chip"), Atom.of("two"));
                    await().atMost(SOON).until(() -> inbox.size() == 2);

                    await().atMost(SOON)
                            .until(() -> peer(registry, "nodemesh.messages.received", "dale")
                                            .functionCounter()
                                    != null);
                    FunctionCounter received =
                            peer(registry, "nodemesh.messages.received", "dale").functionCounter();
                    await().atMost(SOON).until(() -> received.count() >= 2);
                    FunctionCounter bytes =
                            peer(registry, "nodemesh.bytes.received", "dale").functionCounter();
                    assertThat(bytes.count()).isPositive();
                    assertThat(bytes.getId().getBaseUnit()).isEqualTo("bytes");
                    assertThat(peer(registry, "nodemesh.messages.sent", "dale").functionCounter())
                            .isNotNull();
                    assertThat(peer(registry, "nodemesh.bytes.sent", "dale").functionCounter())
                            .isNotNull();

                    assertThat(daleNode.disconnect(full("chip"))).isTrue();
                    await().atMost(SOON)
                            .until(() -> registry.find("nodemesh.node.down")
                                            .tag("peer", full("dale"))
                                            .tag("reason", "connection_closed")
                                            .counter()
                                    != null);
                    assertThat(registry.get("nodemesh.node.down")
                                    .tag("peer", full("dale"))
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                    await().atMost(SOON)
                            .until(() -> peer(registry, "nodemesh.messages.received", "dale")
                                            .functionCounter()
                                    == null);
                }));
    }

    @Test
    void shouldMeasureTheMailboxOfEachRegisteredName() {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.metrics.refresh-interval=50ms"))
                .run(chip -> runner.withPropertyValues(nodes.node("dale")).run(dale -> {
                    MeterRegistry registry = chip.getBean(MeterRegistry.class);
                    Mailbox inbox = chip.getBean(Node.class).createMailbox("inbox");
                    await().atMost(SOON).until(() -> mailbox(registry, "inbox") != null);
                    Gauge size = mailbox(registry, "inbox");
                    assertThat(size.value()).isZero();
                    assertThat(size.getId().getBaseUnit()).isEqualTo("messages");

                    dale.getBean(Node.class).send("inbox", full("chip"), Atom.of("one"));
                    dale.getBean(Node.class).send("inbox", full("chip"), Atom.of("two"));
                    await().atMost(SOON).until(() -> size.value() == 2);

                    inbox.close();
                    await().atMost(SOON).until(() -> mailbox(registry, "inbox") == null);
                }));
    }

    @Test
    void shouldCountFailedConnectsPerNode() {
        String[] chip = nodes.node(
                "chip",
                "nodemesh.connect.nodes=ghost@localhost",
                "nodemesh.connect.initial-backoff=50ms",
                "nodemesh.connect.max-backoff=50ms");
        runner.withPropertyValues(chip).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            await().atMost(SOON)
                    .until(() ->
                            peer(registry, "nodemesh.connect.failures", "ghost").counter() != null
                                    && registry.get("nodemesh.connect.failures")
                                                    .counter()
                                                    .count()
                                            >= 2);
        });
    }

    @Test
    void shouldCountWhatAPeerAskedForBeyondItsLimits() {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.distribution.peer-limits.max-links=1"))
                .run(chip -> runner.withPropertyValues(nodes.node("dale")).run(dale -> {
                    Mailbox target = chip.getBean(Node.class).createMailbox("target");
                    Node daleNode = dale.getBean(Node.class);
                    daleNode.createMailbox().link(target.pid());
                    Mailbox refused = daleNode.createMailbox();
                    refused.link(target.pid());

                    assertThat(refused.receive(SOON))
                            .contains(Tuple.of(Atom.of("EXIT"), target.pid(), Atom.of("system_limit")));
                    MeterRegistry registry = chip.getBean(MeterRegistry.class);
                    await().atMost(SOON).until(() -> {
                        FunctionCounter refusals = peer(registry, "nodemesh.peer.limit.refusals", "dale")
                                .functionCounter();
                        return refusals != null && refusals.count() == 1;
                    });
                }));
    }

    @Test
    void shouldBoundThePeerTagOfFailedConnects() {
        runner.withPropertyValues(nodes.node("chip")).run(context -> {
            Node node = context.getBean(Node.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            int names = NodeMeterBinder.MAX_CONNECT_FAILURE_PEERS + 50;
            for (int i = 0; i < names; i++) {
                context.publishEvent(
                        new NodeConnectFailedEvent(node, NodeName.parse("probe" + i + "@localhost"), "unreachable"));
            }
            context.publishEvent(new NodeConnectFailedEvent(node, NodeName.parse("probe0@localhost"), "unreachable"));

            assertThat(registry.find("nodemesh.connect.failures").counters())
                    .hasSize(NodeMeterBinder.MAX_CONNECT_FAILURE_PEERS + 1);
            assertThat(registry.get("nodemesh.connect.failures")
                            .tag("peer", "other")
                            .counter()
                            .count())
                    .isEqualTo(50);
            assertThat(registry.get("nodemesh.connect.failures")
                            .tag("peer", "probe0@localhost")
                            .counter()
                            .count())
                    .isEqualTo(2);
        });
    }

    @Test
    void whenRefreshIntervalIsNotPositiveShouldFailStartup() {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.metrics.refresh-interval=0s"))
                .run(context -> assertThat(context.getStartupFailure())
                        .hasMessageContaining("nodemesh.metrics.refresh-interval")
                        .hasMessageContaining("positive"));
    }

    @Test
    void withoutMeterRegistryShouldNotCreateTheBinder() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(NodemeshAutoConfiguration.class, NodemeshMetricsAutoConfiguration.class))
                .withPropertyValues(nodes.node("chip"))
                .run(context -> {
                    assertThat(context).hasSingleBean(Node.class);
                    assertThat(context).doesNotHaveBean(NodeMeterBinder.class);
                });
    }

    @Test
    void withoutMicrometerShouldRunTheNodeWithoutBinder() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(NodemeshAutoConfiguration.class, NodemeshMetricsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .withPropertyValues(nodes.node("chip"))
                .run(context -> {
                    assertThat(context).hasSingleBean(Node.class);
                    assertThat(context).doesNotHaveBean(NodeMeterBinder.class);
                });
    }

    @Test
    void whenNodemeshIsDisabledShouldNotCreateTheBinder() {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.enabled=false"))
                .run(context -> assertThat(context).doesNotHaveBean(NodeMeterBinder.class));
    }

    @Test
    void whenUserDefinesTheBinderShouldBackOff() {
        runner.withPropertyValues(nodes.node("chip"))
                .withUserConfiguration(OwnBinderConfiguration.class)
                .run(context ->
                        assertThat(context).getBeanNames(NodeMeterBinder.class).containsExactly("ownBinder"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBinderConfiguration {

        @Bean
        NodeMeterBinder ownBinder(Node node) {
            return new NodeMeterBinder(node, Duration.ofSeconds(1));
        }
    }

    private static Search peer(MeterRegistry registry, String name, String alive) {
        return registry.find(name).tag("peer", full(alive));
    }

    private static Gauge mailbox(MeterRegistry registry, String name) {
        return registry.find("nodemesh.mailbox.size").tag("process", name).gauge();
    }
}

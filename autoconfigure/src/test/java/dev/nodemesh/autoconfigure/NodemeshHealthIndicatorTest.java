package dev.nodemesh.autoconfigure;

import static dev.nodemesh.autoconfigure.TestNodeProperties.full;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.Mailbox;
import dev.nodemesh.Node;
import dev.nodemesh.autoconfigure.event.NodeFailedEvent;
import dev.nodemesh.autoconfigure.health.NodemeshHealthIndicator;
import dev.nodemesh.term.Atom;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

@Slow
class NodemeshHealthIndicatorTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    private final TestNodeProperties nodes = new TestNodeProperties();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    NodemeshAutoConfiguration.class, NodemeshHealthContributorAutoConfiguration.class));

    @Test
    void listeningNodeShouldBeUpWithDetails() {
        runner.withPropertyValues(nodes.node("chip")).run(context -> {
            assertThat(context).hasSingleBean(NodemeshHealthIndicator.class);
            assertThat(context).hasBean("nodemeshHealthIndicator");
            Health health = context.getBean(NodemeshHealthIndicator.class).health();
            Node node = context.getBean(Node.class);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("node", full("chip"))
                    .containsEntry("listening", true)
                    .containsEntry("address", "127.0.0.1:" + node.address().getPort())
                    .containsEntry("connectedNodes", 0)
                    .doesNotContainKey("missingNodes");
        });
    }

    @Test
    void whenRequiredNodeIsNotConnectedShouldBeDownUntilItIs() {
        String[] chip = nodes.node("chip", "nodemesh.health.required-nodes=dale@localhost");
        runner.withPropertyValues(chip).run(context -> {
            HealthIndicator indicator = context.getBean(NodemeshHealthIndicator.class);
            Health down = indicator.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("missingNodes", List.of(full("dale")));

            runner.withPropertyValues(nodes.node("dale", "nodemesh.connect.nodes=chip@localhost"))
                    .run(dale -> {
                        await().atMost(SOON).until(() -> indicator.health().getStatus() == Status.UP);
                        assertThat(indicator.health().getDetails()).containsEntry("connectedNodes", 1);
                    });
            await().atMost(SOON).until(() -> indicator.health().getStatus() == Status.DOWN);
        });
    }

    @Test
    void whenAnErrorClosesTheNodeShouldBeDownWithTheErrorAndPublishNodeFailed() {
        runner.withPropertyValues(nodes.node("chip"))
                .withBean(RecordedNodeEvents.class, RecordedNodeEvents::new)
                .run(context -> {
                    Node node = context.getBean(Node.class);
                    Mailbox boom = node.createMailbox(null, (message, self) -> {
                        throw new OutOfMemoryError("simulated: Java heap space");
                    });

                    node.send(boom.pid(), Atom.of("allocate"));

                    RecordedNodeEvents events = context.getBean(RecordedNodeEvents.class);
                    await().atMost(SOON)
                            .until(() -> !events.of(NodeFailedEvent.class).isEmpty());
                    NodeFailedEvent failed = events.of(NodeFailedEvent.class).get(0);
                    assertThat(failed.getNode()).isEqualTo(node.name());
                    assertThat(failed.getError()).hasMessage("simulated: Java heap space");
                    assertThat(node.isClosed()).isTrue();
                    Health health =
                            context.getBean(NodemeshHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails())
                            .containsEntry("listening", false)
                            .containsEntry("error", "java.lang.OutOfMemoryError: simulated: Java heap space");
                });
    }

    @Test
    void stoppedNodeShouldBeDown() {
        runner.withPropertyValues(nodes.node("chip")).run(context -> {
            ((ConfigurableApplicationContext) context.getSourceApplicationContext()).stop();
            Health health = context.getBean(NodemeshHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("listening", false);
        });
    }

    @Test
    void whenRequiredNodeIsNotANodeNameShouldFailStartup() {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.health.required-nodes=dale"))
                .run(context -> assertThat(context.getStartupFailure())
                        .hasMessageContaining("nodemesh.health.required-nodes[0]")
                        .hasMessageContaining("alive@host"));
    }

    @Test
    void whenHealthIndicatorIsDisabledShouldNotCreateIt() {
        runner.withPropertyValues(nodes.node("chip", "management.health.nodemesh.enabled=false"))
                .run(context -> {
                    assertThat(context).hasSingleBean(Node.class);
                    assertThat(context).doesNotHaveBean(NodemeshHealthIndicator.class);
                });
    }

    @Test
    void whenNodemeshIsDisabledShouldNotCreateIt() {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.enabled=false"))
                .run(context -> assertThat(context).doesNotHaveBean(NodemeshHealthIndicator.class));
    }

    @Test
    void withoutSpringBootHealthShouldRunTheNodeWithoutIndicator() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .withPropertyValues(nodes.node("chip"))
                .run(context -> {
                    assertThat(context).hasSingleBean(Node.class);
                    assertThat(context).doesNotHaveBean(NodemeshHealthIndicator.class);
                });
    }

    @Test
    void whenUserDefinesTheIndicatorShouldBackOff() {
        runner.withPropertyValues(nodes.node("chip"))
                .withBean(
                        "nodemeshHealthIndicator",
                        HealthIndicator.class,
                        () -> () -> Health.up().build())
                .run(context -> {
                    assertThat(context).doesNotHaveBean(NodemeshHealthIndicator.class);
                    assertThat(context).hasBean("nodemeshHealthIndicator");
                });
    }
}

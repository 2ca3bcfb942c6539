package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.Node;
import dev.nodemesh.autoconfigure.endpoint.NodesEndpoint;
import dev.nodemesh.autoconfigure.metrics.NodeMeterBinder;
import dev.nodemesh.spring.NodeProcess;
import dev.nodemesh.spring.NodeTemplate;
import dev.nodemesh.spring.OnMessage;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.Slow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The meters of a {@code @NodeProcess} (handler time and outcome, errors, unhandled messages,
 * messages a full mailbox dropped) and its capacity and drops on {@code /actuator/nodes}.
 */
@Slow
class NodeProcessMetersTest {

    @NodeProcess(value = "tiny", capacity = 1)
    static class Tiny {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @OnMessage
        public String handle(String text) throws InterruptedException {
            if (text.equals("block")) {
                entered.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            if (text.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            return text;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TinyConfiguration {
        @Bean
        Tiny tiny() {
            return new Tiny();
        }
    }

    private final TestNodeProperties nodes = new TestNodeProperties();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    NodemeshAutoConfiguration.class,
                    NodemeshMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class,
                    ObservationAutoConfiguration.class,
                    NodesEndpointAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class)
            .withUserConfiguration(TinyConfiguration.class);

    @Test
    void handlerTimeErrorsUnhandledAndDroppedMessagesAreMeteredAndShown() throws Exception {
        runner.withPropertyValues(nodes.node("chip", "management.endpoints.web.exposure.include=nodes"))
                .run(context -> {
                    Node chip = context.getBean(Node.class);
                    String self = chip.name().toString();
                    NodeTemplate template = context.getBean(NodeTemplate.class);
                    Tiny tiny = context.getBean(Tiny.class);
                    assertThat(template.call("tiny", self, "hi", String.class)).isEqualTo("hi");
                    assertThat(template.call("tiny", self, "boom", Term.class))
                            .isEqualTo(Tuple.of(Atom.ERROR, dev.nodemesh.term.Binary.of("boom")));
                    assertThat(template.call("tiny", self, Int.of(1), Term.class))
                            .isEqualTo(Tuple.of(Atom.ERROR, Atom.of("no_handler")));

                    CompletableFuture<String> blocked = template.callAsync("tiny", self, "block", String.class);
                    assertThat(tiny.entered.await(10, TimeUnit.SECONDS)).isTrue();
                    template.send("tiny", self, "waits"); // fills the mailbox of capacity 1
                    template.send("tiny", self, "dropped");
                    tiny.release.countDown();
                    assertThat(blocked.get(10, TimeUnit.SECONDS)).isEqualTo("block");
                    context.getBean(NodeMeterBinder.class).refresh();

                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(count(meters, "nodemesh.mailbox.dropped")).isEqualTo(1);
                    assertThat(count(meters, "nodemesh.process.errors")).isEqualTo(1);
                    assertThat(count(meters, "nodemesh.process.unhandled")).isEqualTo(1);
                    assertThat(meters.get("nodemesh.handler")
                                    .tags("process", "tiny", "kind", "call", "outcome", "success", "error", "none")
                                    .timer()
                                    .count())
                            .isEqualTo(2);
                    assertThat(meters.get("nodemesh.handler")
                                    .tags("process", "tiny", "outcome", "error", "error", "IllegalStateException")
                                    .timer()
                                    .count())
                            .isEqualTo(1);
                    assertThat(meters.get("nodemesh.handler")
                                    .tags("process", "tiny", "outcome", "unhandled")
                                    .timer()
                                    .count())
                            .isEqualTo(1);

                    NodesEndpoint.ProcessDescriptor shown =
                            context.getBean(NodesEndpoint.class).nodes().processes().stream()
                                    .filter(process -> process.name().equals("tiny"))
                                    .findFirst()
                                    .orElseThrow();
                    assertThat(shown.capacity()).isEqualTo(1);
                    assertThat(shown.droppedMessages()).isEqualTo(1);
                });
    }

    private static double count(MeterRegistry meters, String name) {
        return meters.get(name).tags("process", "tiny").functionCounter().count();
    }
}

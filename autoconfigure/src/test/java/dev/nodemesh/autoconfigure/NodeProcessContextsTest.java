package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.Mailbox;
import dev.nodemesh.spring.NodeProcess;
import dev.nodemesh.spring.NodeProcessRegistrar;
import dev.nodemesh.spring.NodeTemplate;
import dev.nodemesh.spring.OnMessage;
import dev.nodemesh.term.Pid;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Two application contexts in one JVM exchange messages and calls between {@code @NodeProcess} beans. */
@Slow
class NodeProcessContextsTest {

    record Greet(String name) {}

    record Greeting(String text, int count) {}

    @NodeProcess("greeter")
    static class Greeter {
        private int count;

        @OnMessage
        public synchronized Greeting greet(Greet greet) {
            return new Greeting("Hello, " + greet.name() + "!", ++count);
        }
    }

    @NodeProcess("inbox")
    static class Inbox {
        final List<String> received = new CopyOnWriteArrayList<>();

        @OnMessage
        public void text(String text, Pid caller) {
            received.add(text);
        }
    }

    @NodeProcess(value = "bounded", capacity = 100, maxBytes = 4096)
    static class Bounded {
        @OnMessage
        public void any(String text) {}
    }

    @Configuration(proxyBeanMethods = false)
    static class ChipProcesses {
        @Bean
        Greeter greeter() {
            return new Greeter();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class DaleProcesses {
        @Bean
        Inbox inbox() {
            return new Inbox();
        }
    }

    private final TestNodeProperties nodes = new TestNodeProperties();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NodemeshAutoConfiguration.class));
    }

    @Test
    void callsAndMessagesGoBetweenNodeProcessBeansOfTwoContexts() {
        runner().withUserConfiguration(ChipProcesses.class)
                .withPropertyValues(nodes.node("chip"))
                .run(chip -> runner().withUserConfiguration(DaleProcesses.class)
                        .withPropertyValues(nodes.node("dale"))
                        .run(dale -> {
                            NodeTemplate fromDale = dale.getBean(NodeTemplate.class);
                            Greeting first =
                                    fromDale.call("greeter", "chip@localhost", new Greet("dale"), Greeting.class);
                            Greeting second =
                                    fromDale.call("greeter", "chip@localhost", new Greet("dale"), Greeting.class);
                            assertThat(first).isEqualTo(new Greeting("Hello, dale!", 1));
                            assertThat(second.count()).isEqualTo(2);

                            NodeTemplate fromChip = chip.getBean(NodeTemplate.class);
                            fromChip.send("inbox", "dale@localhost", "hello from chip");
                            fromChip.cast("inbox", "dale@localhost", "a cast");
                            Inbox inbox = dale.getBean(Inbox.class);
                            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(inbox.received)
                                    .containsExactly("hello from chip", "a cast"));
                        }));
    }

    @Test
    void processesAreRegisteredWhenTheContextIsReadyAndGoneWhenItCloses() {
        runner().withUserConfiguration(ChipProcesses.class)
                .withPropertyValues(nodes.node("chip"))
                .run(chip -> {
                    dev.nodemesh.Node node = chip.getBean(dev.nodemesh.Node.class);
                    assertThat(node.whereis("greeter")).isPresent();
                    assertThat(chip.getBean(dev.nodemesh.spring.NodeProcessRegistrar.class)
                                    .processNames())
                            .containsExactly("greeter");
                });
    }

    @Test
    void aProcessTakesItsBoundsFromTheAnnotationAndTheRestFromTheNode() {
        runner().withUserConfiguration(ChipProcesses.class)
                .withBean(Bounded.class, Bounded::new)
                .withPropertyValues(nodes.node("chip", "nodemesh.mailbox.default-max-bytes=2MB"))
                .run(chip -> {
                    NodeProcessRegistrar registrar = chip.getBean(NodeProcessRegistrar.class);
                    Mailbox bounded = registrar.mailbox("bounded").orElseThrow();
                    assertThat(bounded.capacity()).isEqualTo(100);
                    assertThat(bounded.maxBytes()).isEqualTo(4096);
                    Mailbox greeter = registrar.mailbox("greeter").orElseThrow();
                    assertThat(greeter.maxBytes()).isEqualTo(2 * 1024 * 1024);
                });
    }

    @Test
    void userBeansReplaceTheTemplateAndTheMapper() {
        runner().withPropertyValues(nodes.node("chip"))
                .withBean(
                        "customMapper",
                        dev.nodemesh.term.mapping.TermMapper.class,
                        dev.nodemesh.term.mapping.TermMapper::standard)
                .run(context -> {
                    assertThat(context).hasSingleBean(dev.nodemesh.term.mapping.TermMapper.class);
                    assertThat(context).hasBean("customMapper");
                    assertThat(context).hasSingleBean(NodeTemplate.class);
                });
    }
}

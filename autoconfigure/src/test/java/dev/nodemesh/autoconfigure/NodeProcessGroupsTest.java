package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.Node;
import dev.nodemesh.spring.NodeProcess;
import dev.nodemesh.spring.NodeProcessRegistrar;
import dev.nodemesh.spring.NodeTemplate;
import dev.nodemesh.spring.OnMessage;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code @NodeProcess(groups = ...)} joins process groups at start and leaves them at stop;
 * {@code NodeTemplate.publish} reaches the members of two contexts' nodes; extra scopes come from
 * {@code nodemesh.groups.scopes}.
 */
@Slow
class NodeProcessGroupsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @NodeProcess(
            value = "audit",
            groups = {"orders-events"})
    static class Audit {
        final List<String> received = new CopyOnWriteArrayList<>();

        @OnMessage
        public void event(String event) {
            received.add(event);
        }
    }

    @NodeProcess(value = "chat-member", groups = "lobby", groupScope = "${app.chat-scope}")
    static class ChatMember {
        final List<String> received = new CopyOnWriteArrayList<>();

        @OnMessage
        public void line(String line) {
            received.add(line);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AuditProcess {
        @Bean
        Audit audit() {
            return new Audit();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ChatProcess {
        @Bean
        ChatMember chatMember() {
            return new ChatMember();
        }
    }

    private final TestNodeProperties nodes = new TestNodeProperties();

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NodemeshAutoConfiguration.class));
    }

    @Test
    void aProcessJoinsItsGroupsAtStartAndPublishReachesItOnEveryNode() {
        runner().withUserConfiguration(AuditProcess.class)
                .withPropertyValues(nodes.node("chip"))
                .run(chip -> runner().withUserConfiguration(AuditProcess.class)
                        .withPropertyValues(nodes.node("dale", "nodemesh.connect.nodes=chip@localhost"))
                        .run(dale -> {
                            Node chipNode = chip.getBean(Node.class);
                            Pid chipAudit = chipNode.whereis("audit").orElseThrow();
                            assertThat(chipNode.groups().localMembers("orders-events"))
                                    .containsExactly(chipAudit);
                            await().atMost(WAIT)
                                    .until(() -> chipNode.groups()
                                                    .members("orders-events")
                                                    .size()
                                            == 2);

                            NodeTemplate template = dale.getBean(NodeTemplate.class);
                            assertThat(template.publish("orders-events", "order 1 shipped"))
                                    .isEqualTo(2);
                            assertThat(template.publishLocal("orders-events", "dale only"))
                                    .isEqualTo(1);

                            await().atMost(WAIT).untilAsserted(() -> assertThat(chip.getBean(Audit.class).received)
                                    .containsExactly("order 1 shipped"));
                            await().atMost(WAIT).untilAsserted(() -> assertThat(dale.getBean(Audit.class).received)
                                    .containsExactly("order 1 shipped", "dale only"));

                            dale.getBean(NodeProcessRegistrar.class).stop();
                            await().atMost(WAIT).untilAsserted(() -> assertThat(
                                            chipNode.groups().members("orders-events"))
                                    .containsExactly(chipAudit));
                        }));
    }

    @Test
    void aRestartedProcessJoinsItsGroupsAgain() {
        runner().withUserConfiguration(AuditProcess.class)
                .withPropertyValues(nodes.node("chip", "nodemesh.process.restart-backoff=10ms"))
                .run(chip -> {
                    Node node = chip.getBean(Node.class);
                    Pid first = node.whereis("audit").orElseThrow();

                    node.createMailbox().exit(first, Atom.of("kill"));

                    await().atMost(WAIT)
                            .untilAsserted(() -> assertThat(node.groups().members("orders-events"))
                                    .hasSize(1)
                                    .doesNotContain(first)
                                    .containsExactly(node.whereis("audit").orElseThrow()));
                });
    }

    @Test
    void aProcessJoinsAGroupOfAConfiguredScope() {
        runner().withUserConfiguration(ChatProcess.class)
                .withPropertyValues(nodes.node("chip", "nodemesh.groups.scopes=chat", "app.chat-scope=chat"))
                .run(chip -> {
                    Node node = chip.getBean(Node.class);
                    assertThat(node.groups("chat").localMembers("lobby"))
                            .containsExactly(node.whereis("chat-member").orElseThrow());
                    assertThat(node.groups().whichGroups()).isEmpty();
                    assertThat(chip.getBean(NodeTemplate.class).publish("chat", "lobby", "hi"))
                            .isEqualTo(1);
                    await().atMost(WAIT).untilAsserted(() -> assertThat(chip.getBean(ChatMember.class).received)
                            .containsExactly("hi"));
                });
    }

    @Test
    void theDefaultScopeCanBeTurnedOff() {
        runner().withPropertyValues(nodes.node("chip", "nodemesh.groups.default-scope=false"))
                .run(chip -> {
                    Node node = chip.getBean(Node.class);
                    assertThat(node.whereis("pg")).isEmpty();
                    assertThat(node.config().groupScopes()).isEmpty();
                });
    }

    @Test
    void anInvalidScopeNameFailsWithTheProperty() {
        runner().withPropertyValues(nodes.node("chip", "nodemesh.groups.scopes=nodemesh_pg:x"))
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("nodemesh.groups.scopes"));
    }
}

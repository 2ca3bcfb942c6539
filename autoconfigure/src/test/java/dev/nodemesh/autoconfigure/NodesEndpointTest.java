package dev.nodemesh.autoconfigure;

import static dev.nodemesh.autoconfigure.TestNodeProperties.full;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.Mailbox;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.NodeName;
import dev.nodemesh.autoconfigure.endpoint.AllowedConnectTargets;
import dev.nodemesh.autoconfigure.endpoint.NodesEndpoint;
import dev.nodemesh.autoconfigure.endpoint.NodesEndpoint.ConnectDescriptor;
import dev.nodemesh.autoconfigure.endpoint.NodesEndpoint.ConnectedNodeDescriptor;
import dev.nodemesh.autoconfigure.event.NodeConnectFailedEvent;
import dev.nodemesh.term.Atom;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Slow
class NodesEndpointTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    private final TestNodeProperties nodes = new TestNodeProperties();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    NodemeshAutoConfiguration.class,
                    NodesEndpointAutoConfiguration.class,
                    JacksonEndpointAutoConfiguration.class))
            .withBean(RecordedNodeEvents.class, RecordedNodeEvents::new);

    private final String[] exposed = {"management.endpoints.web.exposure.include=nodes"};

    private final String allowLocalhost = "nodemesh.actuator.allowed-connect-hosts=localhost";

    @Test
    void whenExposedShouldCreateTheEndpoint() {
        runner.withPropertyValues(nodes.node("chip", exposed))
                .run(context -> assertThat(context).hasSingleBean(NodesEndpoint.class));
    }

    @Test
    void whenNotExposedShouldNotCreateTheEndpoint() {
        runner.withPropertyValues(nodes.node("chip")).run(context -> {
            assertThat(context).hasSingleBean(Node.class);
            assertThat(context).doesNotHaveBean(NodesEndpoint.class);
        });
    }

    @Test
    void whenAccessIsNoneShouldNotCreateTheEndpoint() {
        runner.withPropertyValues(nodes.node("chip", exposed[0], "management.endpoint.nodes.access=NONE"))
                .run(context -> assertThat(context).doesNotHaveBean(NodesEndpoint.class));
    }

    @Test
    void whenNodemeshIsDisabledShouldNotCreateTheEndpoint() {
        runner.withPropertyValues(nodes.node("chip", exposed[0], "nodemesh.enabled=false"))
                .run(context -> assertThat(context).doesNotHaveBean(NodesEndpoint.class));
    }

    @Test
    void withoutActuatorShouldRunTheNodeWithoutEndpoint() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .withPropertyValues(nodes.node("chip", exposed))
                .run(context -> {
                    assertThat(context).hasSingleBean(Node.class);
                    assertThat(context).doesNotHaveBean(NodesEndpoint.class);
                });
    }

    @Test
    void whenUserDefinesTheEndpointShouldBackOff() {
        runner.withPropertyValues(nodes.node("chip", exposed))
                .withUserConfiguration(OwnEndpointConfiguration.class)
                .run(context ->
                        assertThat(context).getBeanNames(NodesEndpoint.class).containsExactly("ownEndpoint"));
    }

    @Test
    void readShouldShowThisNodeItsConnectionsAndItsProcessesAsJson() {
        runner.withPropertyValues(nodes.node("chip", exposed)).run(chip -> runner.withPropertyValues(
                        nodes.node("dale", exposed))
                .run(dale -> {
                    Node chipNode = chip.getBean(Node.class);
                    Mailbox inbox = chipNode.createMailbox("inbox");
                    Node daleNode = dale.getBean(Node.class);
                    daleNode.send("inbox", full("chip"), Atom.of("one"));
                    daleNode.send("inbox", full("chip"), Atom.of("two"));
                    await().atMost(SOON).until(() -> inbox.size() == 2);

                    JsonNode json = json(chip, chip.getBean(NodesEndpoint.class).nodes());
                    assertThat(fieldNames(json)).containsExactlyInAnyOrder("self", "nodes", "processes");

                    JsonNode self = json.get("self");
                    assertThat(fieldNames(self))
                            .containsExactlyInAnyOrder(
                                    "name",
                                    "cookieSource",
                                    "address",
                                    "port",
                                    "epmdMode",
                                    "epmdPort",
                                    "embeddedEpmd",
                                    "visible",
                                    "tls",
                                    "creation",
                                    "listening",
                                    "startedAt",
                                    "uptime");
                    assertThat(self.get("name").asString()).isEqualTo(full("chip"));
                    assertThat(self.get("cookieSource").asString()).isEqualTo("explicit");
                    assertThat(self.get("address").asString()).isEqualTo("127.0.0.1");
                    assertThat(self.get("port").asInt())
                            .isEqualTo(chipNode.address().getPort());
                    assertThat(self.get("epmdMode").asString()).isEqualTo("auto");
                    assertThat(self.get("epmdPort").asInt()).isEqualTo(nodes.epmdPort());
                    assertThat(self.get("embeddedEpmd").asBoolean()).isTrue();
                    assertThat(self.get("tls").asBoolean()).isFalse();
                    assertThat(self.get("listening").asBoolean()).isTrue();
                    assertThat(self.get("uptime").asString()).startsWith("PT");
                    assertThat(self.get("startedAt").isString()).isTrue();
                    assertThat(json.toString()).doesNotContain(TestNodeProperties.COOKIE);

                    JsonNode peers = json.get("nodes");
                    assertThat(peers.size()).isEqualTo(1);
                    JsonNode dalePeer = peers.get(0);
                    assertThat(fieldNames(dalePeer))
                            .containsExactlyInAnyOrder(
                                    "name",
                                    "visible",
                                    "address",
                                    "connectedAt",
                                    "messagesIn",
                                    "messagesOut",
                                    "bytesIn",
                                    "bytesOut",
                                    "lastActivity",
                                    "limitRefusals");
                    assertThat(dalePeer.get("name").asString()).isEqualTo(full("dale"));
                    assertThat(dalePeer.get("visible").asBoolean()).isFalse();
                    assertThat(dalePeer.get("address").asString()).startsWith("127.0.0.1:");
                    assertThat(dalePeer.get("messagesIn").asLong()).isGreaterThanOrEqualTo(2);
                    assertThat(dalePeer.get("bytesIn").asLong()).isPositive();
                    assertThat(dalePeer.get("connectedAt").isString()).isTrue();
                    assertThat(dalePeer.get("lastActivity").isString()).isTrue();
                    assertThat(dalePeer.get("limitRefusals").asLong()).isZero();

                    List<String> processes = StreamSupport.stream(
                                    json.get("processes").spliterator(), false)
                            .map(process -> process.get("name").asString() + "="
                                    + process.get("mailboxSize").asInt())
                            .toList();
                    assertThat(processes).contains("inbox=2");
                    // every mailbox shows its capacity and drops; the system processes have none (nulls omitted)
                    JsonNode inboxJson = StreamSupport.stream(
                                    json.get("processes").spliterator(), false)
                            .filter(process -> process.get("name").asString().equals("inbox"))
                            .findFirst()
                            .orElseThrow();
                    assertThat(inboxJson.toString())
                            .isEqualTo("{\"name\":\"inbox\",\"mailboxSize\":2,\"capacity\":"
                                    + NodeConfig.DEFAULT_MAILBOX_CAPACITY + ",\"droppedMessages\":0}");
                    JsonNode netKernel = StreamSupport.stream(
                                    json.get("processes").spliterator(), false)
                            .filter(process -> process.get("name").asString().equals("net_kernel"))
                            .findFirst()
                            .orElseThrow();
                    assertThat(netKernel.toString()).isEqualTo("{\"name\":\"net_kernel\",\"mailboxSize\":0}");
                }));
    }

    @Test
    void readOfOneNodeShouldFindItOrAnswerNothing() {
        runner.withPropertyValues(nodes.node("chip", exposed))
                .run(chip -> runner.withPropertyValues(nodes.node("dale", "nodemesh.connect.nodes=chip@localhost"))
                        .run(dale -> {
                            NodesEndpoint endpoint = chip.getBean(NodesEndpoint.class);
                            await().atMost(SOON).until(() -> endpoint.node(full("dale")) != null);
                            ConnectedNodeDescriptor descriptor = endpoint.node(full("dale"));
                            assertThat(descriptor.name()).isEqualTo(full("dale"));
                            assertThat(descriptor.connectedAt()).isNotNull();
                            assertThat(endpoint.node(full("nobody"))).isNull();
                            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                                    .isThrownBy(() -> endpoint.node("no-host"))
                                    .withMessageContaining("alive@host");
                        }));
    }

    @Test
    void writeShouldConnectAndDeleteShouldDisconnect() {
        runner.withPropertyValues(nodes.node("chip", exposed[0], allowLocalhost))
                .run(chip -> runner.withPropertyValues(nodes.node("dale")).run(dale -> {
                    NodesEndpoint endpoint = chip.getBean(NodesEndpoint.class);
                    ConnectDescriptor connected = endpoint.connect(full("dale"));
                    assertThat(connected.connected()).isTrue();
                    assertThat(connected.failure()).isNull();
                    assertThat(endpoint.node(full("dale"))).isNotNull();

                    assertThat(endpoint.disconnect(full("dale")).disconnected()).isTrue();
                    assertThat(endpoint.node(full("dale"))).isNull();
                    assertThat(endpoint.disconnect(full("dale")).disconnected()).isFalse();
                }));
    }

    @Test
    void writeToAnAbsentNodeShouldSayItFailedAndPublishWhy() {
        runner.withPropertyValues(nodes.node("chip", exposed[0], allowLocalhost))
                .run(chip -> {
                    ConnectDescriptor outcome =
                            chip.getBean(NodesEndpoint.class).connect(full("ghost"));
                    assertThat(outcome.node()).isEqualTo(full("ghost"));
                    assertThat(outcome.connected()).isFalse();
                    assertThat(outcome.refused()).isFalse();
                    // what the network said stays in the log and the event, not in the HTTP answer
                    assertThat(outcome.failure()).isEqualTo("not connected; the reason is in this application's log");
                    assertThat(chip.getBean(Node.class).connectFailure(NodeName.parse(full("ghost"))))
                            .hasValueSatisfying(reason -> assertThat(reason).contains("ghost"));
                    List<NodeConnectFailedEvent> failures =
                            chip.getBean(RecordedNodeEvents.class).of(NodeConnectFailedEvent.class);
                    assertThat(failures).singleElement().satisfies(event -> {
                        assertThat(event.getNode()).hasToString(full("ghost"));
                        assertThat(event.getFailure()).contains("ghost").isNotEqualTo(outcome.failure());
                    });
                });
    }

    @Test
    void writeToANodeNeitherConfiguredNorOnAnAllowedHostShouldBeRefusedWithoutDialling() {
        runner.withPropertyValues(nodes.node("chip", exposed))
                .run(chip -> runner.withPropertyValues(nodes.node("dale")).run(dale -> {
                    NodeName daleName = NodeName.parse(full("dale"));
                    Node chipNode = chip.getBean(Node.class);
                    ConnectDescriptor outcome =
                            chip.getBean(NodesEndpoint.class).connect(full("dale"));

                    assertThat(outcome.connected()).isFalse();
                    assertThat(outcome.refused()).isTrue();
                    assertThat(outcome.failure())
                            .isEqualTo("not allowed: the node is neither configured nor on a host listed in"
                                    + " nodemesh.actuator.allowed-connect-hosts; nothing was dialled");
                    // an attempt leaves a connection or a failure behind; a refusal leaves neither
                    assertThat(chipNode.connectFailure(daleName)).isEmpty();
                    assertThat(chipNode.nodes()).isEmpty();
                    assertThat(dale.getBean(Node.class).nodes()).isEmpty();
                    assertThat(chip.getBean(RecordedNodeEvents.class).of(NodeConnectFailedEvent.class))
                            .isEmpty();
                }));
    }

    @Test
    void writeShouldDialConfiguredNodesAndNodesAlreadyConnected() {
        runner.withPropertyValues(nodes.node("dale")).run(dale -> runner.withPropertyValues(
                        nodes.node("chip", exposed[0], "nodemesh.health.required-nodes=" + full("dale")))
                .run(chip -> runner.withPropertyValues(nodes.node("ernie")).run(ernie -> {
                    NodesEndpoint endpoint = chip.getBean(NodesEndpoint.class);
                    assertThat(endpoint.connect(full("dale")).connected()).isTrue();

                    assertThat(endpoint.connect(full("ernie")).refused()).isTrue();
                    assertThat(ernie.getBean(Node.class).connect(full("chip"))).isTrue();
                    // the accepting side enters the connection in its table a moment after the dialler
                    await().atMost(Duration.ofSeconds(5)).until(() -> chip.getBean(Node.class).nodes().stream()
                            .anyMatch(n -> n.name().toString().equals(full("ernie"))));
                    ConnectDescriptor connected = endpoint.connect(full("ernie"));
                    assertThat(connected.connected()).isTrue();
                    assertThat(connected.refused()).isFalse();
                })));
    }

    @Test
    void allowedHostsShouldBeHostsOrAStar() {
        runner.withPropertyValues(nodes.node(
                        "chip", exposed[0], "nodemesh.actuator.allowed-connect-hosts=localhost, dale@localhost"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
                        failure = failure.getCause();
                    }
                    assertThat(failure)
                            .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, invalid -> {
                                assertThat(invalid.getName()).isEqualTo("nodemesh.actuator.allowed-connect-hosts[1]");
                                assertThat(invalid.getReason()).contains("is not a host");
                            });
                });
        AllowedConnectTargets any = AllowedConnectTargets.of(List.of(), List.of("*"));
        assertThat(any.allows(NodeName.parse("x@anywhere.example"))).isTrue();
        AllowedConnectTargets vm = AllowedConnectTargets.of(List.of(NodeName.parse("a@b")), List.of("VM"));
        assertThat(vm.allows(NodeName.parse("dale@vm"))).isTrue();
        assertThat(vm.allows(NodeName.parse("dale@vm.example.com"))).isFalse();
        assertThat(vm.allows(NodeName.parse("a@b"))).isTrue();
        assertThat(vm.allows(NodeName.parse("c@b"))).isFalse();
        assertThat(AllowedConnectTargets.none().allows(NodeName.parse("a@b"))).isFalse();
    }

    private static JsonNode json(ApplicationContext context, Object body) {
        JsonMapper mapper = context.getBean(EndpointJsonMapper.class).get();
        return mapper.readTree(mapper.writeValueAsString(body));
    }

    private static Set<String> fieldNames(JsonNode node) {
        return Set.copyOf(node.propertyNames());
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEndpointConfiguration {

        @Bean
        NodesEndpoint ownEndpoint(NodeLifecycle lifecycle, ApplicationEventPublisher eventPublisher) {
            return new NodesEndpoint(lifecycle, eventPublisher);
        }
    }
}

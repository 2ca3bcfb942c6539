package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.ConnectedNode;
import dev.nodemesh.Node;
import dev.nodemesh.NodeName;
import dev.nodemesh.autoconfigure.discovery.TestDnsServer;
import dev.nodemesh.testsupport.Slow;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Five applications, each a node on its own loopback address (127.0.0.1 to 127.0.0.5) without EPMD
 * and with one fixed distribution port, form a full mesh from the A records of one DNS name
 * alone (a real DNS server on loopback, as a Kubernetes headless service): then one leaves (its
 * record removed, its application stopped) and another comes (record added), and the mesh
 * follows. Without EPMD either, SRV records give each node its own port.
 */
@Slow
class DiscoveryMeshTest {

    private static final Duration SOON = Duration.ofSeconds(30);

    private static final String SERVICE = "mesh.default.svc.cluster.local";

    private final int port = TestNodeProperties.freePort();

    private final Map<String, ConfigurableApplicationContext> apps = new LinkedHashMap<>();

    private TestDnsServer dns;

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(NodemeshAutoConfiguration.class)
    static class MeshApp {}

    @BeforeEach
    void startDns() throws InterruptedException {
        dns = TestDnsServer.start();
    }

    @AfterEach
    void stopAll() {
        apps.values().forEach(ConfigurableApplicationContext::close);
        dns.close();
    }

    @Test
    void fiveNodesShouldFormAFullMeshFromDnsAloneAndFollowItsChanges() throws Exception {
        for (int i = 1; i <= 5; i++) {
            dns.addAddress(SERVICE, address(i));
        }
        for (int i = 1; i <= 5; i++) {
            start(i);
        }
        awaitFullMesh();

        dns.removeAddress(SERVICE, address(5));
        apps.remove(ip(5)).close();
        awaitFullMesh();

        dns.addAddress(SERVICE, address(6));
        start(6);
        awaitFullMesh();
        assertThat(apps.keySet()).containsExactly(ip(1), ip(2), ip(3), ip(4), ip(6));
    }

    @Test
    void srvRecordsShouldGiveEachNodeItsOwnPortWithoutEpmd() throws Exception {
        String srv = "_dist._tcp." + SERVICE;
        int otherPort = TestNodeProperties.freePort();
        dns.addService(srv, port, ip(7));
        dns.addService(srv, otherPort, ip(8));
        start(7, port, "nodemesh.discovery.dns.query=" + srv);
        start(8, otherPort, "nodemesh.discovery.dns.query=" + srv);
        awaitFullMesh();

        apps.values().forEach(ConfigurableApplicationContext::close);
        apps.clear();
        await().atMost(SOON).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().startsWith("nodemesh-discovery")));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aMemberWhoseConnectionGoesDownShouldBeDialledAgainWhileItIsListed(CapturedOutput output) throws Exception {
        dns.addAddress(SERVICE, address(1));
        dns.addAddress(SERVICE, address(2));
        start(1);
        start(2);
        awaitFullMesh();

        Node first = apps.get(ip(1)).getBean(Node.class);
        assertThat(first.disconnect(NodeName.parse("mesh@" + ip(2)))).isTrue();
        await().atMost(SOON)
                .until(() -> output.getAll().contains("mesh@" + ip(2) + " went down and is still a member"));
        awaitFullMesh();
    }

    private void start(int i) {
        start(i, port, "nodemesh.discovery.dns.query=" + SERVICE, "nodemesh.discovery.dns.port=" + port);
    }

    private void start(int i, int listenPort, String... discovery) {
        String ip = ip(i);
        List<String> properties = new ArrayList<>(List.of(
                "nodemesh.node.name=mesh@" + ip,
                "nodemesh.node.cookie=" + TestNodeProperties.COOKIE,
                "nodemesh.listen.address=" + ip,
                "nodemesh.listen.port=" + listenPort,
                "nodemesh.epmd.mode=none",
                "nodemesh.distribution.handshake-timeout=5s",
                "nodemesh.distribution.event-loop-threads=1",
                "nodemesh.connect.initial-backoff=100ms",
                "nodemesh.connect.max-backoff=500ms",
                "nodemesh.discovery.interval=200ms",
                "nodemesh.discovery.dns.servers=127.0.0.1:" + dns.address().getPort()));
        properties.addAll(List.of(discovery));
        apps.put(
                ip,
                new SpringApplicationBuilder(MeshApp.class)
                        .web(WebApplicationType.NONE)
                        .properties(properties.toArray(String[]::new))
                        .run());
    }

    /** Every running node is connected to every other running node, and to no other. */
    private void awaitFullMesh() {
        Set<String> running = apps.keySet().stream().map(ip -> "mesh@" + ip).collect(Collectors.toSet());
        await().atMost(SOON).untilAsserted(() -> {
            for (ConfigurableApplicationContext app : apps.values()) {
                Node node = app.getBean(Node.class);
                Set<String> expected = running.stream()
                        .filter(name -> !name.equals(node.name().toString()))
                        .collect(Collectors.toSet());
                assertThat(connected(node)).as(node.name().toString()).isEqualTo(expected);
            }
        });
    }

    private static Set<String> connected(Node node) {
        List<ConnectedNode> nodes = node.nodes();
        return nodes.stream().map(n -> n.name().toString()).collect(Collectors.toSet());
    }

    private static String ip(int i) {
        return "127.0.0." + i;
    }

    private static InetAddress address(int i) throws UnknownHostException {
        return InetAddress.getByName(ip(i));
    }
}

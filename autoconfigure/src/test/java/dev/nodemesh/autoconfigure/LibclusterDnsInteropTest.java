package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.ConnectedNode;
import dev.nodemesh.Node;
import dev.nodemesh.autoconfigure.discovery.TestDnsServer;
import dev.nodemesh.testsupport.ErlLauncher;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.ExternalProcess;
import dev.nodemesh.testsupport.Slow;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A real {@code erl} node and a nodemesh application under one DNS name, as an Elixir release with
 * libcluster's {@code Kubernetes.DNS} strategy and nodemesh pods under one headless service: both
 * named {@code mesh@<ip>} (127.0.0.1 for nodemesh, 127.0.0.2 for erl), one distribution port and
 * no EPMD, the DNS server on loopback. The erl node runs what that strategy does, written out
 * (libcluster itself is not installed here): ask the A records of the name ({@code inet_res}) and
 * {@code net_kernel:connect_node/1} every {@code mesh@<ip>} at each poll. Each side finds the
 * other by itself.
 */
@Slow
class LibclusterDnsInteropTest {

    private static final Duration SOON = Duration.ofSeconds(30);

    private static final String SERVICE = "mesh.default.svc.cluster.local";

    private static final String JAVA = "mesh@127.0.0.1";

    private static final String ERL = "mesh@127.0.0.2";

    private final int port = TestNodeProperties.freePort();

    private final List<String> erlLines = new CopyOnWriteArrayList<>();

    private TestDnsServer dns;

    private ConfigurableApplicationContext app;

    private ExternalProcess erl;

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(NodemeshAutoConfiguration.class)
    static class MeshApp {}

    @BeforeEach
    void start() throws Exception {
        ErlangRuntime.requireErl();
        dns = TestDnsServer.start();
        dns.addAddress(SERVICE, InetAddress.getByName("127.0.0.1"));
        dns.addAddress(SERVICE, InetAddress.getByName("127.0.0.2"));
    }

    @AfterEach
    void stop() {
        if (erl != null) {
            erl.close();
        }
        if (app != null) {
            app.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void nodemeshShouldFindTheBeamNodeThroughDns() {
        startErl(false);
        startJava(true);
        await().atMost(SOON).until(() -> connected().contains(ERL));
        await().atMost(SOON).until(() -> erlLines.contains("nodes " + JAVA));
    }

    @Test
    void theBeamNodeShouldFindNodemeshThroughDnsAsLibclusterDoes() {
        startJava(false);
        startErl(true);
        await().atMost(SOON).untilAsserted(() -> assertThat(erlLines).contains("nodes " + JAVA));
        assertThat(connected()).containsExactly(ERL);
    }

    private List<String> connected() {
        List<String> names = new ArrayList<>();
        for (ConnectedNode node : app.getBean(Node.class).nodes()) {
            names.add(node.name().toString());
        }
        return names;
    }

    private void startJava(boolean discovery) {
        List<String> properties = new ArrayList<>(List.of(
                "nodemesh.node.name=" + JAVA,
                "nodemesh.node.cookie=" + TestNodeProperties.COOKIE,
                "nodemesh.node.visible=true",
                "nodemesh.listen.address=127.0.0.1",
                "nodemesh.listen.port=" + port,
                "nodemesh.epmd.mode=none",
                "nodemesh.distribution.handshake-timeout=5s",
                "nodemesh.distribution.event-loop-threads=1",
                "nodemesh.connect.initial-backoff=100ms",
                "nodemesh.connect.max-backoff=500ms"));
        if (discovery) {
            properties.addAll(List.of(
                    "nodemesh.discovery.interval=200ms",
                    "nodemesh.discovery.dns.query=" + SERVICE,
                    "nodemesh.discovery.dns.servers=127.0.0.1:" + dns.address().getPort(),
                    "nodemesh.discovery.dns.port=" + port));
        }
        app = new SpringApplicationBuilder(MeshApp.class)
                .web(WebApplicationType.NONE)
                .properties(properties.toArray(String[]::new))
                .run();
    }

    /**
     * Starts erl; with {@code poll}, it runs libcluster's Kubernetes.DNS loop against the test's DNS
     * server. Either way it prints {@code nodes <name>} for every node it is connected to, whenever
     * that changes.
     */
    private void startErl(boolean poll) {
        String lookup = "inet_res:lookup(\"" + SERVICE + "\", in, a, [{nameservers, [{{127,0,0,1}, "
                + dns.address().getPort() + "}]}])";
        String connect = poll
                ? "[net_kernel:connect_node(list_to_atom(\"mesh@\" ++ inet:ntoa(Ip))) || Ip <- " + lookup
                        + ", list_to_atom(\"mesh@\" ++ inet:ntoa(Ip)) =/= node()],"
                : "";
        String loop = "Loop = fun Loop(Seen) -> " + connect
                + " Now = lists:sort(nodes(connected)),"
                + " [io:format(\"nodes ~s~n\", [N]) || N <- Now -- Seen],"
                + " timer:sleep(200), Loop(Now) end, io:format(\"up~n\"), Loop([])";
        erl = ErlLauncher.erl()
                .longName(ERL)
                .cookie(TestNodeProperties.COOKIE)
                .withoutEpmd()
                .erlFlags(
                        "-erl_epmd_port",
                        String.valueOf(port),
                        "-kernel",
                        "inet_dist_use_interface",
                        "{127,0,0,2}",
                        "-noshell",
                        "-noinput")
                .eval(loop)
                .mergeStderr()
                .start();
        erl.readLines(line -> erlLines.add(line.strip()));
        // distribution is up before -eval runs: from "up" on, the node accepts connections (a dial
        // refused before that leaves the attempt hanging in core, see docs/configuration.md)
        await().atMost(SOON).until(() -> erlLines.contains("up"));
    }
}

package dev.nodemesh.autoconfigure;

import static dev.nodemesh.autoconfigure.TestNodeProperties.full;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.ConnectedNode;
import dev.nodemesh.Cookie;
import dev.nodemesh.Mailbox;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.term.Atom;
import dev.nodemesh.testsupport.BeamNode;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The cluster view rendered by a real headless Chromium against a running application, chip, with
 * three real nodes connected: dale, erin (a real {@code erl}) and a node whose name carries markup,
 * as a hostile peer's may.
 * The graph shows every node, traffic shows once messages flow, a node that stops disappears, and
 * the hostile name is shown as text, never parsed as markup.
 *
 * <p>With {@code -Dnodemesh.dashboard.screenshot=<path>} the test also saves the picture of the
 * page that docs/operations.md shows.
 */
@ChipWithClusterView
@TestPropertySource(properties = {"nodemesh.dashboard.sample-interval=250ms"})
class ClusterViewBrowserTest extends ActuatorHttp {

    /** A valid node name (erl accepts any printable host) that is also an HTML element. */
    static final String HOSTILE = "evil@<img/src=x/onerror=alert(1)>";

    private static final Duration SOON = Duration.ofSeconds(15);

    private static final Duration RENDER = Duration.ofSeconds(3);

    @LocalServerPort
    int port;

    private HeadlessChromium chromium;

    private Node evil;

    private Mailbox sink;

    private BeamNode erin;

    @BeforeEach
    void startBrowserAndHostileNode() throws Exception {
        chromium = HeadlessChromium.require();
        sink = chip.createMailbox("orders");
        evil = startHostileNode(chip);
        erin = BeamNode.erl(
                "erin@localhost", TestNodeProperties.COOKIE, chip.config().epmdPort());
    }

    @AfterEach
    void stopAll() throws Exception {
        // what @BeforeEach started before a missing tool skipped the test
        if (chromium == null) {
            return;
        }
        try {
            closeAll(erin, evil, sink);
        } finally {
            chromium.close();
        }
        assertThat(chromium.leftovers()).as("chromium processes left running").isEmpty();
    }

    /** Starts the node named {@link #HOSTILE}, on chip's EPMD, not connected yet. */
    static Node startHostileNode(Node chip) throws java.io.IOException {
        return Node.start(NodeConfig.builder(HOSTILE)
                .cookie(Cookie.of(TestNodeProperties.COOKIE))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(chip.config().epmdPort())
                .eventLoopThreads(1)
                .build());
    }

    private static void closeAll(AutoCloseable... started) throws Exception {
        for (AutoCloseable each : started) {
            if (each != null) {
                each.close();
            }
        }
    }

    @Test
    void thePageShouldDrawTheMeshShowTrafficAndDropANodeThatStops() throws Exception {
        URI page = URI.create("http://127.0.0.1:" + port + "/actuator/cluster");
        assertThat(chip.connect(full("dale"))).isTrue();
        assertThat(evil.connect(full("chip"))).isTrue();
        assertThat(erin.eval("net_adm:ping('chip@localhost')")).isEqualTo("pong");
        await().atMost(SOON)
                .until(() -> chip.nodes().size() == 3
                        && chip.nodes().stream().filter(ConnectedNode::nodemesh).count() == 2);

        String first = chromium.dumpDom(page, RENDER);
        assertThat(graphNodes(first)).contains(full("chip"), full("dale"), full("erin"));
        assertThat(first).contains("class=\"node peer nodemesh hidden\" data-node=\"dale@localhost\"");
        assertThat(first).contains("class=\"node peer beam hidden\" data-node=\"erin@localhost\"");
        assertThat(first).contains("data-process=\"orders\"");
        assertThat(first).contains("data-event=\"up\"");

        // the hostile name is text wherever it shows, and no element came from it
        assertThat(first).contains("evil@&lt;img/src=x/onerror=alert(1)&gt;");
        assertThat(first).doesNotContainPattern("<img[\\s/>]");
        assertThat(first).contains("<title>nodemesh cluster view</title>");

        for (int i = 0; i < 200; i++) {
            dale.send("orders", full("chip"), Atom.of("order"));
        }
        await().atMost(SOON).until(() -> peakMessagesPerSecond(chromium.dumpDom(page, RENDER), full("dale")) > 0);
        String screenshotPath = System.getProperty("nodemesh.dashboard.screenshot");
        Path png =
                screenshotPath != null ? Path.of(screenshotPath) : Files.createTempFile("nodemesh-dashboard-", ".png");
        try {
            chromium.screenshot(page, RENDER, png, 1280, 860);
            assertThat(Files.size(png)).isGreaterThan(10_000);
        } finally {
            if (screenshotPath == null) {
                Files.deleteIfExists(png);
            }
        }

        dale.close();
        await().atMost(SOON).until(() -> chip.nodes().size() == 2);
        String after = chromium.dumpDom(page, RENDER);
        assertThat(graphNodes(after)).contains(full("chip")).doesNotContain(full("dale"));
        assertThat(after).contains("data-event=\"down\"");
    }

    /** The data-node attributes of the graph's nodes. */
    private static List<String> graphNodes(String dom) {
        Matcher node = Pattern.compile("<g class=\"node[^\"]*\" data-node=\"([^\"]*)\"")
                .matcher(dom);
        List<String> names = new ArrayList<>();
        while (node.find()) {
            names.add(node.group(1));
        }
        return names;
    }

    private static double peakMessagesPerSecond(String dom, String node) {
        Matcher row = Pattern.compile(
                        "<tr data-node=\"" + Pattern.quote(node) + "\" data-peak-messages-per-second=\"([^\"]+)\"")
                .matcher(dom);
        return row.find() ? Double.parseDouble(row.group(1)) : 0;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {}
}

package dev.nodemesh.autoconfigure;

import static dev.nodemesh.autoconfigure.TestNodeProperties.full;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.Mailbox;
import dev.nodemesh.Node;
import dev.nodemesh.term.Atom;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The cluster view in one page of a real headless Chromium driven by Playwright, left open while
 * the cluster changes: a node that connects appears, traffic shows once messages flow, a node
 * that stops disappears, all by the page's own polling; a hostile node name never runs as script.
 * {@link ClusterViewBrowserTest} renders fresh pages with {@code --dump-dom} instead.
 */
@ChipWithClusterView
@TestPropertySource(properties = {"nodemesh.dashboard.sample-interval=250ms"})
class ClusterViewPlaywrightTest extends ActuatorHttp {

    private static final Duration SOON = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    private PlaywrightPage page;

    private Node evil;

    private Mailbox sink;

    @BeforeEach
    void launchBrowser() throws Exception {
        page = PlaywrightPage.launch();
        sink = chip.createMailbox("orders");
    }

    @AfterEach
    void closeAll() {
        if (page == null) {
            return; // skipped before anything started
        }
        try {
            if (evil != null) {
                evil.close();
            }
            sink.close();
        } finally {
            page.close();
        }
        assertThat(page.leftovers()).as("browser processes left running").isEmpty();
    }

    @Test
    void theOpenPageFollowsTheClusterAsItChanges() throws Exception {
        page.open("http://127.0.0.1:" + port + "/actuator/cluster");
        page.waitFor("g.node.self[data-node=\"" + full("chip") + "\"]", SOON);
        assertThat(page.count("g.node.peer")).isZero();

        assertThat(chip.connect(full("dale"))).isTrue();
        page.waitFor("g.node.peer.nodemesh[data-node=\"" + full("dale") + "\"]", SOON);

        evil = ClusterViewBrowserTest.startHostileNode(chip);
        assertThat(evil.connect(full("chip"))).isTrue();
        page.waitFor("g.node.peer[data-node=\"" + ClusterViewBrowserTest.HOSTILE + "\"]", SOON);

        for (int i = 0; i < 200; i++) {
            dale.createMailbox().send("orders", full("chip"), Atom.of("order"));
        }
        page.waitAttributeAbove("tr[data-node=\"" + full("dale") + "\"]", "data-peak-messages-per-second", 0, SOON);

        evil.close();
        evil = null;
        page.waitGone("g.node.peer[data-node=\"" + ClusterViewBrowserTest.HOSTILE + "\"]", SOON);
        page.waitFor("[data-event=\"down\"]", SOON);
        assertThat(page.count("g.node.peer")).isEqualTo(1);
        assertThat(page.count("img")).as("elements made from the hostile name").isZero();
        assertThat(page.problems()).as("dialogs and script errors in the page").isEmpty();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {}
}

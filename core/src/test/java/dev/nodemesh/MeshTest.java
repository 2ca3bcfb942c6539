package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Nodemesh nodes form a full mesh from one connect, and notice at once when a member goes away. */
@Slow
class MeshTest {

    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void threeNodesFormAFullMeshFromOneConnectEach() {
        Node a = nodes.start("a");
        Node b = nodes.start("b");
        Node c = nodes.start("c");

        assertThat(a.connect("b@localhost")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> names(b).contains("a@localhost"));
        assertThat(c.connect("b@localhost")).isTrue();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(names(a)).containsExactly("b@localhost", "c@localhost");
            assertThat(names(b)).containsExactly("a@localhost", "c@localhost");
            assertThat(names(c)).containsExactly("a@localhost", "b@localhost");
        });
    }

    @Test
    void nodemeshPeersAreToldApartFromBeamNodesByTheirGreeting() {
        Node a = nodes.start("a");
        Node b = nodes.start("b");

        assertThat(a.connect("b@localhost")).isTrue();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(a.nodes()).singleElement().satisfies(peer -> assertThat(peer.nodemesh())
                    .isTrue());
            assertThat(b.nodes()).singleElement().satisfies(peer -> assertThat(peer.nodemesh())
                    .isTrue());
        });
        assertThat(a.disconnect("b@localhost")).isTrue();
        assertThat(a.nodes()).isEmpty();
    }

    @Test
    void aClosedNodeIsReportedDownToItsPeersAtOnce() throws Exception {
        Node a = nodes.start("a");
        Node b = nodes.start("b");
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        a.addStatusListener(new NodeStatusListener() {
            @Override
            public void nodeUp(NodeName node, boolean visible) {
                events.add("up " + node);
            }

            @Override
            public void nodeDown(NodeName node, NodeDownReason reason) {
                events.add("down " + node + " " + reason);
            }
        });

        assertThat(a.connect("b@localhost")).isTrue();
        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("up b@localhost");
        long before = System.nanoTime();
        b.close();

        assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("down b@localhost CONNECTION_CLOSED");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
        assertThat(a.nodes()).isEmpty();
    }

    @Test
    void disconnectIsReportedWithItsReason() throws Exception {
        Node a = nodes.start("a");
        nodes.start("b");
        BlockingQueue<NodeDownReason> downs = new LinkedBlockingQueue<>();
        a.addStatusListener(new NodeStatusListener() {
            @Override
            public void nodeDown(NodeName node, NodeDownReason reason) {
                downs.add(reason);
            }
        });

        assertThat(a.connect("b@localhost")).isTrue();
        assertThat(a.disconnect("b@localhost")).isTrue();

        assertThat(downs.poll(5, TimeUnit.SECONDS)).isEqualTo(NodeDownReason.DISCONNECT);
    }

    private static List<String> names(Node node) {
        return node.nodes().stream().map(n -> n.name().toString()).toList();
    }
}

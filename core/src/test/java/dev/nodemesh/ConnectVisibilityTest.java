package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Once {@code connect} returns true on one node, the other lists it too: the accepting side enters
 * the connection in its table before it sends the handshake's last message.
 */
@Slow
class ConnectVisibilityTest {

    private static final int CYCLES = 100;

    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void theAcceptingNodeListsThePeerAsSoonAsConnectReturns() {
        Node a = nodes.start("a");
        Node b = nodes.start("b");

        for (int cycle = 0; cycle < CYCLES; cycle++) {
            assertThat(a.connect("b@localhost")).isTrue();
            assertThat(b.nodes())
                    .as("b's nodes right after a's connect returned, cycle %d", cycle)
                    .extracting(node -> node.name().toString())
                    .containsExactly("a@localhost");

            assertThat(a.disconnect("b@localhost")).isTrue();
            await().pollInterval(Duration.ofMillis(5))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> b.nodes().isEmpty());
        }
    }
}

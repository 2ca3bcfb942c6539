package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.testsupport.Slow;
import dev.nodemesh.testsupport.TestPorts;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A dial whose TCP connect is refused (a peer without EPMD that does not listen yet) fails at
 * once and leaves nothing behind: the next attempt dials again, and connects once the peer
 * listens. Before the fix, the refused socket stayed the peer's attempt, so {@code connect} waited
 * its whole time and every later attempt waited on the dead one.
 */
@Slow
class RefusedDialTest {

    /** Long, so that a hanging attempt shows: a refused connect must not wait for it. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);

    private static final Duration FAST = Duration.ofSeconds(5);

    private final List<Node> started = new ArrayList<>();

    @AfterEach
    void close() {
        started.forEach(Node::close);
    }

    @Test
    void aRefusedConnectFailsAtOnceAndTheNextAttemptDialsAgain() throws Exception {
        int chipPort = TestPorts.freePort();
        int dalePort = TestPorts.freePort();
        Node chip = start(config("chip", chipPort).peer("dale@localhost", dalePort));

        for (int attempt = 0; attempt < 2; attempt++) {
            long start = System.nanoTime();
            assertThat(chip.connect("dale@localhost")).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
            assertThat(chip.connectFailure(NodeName.parse("dale@localhost")))
                    .hasValueSatisfying(reason -> assertThat(reason).contains("cannot connect to"));
        }

        start(config("dale", dalePort).peer("chip@localhost", chipPort));
        assertThat(chip.connect("dale@localhost")).isTrue();
    }

    private Node start(NodeConfig.Builder config) throws Exception {
        Node node = Node.start(config.build());
        started.add(node);
        return node;
    }

    private static NodeConfig.Builder config(String alive, int port) {
        return NodeConfig.builder(alive + "@localhost")
                .cookie(Cookie.of(TestNodes.COOKIE))
                .listen(InetAddress.getLoopbackAddress(), port)
                .epmdMode(EpmdMode.NONE)
                .handshakeTimeout(HANDSHAKE_TIMEOUT);
    }
}

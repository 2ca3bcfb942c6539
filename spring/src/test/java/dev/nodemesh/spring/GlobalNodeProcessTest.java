package dev.nodemesh.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.CallException;
import dev.nodemesh.Cookie;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.mapping.TermMapper;
import dev.nodemesh.testsupport.TestPorts;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code @NodeProcess(value = "orders", global = true)}: the bean's mailbox takes its name in
 * global too, another node calls it with {@link NodeTemplate#callGlobal}, and a second instance of
 * the process on another node keeps its local name only.
 */
class GlobalNodeProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @NodeProcess(value = "orders", global = true)
    static class Orders {
        @OnMessage
        String order(String item) {
            return "ordered " + item;
        }
    }

    private static NodeConfig.Builder config(String alive, int epmdPort) {
        return NodeConfig.builder(alive + "@localhost")
                .cookie(Cookie.of("nodemesh-test-cookie"))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(epmdPort)
                .visible(true);
    }

    @Test
    void aGlobalProcessIsCalledByItsGlobalNameFromAnotherNode() throws Exception {
        int epmdPort = TestPorts.freePort();
        try (Node chip = Node.start(config("chip", epmdPort).build());
                Node dale = Node.start(config("dale", epmdPort).build())) {
            assertThat(dale.connect("chip@localhost")).isTrue();
            await().atMost(WAIT).until(() -> chip.global().syncedNodes().size() == 1);
            NodeProcessRegistrar onChip = new NodeProcessRegistrar(() -> chip, TermMapper::standard, 0);
            onChip.postProcessAfterInitialization(new Orders(), "orders");
            onChip.start();
            NodeProcessRegistrar onDale = new NodeProcessRegistrar(() -> dale, TermMapper::standard, 0);
            onDale.postProcessAfterInitialization(new Orders(), "orders");
            try {
                NodeTemplate fromDale = new NodeTemplate(dale, TermMapper.standard(), WAIT, d -> {});
                assertThat(dale.global().whereis("orders"))
                        .isEqualTo(onChip.mailbox("orders").map(m -> m.pid()));
                assertThat(fromDale.callGlobal("orders", "pizza", String.class)).isEqualTo("ordered pizza");

                onDale.start();
                assertThat(dale.whereis("orders")).isPresent();
                assertThat(dale.global().whereis("orders"))
                        .isEqualTo(onChip.mailbox("orders").map(m -> m.pid()));

                assertThatThrownBy(() -> fromDale.callGlobal("nobody", "x", String.class))
                        .isInstanceOfSatisfying(
                                CallException.class, e -> assertThat(e.reason()).isEqualTo(Atom.of("noproc")));
            } finally {
                onDale.stop();
                onChip.stop();
            }
        }
    }
}

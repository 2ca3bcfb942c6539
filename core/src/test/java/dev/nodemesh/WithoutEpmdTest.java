package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Atom;
import dev.nodemesh.testsupport.Slow;
import dev.nodemesh.testsupport.TestPorts;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Nodes that run without EPMD find each other through configured ports; failures are reported by kind. */
@Slow
class WithoutEpmdTest {

    private final List<Node> started = new ArrayList<>();

    @AfterEach
    void close() {
        started.forEach(Node::close);
    }

    @Test
    void nodesWithFixedPortsConnectWithoutEpmd() throws Exception {
        int chipPort = TestPorts.freePort();
        int dalePort = TestPorts.freePort();
        Node chip = start(config("chip", chipPort).peer("dale@localhost", dalePort));
        Node dale = start(config("dale", dalePort).peer("chip@localhost", chipPort));
        Mailbox inbox = chip.createMailbox("my_iex");

        dale.createMailbox().send("my_iex", "chip@localhost", Atom.of("hello_without_epmd"));

        assertThat(inbox.receive(Duration.ofSeconds(5))).contains(Atom.of("hello_without_epmd"));
        assertThat(chip.hostsEmbeddedEpmd()).isFalse();
        assertThat(dale.connect("nobody@localhost")).isFalse();
        assertThat(dale.connectFailure(NodeName.parse("nobody@localhost")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("no port is configured"));
    }

    @Test
    void portsLearnedAtRunTimeShouldBeDialledInPlaceOfConfiguredOnes() throws Exception {
        int chipPort = TestPorts.freePort();
        Node chip = start(config("chip", chipPort));
        Node dale = start(config("dale", TestPorts.freePort()).peer("chip@localhost", TestPorts.freePort()));
        NodeName chipName = NodeName.parse("chip@localhost");

        dale.learnPeerPort(chipName, chipPort);
        assertThat(dale.connect(chipName))
                .as("the learned port, not the configured one")
                .isTrue();
        assertThatThrownBy(() -> dale.learnPeerPort(chipName, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aForgottenPortShouldNoLongerBeDialled() throws Exception {
        int chipPort = TestPorts.freePort();
        start(config("chip", chipPort));
        Node dale = start(config("dale", TestPorts.freePort()));
        NodeName chipName = NodeName.parse("chip@localhost");

        dale.learnPeerPort(chipName, chipPort);
        dale.forgetPeerPort(chipName);

        assertThat(dale.connect(chipName)).isFalse();
        assertThat(dale.connectFailure(chipName))
                .hasValueSatisfying(reason -> assertThat(reason).contains("no port is configured"));
    }

    @Test
    void aNodeWithEpmdHasNoPortsToLearn() throws Exception {
        Node chip = start(NodeConfig.builder("chip@localhost")
                .cookie(Cookie.of(TestNodes.COOKIE))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(TestPorts.freePort())
                .eventLoopThreads(1));
        assertThatThrownBy(() -> chip.learnPeerPort(NodeName.parse("dale@localhost"), 4370))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without EPMD");
    }

    @Test
    void aNodeWithoutEpmdNeedsAFixedPort() {
        assertThatThrownBy(() -> config("chip", 0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fixed listen port");
    }

    @Test
    void failedAttemptsAreReportedWithAStableKind() throws Exception {
        int chipPort = TestPorts.freePort();
        int intruderPort = TestPorts.freePort();
        Node chip = start(config("chip", chipPort).peer("intruder@localhost", intruderPort));
        Node intruder = start(config("intruder", intruderPort)
                .cookie(Cookie.of("wrong"))
                .peer("chip@localhost", chipPort)
                .peer("ghost@localhost", TestPorts.freePort()));
        BlockingQueue<ConnectionFailure> atChip = new LinkedBlockingQueue<>();
        BlockingQueue<ConnectionFailure> atIntruder = new LinkedBlockingQueue<>();
        chip.addStatusListener(new NodeStatusListener() {
            @Override
            public void connectionFailed(ConnectionFailure failure) {
                atChip.add(failure);
            }
        });
        intruder.addStatusListener(new NodeStatusListener() {
            @Override
            public void connectionFailed(ConnectionFailure failure) {
                atIntruder.add(failure);
            }
        });

        assertThat(intruder.connect("chip@localhost")).isFalse();
        ConnectionFailure wrongCookie = atChip.poll(5, TimeUnit.SECONDS);
        assertThat(wrongCookie.kind()).isEqualTo("bad_digest");
        assertThat(wrongCookie.incoming()).isTrue();
        assertThat(wrongCookie.node()).contains(NodeName.parse("intruder@localhost"));
        assertThat(wrongCookie.detail()).doesNotContain("wrong").doesNotContain(TestNodes.COOKIE);

        assertThat(intruder.connect("ghost@localhost")).isFalse();
        ConnectionFailure unreachable;
        do {
            unreachable = atIntruder.poll(5, TimeUnit.SECONDS);
            assertThat(unreachable).as("a failure event for ghost@localhost").isNotNull();
        } while (!unreachable.node().map(n -> n.alive().equals("ghost")).orElse(false));
        assertThat(unreachable.kind()).isEqualTo("unreachable");
        assertThat(unreachable.incoming()).isFalse();
    }

    private Node start(NodeConfig.Builder config) throws Exception {
        Node node = Node.start(config.build());
        started.add(node);
        return node;
    }

    /**
     * A dial whose TCP connect is refused (the peer does not listen yet) fails at once and leaves
     * nothing behind: the next attempt dials again, and connects once the peer listens. With a long
     * handshake timeout, so that an attempt left hanging would show.
     */
    @Test
    void aRefusedConnectFailsAtOnceAndTheNextAttemptDialsAgain() throws Exception {
        int chipPort = TestPorts.freePort();
        int dalePort = TestPorts.freePort();
        Node chip = start(config("chip", chipPort)
                .handshakeTimeout(Duration.ofSeconds(20))
                .peer("dale@localhost", dalePort));

        for (int attempt = 0; attempt < 2; attempt++) {
            long start = System.nanoTime();
            assertThat(chip.connect("dale@localhost")).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(chip.connectFailure(NodeName.parse("dale@localhost")))
                    .hasValueSatisfying(reason -> assertThat(reason).contains("cannot connect to"));
        }

        start(config("dale", dalePort).peer("chip@localhost", chipPort));
        assertThat(chip.connect("dale@localhost")).isTrue();
    }

    private static NodeConfig.Builder config(String alive, int port) {
        return NodeConfig.builder(alive + "@localhost")
                .cookie(Cookie.of(TestNodes.COOKIE))
                .listen(InetAddress.getLoopbackAddress(), port)
                .epmdMode(EpmdMode.NONE)
                .handshakeTimeout(Duration.ofSeconds(3))
                .eventLoopThreads(1);
    }
}

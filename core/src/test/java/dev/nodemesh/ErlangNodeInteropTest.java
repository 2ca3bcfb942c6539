package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.epmd.EpmdClient;
import dev.nodemesh.term.Atom;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A nodemesh node and a real {@code erl} node: EPMD, cookies, ping, liveness. */
@Interop
class ErlangNodeInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestNodes nodes = new TestNodes();
    private BeamNode erl;

    @BeforeEach
    void requireErl() {
        ErlangRuntime.requireErl();
    }

    @AfterEach
    void stop() {
        if (erl != null) {
            erl.close();
        }
        nodes.close();
    }

    @Test
    void erlRegistersWithTheEmbeddedEpmdAndBothFindEachOther() throws Exception {
        Node chip = nodes.start("chip");
        assertThat(chip.hostsEmbeddedEpmd()).isTrue();
        erl = BeamNode.erl("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());

        EpmdClient epmd = new EpmdClient(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), nodes.epmdPort()), Duration.ofSeconds(2));
        assertThat(epmd.names()).containsKeys("chip", "dale");
        assertThat(erl.eval("{ok, Names} = net_adm:names(\"localhost\"), lists:sort([N || {N, _} <- Names])"))
                .isEqualTo("[\"chip\",\"dale\"]");

        assertThat(erl.eval("net_adm:ping('chip@localhost')")).isEqualTo("pong");
        assertThat(erl.eval("nodes(hidden)")).isEqualTo("[chip@localhost]");
        assertThat(chip.ping("dale@localhost")).isEqualTo(PingResult.PONG);
        // erl has no mesh process: it dropped chip's greeting and sent none
        assertThat(chip.nodes()).singleElement().satisfies(peer -> assertThat(peer.nodemesh())
                .isFalse());
    }

    @Test
    void aWrongCookieIsRefusedFromErlToNodemesh() {
        Node chip = nodes.start("chip");
        erl = BeamNode.erl("dale@localhost", "wrong-cookie", nodes.epmdPort());

        assertThat(erl.eval("net_kernel:connect_node('chip@localhost')")).isEqualTo("false");
        assertThat(chip.nodes()).isEmpty();
        assertThat(erl.eval("nodes(connected)")).isEqualTo("[]");
    }

    @Test
    void aWrongCookieIsRefusedFromNodemeshToErl() {
        Node chip = nodes.start("chip");
        erl = BeamNode.erl("dale@localhost", "wrong-cookie", nodes.epmdPort());

        assertThat(chip.connect("dale@localhost")).isFalse();
        assertThat(chip.connectFailure(NodeName.parse("dale@localhost")))
                .hasValueSatisfying(failure -> assertThat(failure)
                        .contains("right after our challenge reply")
                        .contains("another cookie")
                        .doesNotContain("wrong-cookie"));
        assertThat(erl.eval("nodes(connected)")).isEqualTo("[]");
    }

    @Test
    void aPeerThatStopsAnsweringIsDroppedWithinTheTickBounds() throws Exception {
        Duration tickTime = Duration.ofSeconds(2);
        Node chip = nodes.start(nodes.config("chip").tickTime(tickTime));
        erl = BeamNode.erl("dale@localhost", TestNodes.COOKIE, nodes.epmdPort(), "-kernel", "net_ticktime", "60");
        BlockingQueue<NodeDownReason> downs = new LinkedBlockingQueue<>();
        chip.addStatusListener(new NodeStatusListener() {
            @Override
            public void nodeDown(NodeName node, NodeDownReason reason) {
                downs.add(reason);
            }
        });
        assertThat(chip.connect("dale@localhost")).isTrue();

        long frozenAt = System.nanoTime();
        signal("STOP", erl.process().pid());
        try {
            NodeDownReason reason = downs.poll(10, TimeUnit.SECONDS);
            Duration detectedAfter = Duration.ofNanos(System.nanoTime() - frozenAt);
            assertThat(reason).isEqualTo(NodeDownReason.NET_TICK_TIMEOUT);
            assertThat(detectedAfter).isBetween(tickTime.minus(tickTime.dividedBy(4)), tickTime.multipliedBy(2));
        } finally {
            signal("CONT", erl.process().pid());
        }
    }

    @Test
    void erlSendsToARegisteredMailboxAndReconnectsAfterDisconnect() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox myIex = chip.createMailbox("my_iex");
        erl = BeamNode.erl("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());

        erl.eval("{my_iex, 'chip@localhost'} ! hello_from_dale");
        assertThat(myIex.receive(WAIT)).contains(Atom.of("hello_from_dale"));
        assertThat(erl.eval("erlang:disconnect_node('chip@localhost')")).isEqualTo("true");
        await().atMost(WAIT).until(() -> chip.nodes().isEmpty());
        erl.eval("{my_iex, 'chip@localhost'} ! hello_again");
        assertThat(myIex.receive(WAIT)).contains(Atom.of("hello_again"));
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}

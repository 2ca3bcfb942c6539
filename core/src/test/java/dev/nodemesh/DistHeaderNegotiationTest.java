package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.dist.Connection;
import dev.nodemesh.dist.DistFraming;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two nodemesh nodes agree on the framing from the flags both announce: the distribution header
 * when both have {@link NodeConfig.Builder#distHeaderAtomCache} on, pass-through in both directions
 * when either has it off; messages flow either way.
 */
@Slow
class DistHeaderNegotiationTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void close() {
        nodes.close();
    }

    private static Connection connection(Node node, String peer) {
        return node.runtime()
                .connections()
                .connection(Atom.of(TestNodes.full(peer)))
                .orElseThrow(() -> new AssertionError(node.name() + " is not connected to " + peer));
    }

    /** dale connects to chip; a message goes each way; returns the framing both sides agreed on. */
    private DistFraming connectAndExchange(Node chip, Node dale) throws InterruptedException {
        Mailbox chipInbox = chip.createMailbox("inbox");
        Mailbox daleInbox = dale.createMailbox();
        assertThat(dale.connect(TestNodes.full("chip"))).isTrue();
        await().atMost(WAIT).until(() -> chip.runtime()
                .connections()
                .connection(Atom.of("dale@localhost"))
                .isPresent());

        daleInbox.send("inbox", TestNodes.full("chip"), Tuple.of(daleInbox.pid(), Atom.of("ping")));
        Tuple ping = (Tuple) chipInbox.receive(WAIT).orElseThrow();
        assertThat(ping.get(1)).isEqualTo(Atom.of("ping"));
        chipInbox.send((Pid) ping.get(0), Tuple.of(Atom.of("pong"), chipInbox.pid()));
        assertThat(daleInbox.receive(WAIT)).contains(Tuple.of(Atom.of("pong"), chipInbox.pid()));

        DistFraming framing = connection(chip, "dale").framing();
        assertThat(connection(dale, "chip").framing()).isEqualTo(framing);
        return framing;
    }

    @Test
    void bothWithTheAtomCacheUseTheDistributionHeader() throws InterruptedException {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        assertThat(chip.config().distHeaderAtomCache()).isTrue();

        assertThat(connectAndExchange(chip, dale)).isEqualTo(DistFraming.DISTRIBUTION_HEADER);
        // a send names its control message's atoms through the sender's cache: the first fills
        // the peer's cache, the next one hits it
        long hits = connection(chip, "dale").atomCacheHits();
        Mailbox daleInbox = dale.createMailbox();
        Mailbox chipInbox = chip.createMailbox("again");
        daleInbox.send("again", TestNodes.full("chip"), Atom.of("once"));
        daleInbox.send("again", TestNodes.full("chip"), Atom.of("twice"));
        assertThat(chipInbox.receive(WAIT)).contains(Atom.of("once"));
        assertThat(chipInbox.receive(WAIT)).contains(Atom.of("twice"));
        assertThat(connection(chip, "dale").atomCacheHits())
                .as("the second send's node name, '' and registered name")
                .isGreaterThanOrEqualTo(hits + 3);
    }

    @ParameterizedTest(name = "without the atom cache: {0}")
    @ValueSource(strings = {"chip", "dale", "both"})
    void eitherSideWithoutTheAtomCacheMakesBothUsePassThrough(String without) throws InterruptedException {
        Node chip = nodes.start(nodes.config("chip").distHeaderAtomCache(without.equals("dale")));
        Node dale = nodes.start(nodes.config("dale").distHeaderAtomCache(without.equals("chip")));

        assertThat(connectAndExchange(chip, dale)).isEqualTo(DistFraming.PASS_THROUGH);
    }
}

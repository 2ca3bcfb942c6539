package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.dist.Connection;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seed chapter's walkthrough between two nodemesh nodes, chip and dale, in one JVM. */
@Slow
class NodeWalkthroughTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void chipAndDaleConnectListSendDisconnectAndReconnectBySending() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox myIex = chip.createMailbox("my_iex");

        assertThat(dale.connect("chip@localhost")).isTrue();
        assertThat(names(dale)).containsExactly("chip@localhost");
        await().atMost(WAIT).until(() -> names(chip).contains("dale@localhost"));
        assertThat(dale.nodes().get(0).visible()).isFalse();

        Mailbox daleShell = dale.createMailbox();
        daleShell.send("my_iex", "chip@localhost", Atom.of("hello_from_dale"));
        assertThat(myIex.receive(WAIT)).contains(Atom.of("hello_from_dale"));

        assertThat(dale.disconnect("chip@localhost")).isTrue();
        assertThat(dale.nodes()).isEmpty();
        await().atMost(WAIT).until(() -> chip.nodes().isEmpty());
        assertThat(dale.disconnect("chip@localhost")).isFalse();

        daleShell.send("my_iex", "chip@localhost", Atom.of("hello_again"));
        assertThat(myIex.receive(WAIT)).contains(Atom.of("hello_again"));
        // the connection flushes queued sends before it enters the table (noted on issue 12)
        await().atMost(WAIT).untilAsserted(() -> assertThat(names(dale)).containsExactly("chip@localhost"));
    }

    @Test
    void repliesGoToTheSendersPid() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox echo = chip.createMailbox("echo");
        Mailbox caller = dale.createMailbox();

        caller.send("echo", "chip@localhost", Tuple.of(caller.pid(), Atom.of("ping")));
        Term request = echo.receive(WAIT).orElseThrow();
        Pid from = (Pid) ((Tuple) request).get(0);
        assertThat(from).isEqualTo(caller.pid());
        echo.send(from, Atom.of("pong"));

        assertThat(caller.receive(WAIT)).contains(Atom.of("pong"));
    }

    @Test
    void messagesFromOneProcessArriveInTheOrderSent() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox sink = chip.createMailbox("sink");
        Mailbox source = dale.createMailbox();

        int count = 20_000;
        for (int i = 0; i < count; i++) {
            source.send("sink", "chip@localhost", Int.of(i));
        }
        for (int i = 0; i < count; i++) {
            assertThat(sink.receive(WAIT)).contains(Int.of(i));
        }
    }

    @Test
    void messagesWrittenAtOnceAndBatchedStayInOrder() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox sink = chip.createMailbox("sink");
        Mailbox source = dale.createMailbox();

        int next = 0;
        for (int round = 0; round < 100; round++) {
            // One message after a pause (written at once by this thread), then a burst (batched).
            source.send("sink", "chip@localhost", Int.of(next++));
            assertThat(sink.receive(WAIT)).contains(Int.of(next - 1));
            int burstStart = next;
            for (int i = 0; i < 50; i++) {
                source.send("sink", "chip@localhost", Int.of(next++));
            }
            for (int i = burstStart; i < next; i++) {
                assertThat(sink.receive(WAIT)).contains(Int.of(i));
            }
        }
        Connection toChip = dale.runtime()
                .connections()
                .connection(Atom.of("chip@localhost"))
                .orElseThrow();
        assertThat(toChip.directWrites()).isPositive().isLessThan(toChip.messagesOut());
    }

    @Test
    void theFewPacketsOfOneExchangeAreWrittenAtOnce() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox sink = chip.createMailbox("sink");
        Mailbox source = dale.createMailbox();
        source.send("sink", "chip@localhost", Int.of(0));
        assertThat(sink.receive(WAIT)).contains(Int.of(0));
        // the dialling side lists the connection once the packets queued during set-up are written
        Connection toChip = await().until(
                        () -> dale.runtime().connections().connection(Atom.of("chip@localhost")), Optional::isPresent)
                .orElseThrow();
        long before = toChip.directWrites();

        // A pause, then three packets back to back, as a call sends its demonitor, the next
        // call's monitor and its request: none of them waits for the event loop.
        LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        for (int i = 1; i <= 3; i++) {
            source.send("sink", "chip@localhost", Int.of(i));
        }

        assertThat(toChip.directWrites() - before).isEqualTo(3);
        for (int i = 1; i <= 3; i++) {
            assertThat(sink.receive(WAIT)).contains(Int.of(i));
        }
    }

    @Test
    void withDirectWritesOffEveryPacketGoesThroughTheEventLoop() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start(nodes.config("dale").directWrites(false));
        Mailbox sink = chip.createMailbox("sink");
        Mailbox source = dale.createMailbox();

        for (int i = 0; i < 20; i++) {
            source.send("sink", "chip@localhost", Int.of(i));
            assertThat(sink.receive(WAIT)).contains(Int.of(i));
        }
        Connection toChip = dale.runtime()
                .connections()
                .connection(Atom.of("chip@localhost"))
                .orElseThrow();
        assertThat(toChip.messagesOut()).isGreaterThanOrEqualTo(20);
        assertThat(toChip.directWrites()).isZero();
    }

    @Test
    void selectiveReceiveLeavesOtherMessagesInOrder() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox box = chip.createMailbox();
        box.send(box.pid(), Atom.of("a"));
        box.send(box.pid(), Int.of(1));
        box.send(box.pid(), Atom.of("b"));

        assertThat(box.receive(m -> m instanceof Int, WAIT)).contains(Int.of(1));
        assertThat(box.receive(WAIT)).contains(Atom.of("a"));
        assertThat(box.receive(WAIT)).contains(Atom.of("b"));
        assertThat(box.receive(Duration.ZERO)).isEmpty();
    }

    @Test
    void pingAnswersPongForALiveNodeAndPangOtherwise() {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");

        assertThat(dale.ping("chip@localhost")).isEqualTo(PingResult.PONG);
        assertThat(dale.ping("nobody@localhost")).isEqualTo(PingResult.PANG);
        assertThat(chip.ping("chip@localhost")).isEqualTo(PingResult.PONG);
    }

    @Test
    void connectingToAnUnknownNodeReturnsFalseWithAReason() {
        Node dale = nodes.start("dale");

        assertThat(dale.connect("nobody@localhost")).isFalse();
        assertThat(dale.connectFailure(NodeName.parse("nobody@localhost")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("nobody"));
    }

    @Test
    void aWrongCookieIsRefusedBothWaysWithoutLeakingTheCookie() {
        Node chip = nodes.start("chip");
        Node intruder = nodes.start(nodes.config("intruder").cookie(Cookie.of("not-the-cookie")));

        assertThat(intruder.connect("chip@localhost")).isFalse();
        // a failed attempt by a stranger is not remembered under the name it gave
        assertThat(chip.connectFailure(NodeName.parse("intruder@localhost"))).isEmpty();
        assertThat(chip.connect("intruder@localhost")).isFalse();
        assertThat(intruder.connectFailure(NodeName.parse("chip@localhost")))
                .hasValueSatisfying(reason ->
                        assertThat(reason).doesNotContain(TestNodes.COOKIE).doesNotContain("not-the-cookie"));
        assertThat(chip.nodes()).isEmpty();
        assertThat(intruder.nodes()).isEmpty();
    }

    @Test
    void registeredNamesAreUniquePerNode() {
        Node chip = nodes.start("chip");
        Mailbox first = chip.createMailbox("greeter");

        Mailbox second = chip.createMailbox();
        assertThat(chip.register("greeter", second)).isFalse();
        assertThat(chip.whereis("greeter")).contains(first.pid());
        first.close();
        assertThat(chip.whereis("greeter")).isEmpty();
        assertThat(chip.register("greeter", second)).isTrue();
        assertThat(chip.unregister("greeter")).isTrue();
        assertThat(chip.whereis("greeter")).isEqualTo(Optional.empty());
    }

    @Test
    void nothingIsDeliveredToAPidOfAnEarlierIncarnation() throws Exception {
        Node dale = nodes.start("dale");
        Node chip = nodes.start("chip");
        Mailbox old = chip.createMailbox("target");
        Pid oldPid = old.pid();
        Mailbox sender = dale.createMailbox();
        sender.send(oldPid, Atom.of("first"));
        assertThat(old.receive(WAIT)).contains(Atom.of("first"));

        chip.close();
        await().atMost(WAIT).until(() -> dale.nodes().isEmpty());
        Node chipAgain = nodes.start("chip");
        assertThat(chipAgain.creation()).isNotEqualTo(oldPid.creation());
        Mailbox reborn = chipAgain.createMailbox("target");

        sender.send(oldPid, Atom.of("stale"));
        sender.send("target", "chip@localhost", Atom.of("fresh"));
        assertThat(reborn.receive(WAIT)).contains(Atom.of("fresh"));
        assertThat(reborn.receive(Duration.ZERO)).isEmpty();
    }

    private static java.util.List<String> names(Node node) {
        return node.nodes().stream().map(n -> n.name().toString()).toList();
    }
}

package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bounded mailboxes: drop the newest and count, or refuse local sends; never hold up a connection. */
@Slow
class MailboxCapacityTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void mailboxesAreBoundedByTheNodesDefaultUnlessTheirOptionsSayOtherwise() {
        Node chip = nodes.start("chip");
        Node dale = nodes.start(nodes.config("dale").defaultMailboxCapacity(500));

        assertThat(chip.createMailbox().capacity()).isEqualTo(NodeConfig.DEFAULT_MAILBOX_CAPACITY);
        assertThat(dale.createMailbox().capacity()).isEqualTo(500);
        assertThat(dale.createMailbox(MailboxOptions.builder().capacity(7).build())
                        .capacity())
                .isEqualTo(7);
    }

    @Test
    void aFullMailboxDropsTheNewestMessagesAndCountsThem() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox small = chip.createMailbox(MailboxOptions.builder()
                .name("small")
                .capacity(10)
                .overflowPolicy(OverflowPolicy.DROP_NEWEST)
                .build());

        for (int i = 0; i < 15; i++) {
            chip.send(small.pid(), Int.of(i));
        }

        assertThat(small.size()).isEqualTo(10);
        assertThat(small.droppedMessages()).isEqualTo(5);
        for (int i = 0; i < 10; i++) {
            assertThat(small.receive(Duration.ZERO)).contains(Int.of(i));
        }
        assertThat(small.receive(Duration.ZERO)).isEmpty();
        chip.send("small", "chip@localhost", Atom.of("room again"));
        assertThat(small.receive(Duration.ZERO)).contains(Atom.of("room again"));
    }

    @Test
    void aFullMailboxThatRefusesMakesLocalSendsThrow() throws Exception {
        Node chip = nodes.start(nodes.config("chip").defaultOverflowPolicy(OverflowPolicy.REFUSE));
        Mailbox small = chip.createMailbox(
                MailboxOptions.builder().name("small").capacity(3).build());
        Mailbox sender = chip.createMailbox();
        for (int i = 0; i < 3; i++) {
            sender.send(small.pid(), Int.of(i));
        }

        assertThatThrownBy(() -> sender.send(small.pid(), Int.of(3)))
                .isInstanceOfSatisfying(MailboxFullException.class, e -> {
                    assertThat(e.mailbox()).isEqualTo(small.pid());
                    assertThat(e.capacity()).isEqualTo(3);
                });
        assertThatThrownBy(() -> sender.send("small", "chip@localhost", Int.of(3)))
                .isInstanceOf(MailboxFullException.class);
        assertThatThrownBy(() -> chip.send(small.pid(), Int.of(3))).isInstanceOf(MailboxFullException.class);
        assertThat(small.droppedMessages()).isZero();

        assertThat(small.receive(Duration.ZERO)).contains(Int.of(0));
        sender.send(small.pid(), Int.of(3));
        assertThat(small.size()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(OverflowPolicy.class)
    void remoteSendsToAFullMailboxWithASlowHandlerAreDroppedWithoutHoldingUpTheConnection(OverflowPolicy policy)
            throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        int capacity = 1_000;
        CountDownLatch firstEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        Mailbox slow = chip.createMailbox(MailboxOptions.builder()
                .name("slow")
                .capacity(capacity)
                .overflowPolicy(policy)
                .handler((message, self) -> {
                    firstEntered.countDown();
                    release.await();
                    handled.incrementAndGet();
                })
                .build());
        Mailbox sender = dale.createMailbox();
        sender.send("slow", "chip@localhost", Atom.of("first"));
        assertThat(firstEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < capacity + 100; i++) {
            sender.send("slow", "chip@localhost", Int.of(i));
        }

        await().atMost(WAIT).until(() -> slow.droppedMessages() == 100);
        assertThat(slow.size()).isEqualTo(capacity);
        assertThat(release.getCount()).isEqualTo(1);
        Mailbox probe = chip.createMailbox("probe");
        sender.send("probe", "chip@localhost", Atom.of("the connection still flows"));
        assertThat(probe.receive(WAIT)).contains(Atom.of("the connection still flows"));

        release.countDown();
        await().atMost(WAIT).until(() -> handled.get() == capacity + 1);
        assertThat(slow.size()).isZero();
        assertThat(slow.droppedMessages()).isEqualTo(100);
    }

    @Test
    void remoteSendsToAFullBlockingMailboxThatRefusesAreDroppedAndCounted() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox small = chip.createMailbox(MailboxOptions.builder()
                .name("small")
                .capacity(5)
                .overflowPolicy(OverflowPolicy.REFUSE)
                .build());
        Mailbox sender = dale.createMailbox();

        for (int i = 0; i < 8; i++) {
            sender.send("small", "chip@localhost", Int.of(i));
        }

        await().atMost(WAIT).until(() -> small.droppedMessages() == 3);
        List<Term> received = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            received.add(small.receive(Duration.ZERO).orElseThrow());
        }
        assertThat(received).containsExactly(Int.of(0), Int.of(1), Int.of(2), Int.of(3), Int.of(4));
    }

    @Test
    void mailboxesAreBoundedInBytesByTheNodesDefaultUnlessTheirOptionsSayOtherwise() {
        Node chip = nodes.start("chip");
        Node dale = nodes.start(nodes.config("dale").defaultMailboxMaxBytes(100_000));

        assertThat(chip.createMailbox().maxBytes()).isEqualTo(NodeConfig.DEFAULT_MAILBOX_MAX_BYTES);
        assertThat(NodeConfig.DEFAULT_MAILBOX_MAX_BYTES).isEqualTo(16L << 20);
        assertThat(dale.createMailbox().maxBytes()).isEqualTo(100_000);
        assertThat(dale.createMailbox(MailboxOptions.builder().maxBytes(5_000).build())
                        .maxBytes())
                .isEqualTo(5_000);
    }

    @Test
    void theByteBoundDropsLocalSendsBeforeTheCountBoundAndTakingReleasesTheBytes() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox small = chip.createMailbox(
                MailboxOptions.builder().capacity(1_000).maxBytes(10_000).build());

        for (int i = 0; i < 20; i++) {
            chip.send(small.pid(), Binary.of(new byte[1_000]));
        }

        assertThat(small.size()).isBetween(9, 10);
        assertThat(small.droppedMessages()).isEqualTo(20 - small.size());
        assertThat(small.queuedBytes()).isBetween(9_000L, 10_000L);
        int queued = small.size();
        for (int i = 0; i < queued; i++) {
            assertThat(small.receive(Duration.ZERO)).isPresent();
        }
        assertThat(small.queuedBytes()).isZero();
        chip.send(small.pid(), Binary.of(new byte[1_000]));
        assertThat(small.size()).isEqualTo(1);
    }

    @Test
    void theByteBoundDropsMessagesFromOtherNodesCountingTheirWireSize() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox inbox = chip.createMailbox(
                MailboxOptions.builder().name("inbox").maxBytes(64 * 1024).build());
        Mailbox sender = dale.createMailbox();

        for (int i = 0; i < 200; i++) {
            sender.send("inbox", "chip@localhost", Binary.of(new byte[1_024]));
        }
        Mailbox probe = chip.createMailbox("probe");
        sender.send("probe", "chip@localhost", Atom.of("after the flood"));
        assertThat(probe.receive(WAIT)).contains(Atom.of("after the flood"));

        // each payload took its 1,024 bytes, a 5-byte binary header and, in pass-through framing, a version byte
        long perMessage = inbox.queuedBytes() / inbox.size();
        assertThat(perMessage).isIn(1_029L, 1_030L);
        assertThat(inbox.queuedBytes()).isEqualTo(inbox.size() * perMessage);
        assertThat(inbox.size()).isEqualTo((int) (64 * 1024 / perMessage));
        assertThat(inbox.droppedMessages()).isEqualTo(200 - inbox.size());
        while (inbox.receive(Duration.ZERO).isPresent()) {
            // take them all
        }
        assertThat(inbox.queuedBytes()).isZero();
    }

    @Test
    void aMailboxThatRefusesRefusesBeyondItsByteBoundAndSignalsStillGetIn() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox small = chip.createMailbox(MailboxOptions.builder()
                .maxBytes(2_000)
                .overflowPolicy(OverflowPolicy.REFUSE)
                .build());
        Mailbox sender = chip.createMailbox();
        sender.send(small.pid(), Binary.of(new byte[1_500]));

        assertThatThrownBy(() -> sender.send(small.pid(), Binary.of(new byte[1_000])))
                .isInstanceOfSatisfying(MailboxFullException.class, e -> assertThat(e.maxBytes())
                        .isEqualTo(2_000))
                .hasMessageContaining("2000 bytes");
        Mailbox watched = chip.createMailbox();
        small.monitor(watched.pid());
        watched.close();
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.receive(Duration.ZERO)).get().isInstanceOf(Binary.class);
        assertThat(small.receive(Duration.ZERO))
                .hasValueSatisfying(down -> assertThat(down.toString()).contains("DOWN"));
    }

    @Test
    void aMessageThatFindsTheMailboxEmptyIsTakenWhateverItsSize() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox small =
                chip.createMailbox(MailboxOptions.builder().maxBytes(100).build());

        chip.send(small.pid(), Binary.of(new byte[10_000]));
        chip.send(small.pid(), Atom.of("no room"));

        assertThat(small.size()).isEqualTo(1);
        assertThat(small.droppedMessages()).isEqualTo(1);
    }

    @Test
    void optionsRejectNonsense() {
        assertThatThrownBy(() -> MailboxOptions.builder().capacity(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> MailboxOptions.builder().maxBytes(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 byte");
        assertThatThrownBy(() -> nodes.config("chip").defaultMailboxMaxBytes(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> MailboxOptions.builder().keepRunningOnError(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handler");
        assertThatThrownBy(() -> nodes.config("chip").dispatchThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTakenNameFailsTheCreationAndLeavesNoMailboxBehind() {
        Node chip = nodes.start("chip");
        chip.createMailbox("taken");
        int before = chip.runtime().processes().size();

        assertThatThrownBy(() -> chip.createMailbox("taken", (message, self) -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("taken");
        assertThat(chip.runtime().processes().size()).isEqualTo(before);
    }
}

package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.runtime.MailboxProcess;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exit signals and DOWN messages from a peer cannot grow a mailbox without bound: {@code exit/2}
 * counts as a message, the exits of broken links and DOWNs may pass the mailbox's bounds by a
 * reserve and no more, and a DOWN still arrives in a mailbox that ordinary messages filled.
 */
@Slow
class SignalBoundsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final int CAPACITY = 10;

    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void exitSignalsFromAPeerAreBoundedLikeMessages() {
        Node target = nodes.start("target");
        Node peer = nodes.start("peer");
        Mailbox victim = target.createMailbox(
                MailboxOptions.builder().name("victim").capacity(CAPACITY).build());
        Mailbox sender = peer.createMailbox();

        for (int i = 0; i < 100; i++) {
            sender.exit(victim.pid(), Int.of(i));
        }

        await().atMost(WAIT).until(() -> victim.size() + victim.droppedMessages() == 100);
        assertThat(victim.size()).isEqualTo(CAPACITY);
        assertThat(victim.droppedMessages()).isEqualTo(100 - CAPACITY);
    }

    @Test
    void theExitsOfBrokenLinksPassTheBoundsOnlyByTheReserve() {
        Node target = nodes.start("target");
        Node peer = nodes.start("peer");
        Mailbox victim = target.createMailbox(
                MailboxOptions.builder().name("victim").capacity(CAPACITY).build());

        assertThat(peer.connect("target@localhost")).isTrue();
        int bound = CAPACITY + MailboxProcess.SIGNAL_RESERVE_MESSAGES;
        int cycles = bound + 100;
        for (int i = 0; i < cycles; i++) {
            Mailbox linked = peer.createMailbox();
            linked.link(victim.pid());
            linked.close(Atom.of("bye"));
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(victim.size() + victim.droppedMessages())
                .isEqualTo(cycles));
        assertThat(victim.size()).isEqualTo(bound);
        assertThat(victim.droppedMessages()).isEqualTo(100);
    }

    @Test
    void aDownStillArrivesInAMailboxThatMessagesFilled() throws Exception {
        Node target = nodes.start("target");
        Node peer = nodes.start("peer");
        Mailbox watcher = target.createMailbox(
                MailboxOptions.builder().name("watcher").capacity(CAPACITY).build());
        Mailbox watched = peer.createMailbox();
        Mailbox sender = peer.createMailbox();
        for (int i = 0; i < CAPACITY + 5; i++) {
            sender.send(watcher.pid(), Int.of(i));
        }
        await().atMost(WAIT).until(() -> watcher.size() + watcher.droppedMessages() == CAPACITY + 5);

        watcher.monitor(watched.pid());
        watched.close(Atom.of("done"));

        Optional<Term> down = watcher.receive(
                message -> message instanceof Tuple tuple && Atom.of("DOWN").equals(tuple.get(0)), WAIT);
        assertThat(down).isPresent();
        // noproc when the monitor reached the peer after the close
        assertThat(((Tuple) down.get()).get(4)).isIn(Atom.of("done"), Atom.of("noproc"));
    }
}

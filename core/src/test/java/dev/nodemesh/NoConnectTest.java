package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Ref;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sends and monitors that never connect ({@code erlang:send/3}'s {@code noconnect}): what pg's
 * scopes use, so that their traffic never brings back a connection that was just closed.
 */
@Slow
class NoConnectTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void aSendToANodeNotConnectedIsDroppedAndConnectsNothing() throws Exception {
        Node a = nodes.start("a");
        Node b = nodes.start("b");
        Mailbox from = a.createMailbox();
        Mailbox to = b.createMailbox("inbox");

        assertThat(from.sendIfConnected(to.pid(), Atom.of("lost"))).isFalse();
        assertThat(from.sendIfConnected("inbox", b.name(), Atom.of("lost too"))).isFalse();
        assertThat(a.nodes()).isEmpty();

        from.send(to.pid(), Atom.of("connects"));
        assertThat(to.receive(WAIT)).contains(Atom.of("connects"));
        // the dialling side lists the connection once the packets queued during set-up are written
        await().atMost(WAIT).until(() -> !a.nodes().isEmpty());
        assertThat(from.sendIfConnected(to.pid(), Atom.of("now"))).isTrue();
        assertThat(from.sendIfConnected("inbox", b.name(), Atom.of("by name"))).isTrue();
        assertThat(to.receive(WAIT)).contains(Atom.of("now"));
        assertThat(to.receive(WAIT)).contains(Atom.of("by name"));
    }

    @Test
    void aMonitorOfAProcessOnANodeNotConnectedIsDownAtOnceWithNoconnection() throws Exception {
        Node a = nodes.start("a");
        Node b = nodes.start("b");
        Mailbox watcher = a.createMailbox();
        Mailbox target = b.createMailbox();

        Ref ref = watcher.monitorIfConnected(target.pid());

        assertThat(watcher.receive(WAIT)).contains(new Down(ref, target.pid(), Atom.of("noconnection")).toTerm());
        assertThat(a.nodes()).isEmpty();
    }

    @Test
    void onAConnectionThatIsUpItIsAMonitorLikeAnyOther() throws Exception {
        Node a = nodes.start("a");
        Node b = nodes.start("b");
        assertThat(a.connect("b@localhost")).isTrue();
        Mailbox watcher = a.createMailbox();
        Mailbox target = b.createMailbox();

        Ref ref = watcher.monitorIfConnected(target.pid());
        await().atMost(WAIT).until(() -> b.runtime().monitors().isWatched(target.pid()));
        target.close(Atom.of("done"));

        assertThat(watcher.receive(WAIT)).contains(new Down(ref, target.pid(), Atom.of("done")).toTerm());
    }
}

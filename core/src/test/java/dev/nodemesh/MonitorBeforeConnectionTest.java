package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Ref;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A demonitor made while the connection to the other node is still being set up reaches that node,
 * queued behind the monitor, instead of being dropped and leaving the monitor there.
 */
@Slow
class MonitorBeforeConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void aDemonitorRightAfterTheMonitorRemovesItOnTheOtherNode() throws Exception {
        // one monitor per peer: a monitor the demonitor failed to remove would refuse the next one
        Node target = nodes.start(nodes.config("target").maxMonitorsPerPeer(1));
        Node peer = nodes.start("peer");
        Mailbox watched = target.createMailbox("watched");
        Mailbox first = peer.createMailbox();

        Ref ref = first.monitor(watched.pid());
        assertThat(first.demonitor(ref)).isTrue();
        Mailbox second = peer.createMailbox();
        Ref secondRef = second.monitor(watched.pid());
        second.send(watched.pid(), Atom.of("monitored_twice"));
        assertThat(watched.receive(WAIT)).contains(Atom.of("monitored_twice"));

        watched.close(Atom.of("bye"));
        assertThat(second.receive(WAIT)).contains(new Down(secondRef, watched.pid(), Atom.of("bye")).toTerm());
    }
}

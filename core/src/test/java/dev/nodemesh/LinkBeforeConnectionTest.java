package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A link made while the connection to the other node is still being set up behaves as one made on
 * an established connection: the exit and the unlink that follow are queued behind the link, not
 * dropped.
 */
@Slow
class LinkBeforeConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void anExitRightAfterTheLinkReachesTheLinkedProcess() throws Exception {
        Node target = nodes.start("target");
        Node peer = nodes.start("peer");
        Mailbox victim = target.createMailbox("victim");
        Mailbox linked = peer.createMailbox();

        linked.link(victim.pid());
        linked.close(Atom.of("bye"));

        assertThat(victim.receive(WAIT)).contains(Tuple.of(Atom.of("EXIT"), linked.pid(), Atom.of("bye")));
    }

    @Test
    void anUnlinkRightAfterTheLinkRemovesItOnTheOtherNode() throws Exception {
        // one link per peer: a link the unlink failed to remove would refuse the next one
        Node target = nodes.start(nodes.config("target").maxLinksPerPeer(1));
        Node peer = nodes.start("peer");
        Mailbox victim = target.createMailbox("victim");
        Mailbox first = peer.createMailbox();

        first.link(victim.pid());
        first.unlink(victim.pid());
        Mailbox second = peer.createMailbox();
        second.link(victim.pid());
        second.send(victim.pid(), Atom.of("linked_twice"));
        assertThat(victim.receive(WAIT)).contains(Atom.of("linked_twice"));

        victim.close(Atom.of("bye"));
        assertThat(second.receive(WAIT)).contains(Tuple.of(Atom.of("EXIT"), victim.pid(), Atom.of("bye")));
    }
}

package dev.nodemesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.dist.DisconnectReason;
import dev.nodemesh.process.ProcessTable;
import dev.nodemesh.runtime.FakePeers.Inbox;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import org.junit.jupiter.api.Test;

/** Node watchers on their own: who hears of nodeup and nodedown, and in what words. */
class NodeWatchersTest {

    private static final Atom DALE = Atom.of("dale@localhost");

    private final ProcessTable table = new ProcessTable(Atom.of("chip@localhost"), 1);
    private final NodeWatchers watchers = new NodeWatchers(table);
    private final Inbox subscriber = Inbox.spawn(table);
    private final Inbox bystander = Inbox.spawn(table);

    @Test
    void subscribersHearOfNodesComingAndGoingAsMonitorNodesTellsThem() {
        watchers.subscribe(subscriber.pid(), true);

        watchers.nodeUp(DALE, true);
        watchers.nodeDown(DALE, false, DisconnectReason.CONNECTION_CLOSED);

        assertThat(subscriber.received)
                .containsExactly(
                        Tuple.of(
                                Atom.of("nodeup"),
                                DALE,
                                TermList.of(Tuple.of(Atom.of("node_type"), Atom.of("visible")))),
                        Tuple.of(
                                Atom.of("nodedown"),
                                DALE,
                                TermList.of(
                                        Tuple.of(Atom.of("node_type"), Atom.of("hidden")),
                                        Tuple.of(Atom.of("nodedown_reason"), Atom.of("connection_closed")))));
        assertThat(bystander.received).isEmpty();
    }

    @Test
    void aProcessThatUnsubscribedOrEndedHearsNoMore() {
        watchers.subscribe(subscriber.pid(), true);
        watchers.subscribe(bystander.pid(), true);

        watchers.subscribe(subscriber.pid(), false);
        watchers.exited(bystander.pid());
        watchers.nodeUp(DALE, true);

        assertThat(subscriber.received).isEmpty();
        assertThat(bystander.received).isEmpty();
    }
}

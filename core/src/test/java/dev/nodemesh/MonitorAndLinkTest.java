package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.dist.Connection;
import dev.nodemesh.dist.ConnectionChannels;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Monitors, links and node monitoring between nodemesh nodes (and within one node). */
@Slow
class MonitorAndLinkTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Atom CHIP = Atom.of("chip@localhost");

    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void aRemoteMonitorByNameGetsTheExitReason() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox myIex = chip.createMailbox("my_iex");
        Mailbox watcher = dale.createMailbox();

        Ref ref = watcher.monitor("my_iex", "chip@localhost");
        awaitWatched(chip, myIex);
        myIex.close(Atom.of("bye"));

        assertThat(watcher.receive(WAIT))
                .contains(new Down(ref, Tuple.of(Atom.of("my_iex"), CHIP), Atom.of("bye")).toTerm());
    }

    @Test
    void aRemoteMonitorByPidGetsNoconnectionWhenTheConnectionGoesAway() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox target = chip.createMailbox();
        Mailbox watcher = dale.createMailbox();

        Ref ref = watcher.monitor(target.pid());
        awaitWatched(chip, target);
        chip.disconnect("dale@localhost");

        assertThat(watcher.receive(WAIT)).contains(new Down(ref, target.pid(), Atom.of("noconnection")).toTerm());
    }

    @Test
    void aGracefulCloseGivesRemoteMonitorsAndLinksShutdownBeforeTheConnectionCloses() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox target = chip.createMailbox();
        Mailbox watcher = dale.createMailbox();
        Mailbox linked = dale.createMailbox();

        Ref ref = watcher.monitor(target.pid());
        linked.link(target.pid());
        awaitWatched(chip, target);
        awaitLinked(chip, target, linked.pid());
        chip.close();

        assertThat(watcher.receive(WAIT)).contains(new Down(ref, target.pid(), Atom.of("shutdown")).toTerm());
        assertThat(linked.receive(WAIT)).contains(Tuple.of(Atom.of("EXIT"), target.pid(), Atom.of("shutdown")));
    }

    @Test
    void monitoringWhatDoesNotExistGivesNoprocAtOnce() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox watcher = dale.createMailbox();
        Mailbox gone = chip.createMailbox();
        gone.close();

        Ref byName = watcher.monitor("nobody", "chip@localhost");
        Ref byPid = watcher.monitor(gone.pid());
        Ref local = watcher.monitor("nobody", "dale@localhost");
        Ref nodeDown = watcher.monitor("x", "nonode@localhost");

        assertThat(java.util.List.of(
                        take(watcher, byName), take(watcher, byPid), take(watcher, local), take(watcher, nodeDown)))
                .containsExactly(
                        new Down(byName, Tuple.of(Atom.of("nobody"), CHIP), Atom.of("noproc")),
                        new Down(byPid, gone.pid(), Atom.of("noproc")),
                        new Down(local, Tuple.of(Atom.of("nobody"), Atom.of("dale@localhost")), Atom.of("noproc")),
                        new Down(
                                nodeDown,
                                Tuple.of(Atom.of("x"), Atom.of("nonode@localhost")),
                                Atom.of("noconnection")));
    }

    @Test
    void demonitorStopsTheDown() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox target = chip.createMailbox();
        Mailbox watcher = dale.createMailbox();

        Ref ref = watcher.monitor(target.pid());
        awaitWatched(chip, target);
        assertThat(watcher.demonitor(ref)).isTrue();
        assertThat(watcher.demonitor(ref)).isFalse();
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(() -> !chip.runtime().monitors().isWatched(target.pid()));
        Ref second = watcher.monitor(target.pid());
        awaitWatched(chip, target);
        target.close(Atom.of("done"));

        assertThat(take(watcher, second).reason()).isEqualTo(Atom.of("done"));
        assertThat(watcher.receive(Duration.ZERO)).isEmpty();
    }

    @Test
    void aLocalMonitorSeesTheReason() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox target = chip.createMailbox("worker");
        Mailbox watcher = chip.createMailbox();

        Ref ref = watcher.monitor("worker", "chip@localhost");
        target.close(Atom.of("finished"));

        assertThat(take(watcher, ref)).isEqualTo(new Down(ref, Tuple.of(Atom.of("worker"), CHIP), Atom.of("finished")));
    }

    @Test
    void linkedMailboxesGetExitSignalsAsMessages() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox a = chip.createMailbox();
        Mailbox b = dale.createMailbox();

        b.link(a.pid());
        awaitLinked(chip, a, b.pid());
        a.close(Atom.of("boom"));

        assertThat(b.receive(WAIT)).contains(Tuple.of(Atom.of("EXIT"), a.pid(), Atom.of("boom")));
    }

    @Test
    void unlinkStopsTheExitSignal() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox a = chip.createMailbox();
        Mailbox b = dale.createMailbox();
        Mailbox c = dale.createMailbox();

        b.link(a.pid());
        c.link(a.pid());
        awaitLinked(chip, a, b.pid());
        awaitLinked(chip, a, c.pid());
        b.unlink(a.pid());
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(() -> !chip.runtime().links().isLinked(a.pid(), b.pid()));
        a.close(Atom.of("boom"));

        assertThat(c.receive(WAIT)).contains(Tuple.of(Atom.of("EXIT"), a.pid(), Atom.of("boom")));
        assertThat(b.receive(Duration.ZERO)).isEmpty();
    }

    @Test
    void linksBreakWithNoconnectionWhenTheConnectionGoesAway() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox a = chip.createMailbox();
        Mailbox b = dale.createMailbox();

        b.link(a.pid());
        awaitLinked(chip, a, b.pid());
        dale.disconnect("chip@localhost");

        assertThat(b.receive(WAIT)).contains(Tuple.of(Atom.of("EXIT"), a.pid(), Atom.of("noconnection")));
    }

    @Test
    void linkingToAProcessThatDoesNotExistGivesNoproc() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox gone = chip.createMailbox();
        gone.close();
        Mailbox b = dale.createMailbox();

        b.link(gone.pid());

        assertThat(b.receive(WAIT)).contains(Tuple.of(Atom.of("EXIT"), gone.pid(), Atom.of("noproc")));
    }

    @Test
    void anExitSignalArrivesAsAMessageAndKillEndsTheMailbox() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox target = chip.createMailbox();
        Mailbox killer = dale.createMailbox();
        Ref ref = killer.monitor(target.pid());

        killer.exit(target.pid(), Atom.of("please_stop"));
        assertThat(target.receive(WAIT)).contains(Tuple.of(Atom.of("EXIT"), killer.pid(), Atom.of("please_stop")));
        killer.exit(target.pid(), Atom.of("kill"));

        assertThat(take(killer, ref).reason()).isEqualTo(Atom.of("killed"));
        assertThat(target.isClosed()).isTrue();
    }

    @Test
    void nodeupComesBeforeTheFirstMessageAndNodedownAfterTheLast() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Mailbox inbox = chip.createMailbox("inbox");
        inbox.monitorNodes(true);
        Mailbox sender = dale.createMailbox();

        assertThat(dale.connect("chip@localhost")).isTrue();
        sender.send("inbox", "chip@localhost", Atom.of("first"));
        sender.send("inbox", "chip@localhost", Atom.of("last"));
        dale.close();

        Term nodeup = inbox.receive(WAIT).orElseThrow();
        assertThat(nodeup)
                .isEqualTo(Tuple.of(
                        Atom.of("nodeup"),
                        Atom.of("dale@localhost"),
                        TermList.of(Tuple.of(Atom.of("node_type"), Atom.of("hidden")))));
        assertThat(inbox.receive(WAIT)).contains(Atom.of("first"));
        assertThat(inbox.receive(WAIT)).contains(Atom.of("last"));
        assertThat(inbox.receive(WAIT))
                .contains(Tuple.of(
                        Atom.of("nodedown"),
                        Atom.of("dale@localhost"),
                        TermList.of(
                                Tuple.of(Atom.of("node_type"), Atom.of("hidden")),
                                Tuple.of(Atom.of("nodedown_reason"), Atom.of("connection_closed")))));
    }

    @Test
    void aFullMailboxStillGetsItsDownAndExitSignals() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox full = chip.createMailbox(MailboxOptions.builder().capacity(1).build());
        Mailbox target = chip.createMailbox();
        full.send(full.pid(), Atom.of("filler"));
        full.send(full.pid(), Atom.of("dropped"));
        assertThat(full.droppedMessages()).isEqualTo(1);

        Ref ref = full.monitor(target.pid());
        full.link(target.pid());
        target.close(Atom.of("gone"));

        assertThat(full.receive(WAIT)).contains(Atom.of("filler"));
        assertThat(full.receive(WAIT)).contains(new Down(ref, target.pid(), Atom.of("gone")).toTerm());
        assertThat(full.receive(WAIT)).contains(Tuple.of(Atom.of("EXIT"), target.pid(), Atom.of("gone")));
    }

    @Test
    void aGracefulCloseIsNotHeldUpByAPeerThatStopsReading() throws Exception {
        Node chip = nodes.start(nodes.config("chip").sendWaterMarks(32 * 1024, 64 * 1024));
        Node dale = nodes.start("dale");
        Mailbox target = chip.createMailbox();
        Mailbox watcher = dale.createMailbox();
        watcher.monitor(target.pid());
        awaitWatched(chip, target);
        ConnectionChannels.stopReading(
                dale.runtime().connections().connection(CHIP).orElseThrow());
        Connection toDale = chip.runtime()
                .connections()
                .connection(Atom.of("dale@localhost"))
                .orElseThrow();
        Binary blob = Binary.of(new byte[256 * 1024]);
        Thread flooder = new Thread(
                () -> {
                    while (!chip.isClosed()) {
                        target.send(watcher.pid(), blob); // blocks once the backlog is above the mark
                    }
                },
                "flooder");
        flooder.setDaemon(true);
        flooder.start();
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !ConnectionChannels.isWritable(toDale));

        FutureTask<Void> closing = new FutureTask<>(chip::close, null);
        Thread closer = new Thread(closing, "closer");
        closer.setDaemon(true);
        closer.start();

        // the Down of target must not wait for a backlog that a peer that does not read never drains
        closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        flooder.join(WAIT.toMillis());
        assertThat(flooder.isAlive()).isFalse();
    }

    private static Down take(Mailbox mailbox, Ref ref) throws InterruptedException {
        Term message = mailbox.receive(
                        m -> Down.of(m).map(d -> d.ref().equals(ref)).orElse(false), WAIT)
                .orElseThrow(() -> new AssertionError("no Down for " + ref));
        return Down.of(message).orElseThrow();
    }

    private static void awaitWatched(Node node, Mailbox target) {
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(() -> node.runtime().monitors().isWatched(target.pid()));
    }

    private static void awaitLinked(Node node, Mailbox local, Pid remote) {
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(() -> node.runtime().links().isLinked(local.pid(), remote));
    }
}

package dev.nodemesh.runtime;

import static dev.nodemesh.runtime.FakePeers.CHIP;
import static dev.nodemesh.runtime.FakePeers.DALE;
import static dev.nodemesh.runtime.FakePeers.DALE_CREATION;
import static dev.nodemesh.runtime.FakePeers.ERL;
import static dev.nodemesh.runtime.FakePeers.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.Down;
import dev.nodemesh.NodeName;
import dev.nodemesh.dist.ControlMessage;
import dev.nodemesh.process.ProcessTable;
import dev.nodemesh.runtime.FakePeers.Inbox;
import dev.nodemesh.runtime.FakePeers.Sent;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Tuple;
import org.junit.jupiter.api.Test;

/** Monitors on their own: the process table and a recording connection layer, no node, no socket. */
class MonitorsTest {

    private static final Atom BYE = Atom.of("bye");

    private final ProcessTable table = new ProcessTable(CHIP, 1);
    private final FakePeers peers = new FakePeers();
    private final Monitors monitors = new Monitors(table, peers, 2);
    private final Inbox watcher = Inbox.spawn(table);
    private final Inbox target = Inbox.spawn(table);

    private void end(Inbox process, Atom reason) {
        table.remove(process);
        monitors.exited(process.pid(), reason);
    }

    @Test
    void aLocalMonitorFiresOnceWithTheTargetsReason() {
        Ref ref = monitors.monitor(watcher.pid(), target.pid());

        assertThat(monitors.isWatched(target.pid())).isTrue();
        end(target, BYE);

        assertThat(watcher.received).containsExactly(new Down(ref, target.pid(), BYE).toTerm());
        assertThat(monitors.isWatched(target.pid())).isFalse();
    }

    @Test
    void aMonitorOfAProcessThatDoesNotExistFiresAtOnceWithNoproc() {
        Pid gone = new Pid(CHIP, 999, 0, 1);

        Ref byPid = monitors.monitor(watcher.pid(), gone);
        Ref byName = monitors.monitor(watcher.pid(), Atom.of("nobody"), NodeName.parse(CHIP.name()));

        assertThat(watcher.received)
                .containsExactly(
                        new Down(byPid, gone, ExitReasons.NOPROC).toTerm(),
                        new Down(byName, Tuple.of(Atom.of("nobody"), CHIP), ExitReasons.NOPROC).toTerm());
    }

    @Test
    void aDemonitorAfterTheConnectionWentAwayIsDroppedNotDialled() {
        Pid remote = new Pid(DALE, 5, 0, DALE_CREATION);
        peers.up(DALE, DALE_CREATION);
        Ref ref = monitors.monitor(watcher.pid(), remote);
        peers.down(DALE); // the connection closed; its node-down is not processed yet

        assertThat(monitors.demonitor(watcher.pid(), ref)).isTrue();

        assertThat(peers.sent)
                .containsExactly(new Sent(DALE, new ControlMessage.MonitorP(watcher.pid(), remote, ref), null));
    }

    @Test
    void aDemonitorWhileTheConnectionIsBeingSetUpFollowsTheMonitor() {
        Pid remote = new Pid(DALE, 5, 0, DALE_CREATION);
        peers.connect(DALE); // an attempt under way
        Ref ref = monitors.monitor(watcher.pid(), remote);

        assertThat(monitors.demonitor(watcher.pid(), ref)).isTrue();

        assertThat(peers.sent)
                .containsExactly(
                        new Sent(DALE, new ControlMessage.MonitorP(watcher.pid(), remote, ref), null),
                        new Sent(DALE, new ControlMessage.DemonitorP(watcher.pid(), remote, ref), null));
    }

    @Test
    void monitorAndSendSendsTheMonitorThenTheMessageMadeFromItsReference() {
        Pid remote = new Pid(DALE, 5, 0, DALE_CREATION);
        Tuple named = Tuple.of(Atom.of("greeter"), DALE);

        Ref byPid = monitors.monitorAndSend(watcher.pid(), remote, ref -> Tuple.of(BYE, ref));
        Ref byName = monitors.monitorAndSend(watcher.pid(), named, ref -> Tuple.of(BYE, ref));

        assertThat(peers.sent)
                .containsExactly(
                        new Sent(DALE, new ControlMessage.MonitorP(watcher.pid(), remote, byPid), null),
                        new Sent(DALE, new ControlMessage.SendSender(watcher.pid(), remote), Tuple.of(BYE, byPid)),
                        new Sent(DALE, new ControlMessage.MonitorP(watcher.pid(), Atom.of("greeter"), byName), null),
                        new Sent(
                                DALE,
                                new ControlMessage.RegSend(watcher.pid(), Atom.of("greeter")),
                                Tuple.of(BYE, byName)));
        assertThat(monitors.demonitor(watcher.pid(), byPid)).isTrue();
        assertThat(monitors.demonitor(watcher.pid(), byName)).isTrue();
    }

    @Test
    void monitorAndSendTakesOnlyProcessesOfOtherNodes() {
        assertThatThrownBy(() -> monitors.monitorAndSend(watcher.pid(), target.pid(), ref -> BYE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a process of another node");
        assertThatThrownBy(() -> monitors.monitorAndSend(watcher.pid(), Tuple.of(BYE), ref -> BYE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a pid or {Name, Node}");
        assertThat(peers.sent).isEmpty();
    }

    @Test
    void aRemovedMonitorNeverFires() {
        Ref ref = monitors.monitor(watcher.pid(), target.pid());

        assertThat(monitors.demonitor(target.pid(), ref))
                .as("only its holder removes it")
                .isFalse();
        assertThat(monitors.demonitor(watcher.pid(), ref)).isTrue();
        end(target, BYE);

        assertThat(watcher.received).isEmpty();
    }

    @Test
    void aRemoteMonitorSendsMonitorPAndFiresWithNoconnectionWhenThePeerCannotBeReached() {
        Pid remote = on(DALE, 5);

        Ref ref = monitors.monitor(watcher.pid(), remote);

        assertThat(peers.sent)
                .containsExactly(new Sent(DALE, new ControlMessage.MonitorP(watcher.pid(), remote, ref), null));
        peers.unreachable(DALE);
        assertThat(watcher.received).containsExactly(new Down(ref, remote, ExitReasons.NOCONNECTION).toTerm());
    }

    @Test
    void aRemoteMonitorFiresOnlyOnTheWordOfTheTargetsNode() {
        Pid remote = on(DALE, 5);
        Ref ref = monitors.monitor(watcher.pid(), remote);
        peers.up(DALE, DALE_CREATION);

        monitors.fire(ref, BYE, ERL);
        assertThat(watcher.received).isEmpty();
        monitors.fire(ref, BYE, DALE);

        assertThat(watcher.received).containsExactly(new Down(ref, remote, BYE).toTerm());
    }

    @Test
    void aPeerMayHoldOnlyItsBoundOfMonitorsAndOnlyOnProcessesThatExist() {
        Pid r1 = on(DALE, 1);
        ControlMessage.MonitorP first = new ControlMessage.MonitorP(r1, target.pid(), Ref.of(DALE, 7, 1, 0, 0));
        ControlMessage.MonitorP second = new ControlMessage.MonitorP(r1, target.pid(), Ref.of(DALE, 7, 2, 0, 0));
        ControlMessage.MonitorP third = new ControlMessage.MonitorP(r1, watcher.pid(), Ref.of(DALE, 7, 3, 0, 0));

        assertThat(monitors.remoteMonitor(first, DALE)).isNull();
        assertThat(monitors.remoteMonitor(second, DALE)).isNull();
        assertThat(monitors.remoteMonitor(third, DALE)).isEqualTo(ExitReasons.SYSTEM_LIMIT);
        assertThat(monitors.remoteMonitor(
                        new ControlMessage.MonitorP(r1, Atom.of("nobody"), Ref.of(ERL, 7, 1, 0, 0)), ERL))
                .isEqualTo(ExitReasons.NOPROC);
        assertThat(monitors.heldBy(DALE)).isEqualTo(2);

        monitors.remoteDemonitor(new ControlMessage.DemonitorP(r1, target.pid(), second.ref()), DALE);
        assertThat(monitors.heldBy(DALE)).isEqualTo(1);
    }

    @Test
    void aProcessThatEndsTellsThePeersThatMonitorIt() {
        Pid remote = on(DALE, 1);
        peers.up(DALE, DALE_CREATION);
        Ref ref = Ref.of(DALE, DALE_CREATION, 1, 0, 0);
        monitors.remoteMonitor(new ControlMessage.MonitorP(remote, target.pid(), ref), DALE);

        end(target, BYE);

        assertThat(peers.sent)
                .containsExactly(
                        new Sent(DALE, new ControlMessage.PayloadMonitorPExit(target.pid(), remote, ref), BYE));
        assertThat(monitors.heldBy(DALE)).isZero();
    }

    @Test
    void aPeerGoingDownFiresTheMonitorsOnItsProcessesWithNoconnectionAndDropsWhatItHeld() {
        Pid onDale = on(DALE, 1);
        Pid onErl = on(ERL, 1);
        Ref daleRef = monitors.monitor(watcher.pid(), onDale);
        Ref erlRef = monitors.monitor(watcher.pid(), onErl);
        monitors.remoteMonitor(
                new ControlMessage.MonitorP(onDale, target.pid(), Ref.of(DALE, DALE_CREATION, 1, 0, 0)), DALE);

        monitors.peerDown(DALE);

        assertThat(watcher.received).containsExactly(new Down(daleRef, onDale, ExitReasons.NOCONNECTION).toTerm());
        assertThat(monitors.heldBy(DALE)).isZero();
        assertThat(monitors.isWatched(target.pid())).isFalse();
        monitors.fire(erlRef, BYE, ERL);
        assertThat(watcher.received).hasSize(2);
    }
}

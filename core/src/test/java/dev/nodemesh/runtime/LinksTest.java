package dev.nodemesh.runtime;

import static dev.nodemesh.runtime.FakePeers.CHIP;
import static dev.nodemesh.runtime.FakePeers.DALE;
import static dev.nodemesh.runtime.FakePeers.DALE_CREATION;
import static dev.nodemesh.runtime.FakePeers.ERL;
import static dev.nodemesh.runtime.FakePeers.on;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.dist.ControlMessage;
import dev.nodemesh.process.ProcessTable;
import dev.nodemesh.runtime.FakePeers.Inbox;
import dev.nodemesh.runtime.FakePeers.Sent;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Tuple;
import org.junit.jupiter.api.Test;

/** Links on their own: the process table and a recording connection layer, no node, no socket. */
class LinksTest {

    private static final Atom BYE = Atom.of("bye");

    private final ProcessTable table = new ProcessTable(CHIP, 1);
    private final FakePeers peers = new FakePeers();
    private final Links links = new Links(table, peers, 2);
    private final Inbox a = Inbox.spawn(table);
    private final Inbox b = Inbox.spawn(table);

    private static Tuple exit(Pid from, Atom reason) {
        return Tuple.of(ExitReasons.EXIT, from, reason);
    }

    @Test
    void aLocalLinkHoldsBothWaysAndTheOtherSideHearsTheReasonWhenOneEnds() {
        links.link(a.pid(), b.pid());

        assertThat(links.isLinked(a.pid(), b.pid())).isTrue();
        assertThat(links.isLinked(b.pid(), a.pid())).isTrue();
        table.remove(a);
        links.exited(a.pid(), BYE);

        assertThat(b.received).containsExactly(exit(a.pid(), BYE));
        assertThat(links.isLinked(b.pid(), a.pid())).isFalse();
        assertThat(peers.sent).isEmpty();
    }

    @Test
    void aLinkToALocalProcessThatDoesNotExistGivesNoprocAtOnce() {
        Pid gone = new Pid(CHIP, 999, 0, 1);

        links.link(a.pid(), gone);

        assertThat(a.received).containsExactly(exit(gone, ExitReasons.NOPROC));
        assertThat(links.isLinked(a.pid(), gone)).isFalse();
    }

    @Test
    void aRemoteLinkSendsLinkAndBreaksWithNoconnectionWhenThePeerCannotBeReached() {
        Pid remote = on(DALE, 5);

        links.link(a.pid(), remote);

        assertThat(peers.sent).containsExactly(new Sent(DALE, new ControlMessage.Link(a.pid(), remote), null));
        assertThat(links.heldBy(DALE)).isEqualTo(1);
        peers.unreachable(DALE);
        assertThat(a.received).containsExactly(exit(remote, ExitReasons.NOCONNECTION));
        assertThat(links.heldBy(DALE)).isZero();
    }

    @Test
    void aRemoteLinkToAnOlderIncarnationOfThePeerGivesNoproc() {
        Pid stale = new Pid(DALE, 5, 0, DALE_CREATION - 1);

        links.link(a.pid(), stale);
        peers.up(DALE, DALE_CREATION);

        assertThat(a.received).containsExactly(exit(stale, ExitReasons.NOPROC));
    }

    @Test
    void anUnlinkWaitsForItsAcknowledgementAndIgnoresTheExitsSentMeanwhile() {
        Pid remote = on(DALE, 5);
        links.link(a.pid(), remote);
        peers.up(DALE, DALE_CREATION);
        peers.sent.clear();

        links.unlink(a.pid(), remote);

        assertThat(peers.sent).singleElement().satisfies(sent -> assertThat(sent.control())
                .isInstanceOf(ControlMessage.UnlinkId.class));
        long id = ((ControlMessage.UnlinkId) peers.sent.get(0).control()).id();
        links.remoteExit(remote, a.pid(), BYE);
        assertThat(a.received).isEmpty();
        assertThat(links.heldBy(DALE)).as("kept until acknowledged").isEqualTo(1);
        links.unlinkAcknowledged(new ControlMessage.UnlinkIdAck(id, remote, a.pid()));
        assertThat(links.heldBy(DALE)).isZero();
    }

    @Test
    void aPeerMayHoldOnlyItsBoundOfLinksAndOnlyToProcessesThatExist() {
        Pid r1 = on(DALE, 1);
        Pid r2 = on(DALE, 2);
        Pid r3 = on(DALE, 3);

        assertThat(links.remoteLink(new ControlMessage.Link(r1, a.pid()), DALE)).isNull();
        assertThat(links.remoteLink(new ControlMessage.Link(r2, a.pid()), DALE)).isNull();
        assertThat(links.remoteLink(new ControlMessage.Link(r1, a.pid()), DALE))
                .as("a link held already is no new one")
                .isNull();
        assertThat(links.remoteLink(new ControlMessage.Link(r3, b.pid()), DALE)).isEqualTo(ExitReasons.SYSTEM_LIMIT);
        assertThat(links.remoteLink(new ControlMessage.Link(on(ERL, 1), b.pid()), ERL))
                .as("another peer has a bound of its own")
                .isNull();
        assertThat(links.remoteLink(new ControlMessage.Link(r3, new Pid(CHIP, 999, 0, 1)), DALE))
                .isEqualTo(ExitReasons.NOPROC);
        assertThat(links.heldBy(DALE)).isEqualTo(2);
        assertThat(links.isLinked(a.pid(), r1)).isTrue();
        assertThat(links.isLinked(b.pid(), r3)).isFalse();
    }

    @Test
    void aProcessThatEndsSendsItsReasonToItsRemoteLinks() {
        Pid remote = on(DALE, 1);
        peers.up(DALE, DALE_CREATION);
        links.remoteLink(new ControlMessage.Link(remote, a.pid()), DALE);

        table.remove(a);
        links.exited(a.pid(), BYE);

        assertThat(peers.sent).containsExactly(new Sent(DALE, new ControlMessage.PayloadExit(a.pid(), remote), BYE));
        assertThat(links.heldBy(DALE)).isZero();
    }

    @Test
    void aPeerGoingDownBreaksEveryLinkToItsProcessesWithNoconnectionAndNoOthers() {
        Pid onDale = on(DALE, 1);
        Pid onErl = on(ERL, 1);
        links.remoteLink(new ControlMessage.Link(onDale, a.pid()), DALE);
        links.remoteLink(new ControlMessage.Link(onDale, b.pid()), DALE);
        links.remoteLink(new ControlMessage.Link(onErl, b.pid()), ERL);

        links.peerDown(DALE);

        assertThat(a.received).containsExactly(exit(onDale, ExitReasons.NOCONNECTION));
        assertThat(b.received).containsExactly(exit(onDale, ExitReasons.NOCONNECTION));
        assertThat(links.heldBy(DALE)).isZero();
        assertThat(links.heldBy(ERL)).isEqualTo(1);
        assertThat(links.isLinked(b.pid(), onErl)).isTrue();
    }
}

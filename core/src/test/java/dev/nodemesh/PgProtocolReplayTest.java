package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * pg's protocol replayed by hand from a mailbox that plays a peer's scope, as an OTP node sends
 * it (erlang-distribution.md §8.4), OTP 26–28's {@code {discover, Peer, Vsn}} included; and what
 * a hostile peer sends: malformed messages, members of another node, more members than the bound.
 * The scope under test is {@code replay}, which the peer node does not run, so that only the
 * replaying mailbox speaks for it.
 */
@Slow
class PgProtocolReplayTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Atom GROUP = Atom.of("orders_events");
    private static final Atom DISCOVER = Atom.of("discover");
    private static final Atom GEN_CAST = Atom.of("$gen_cast");
    private static final Atom SYNC = Atom.of("sync");
    private static final Atom JOIN = Atom.of("join");
    private static final Atom LEAVE = Atom.of("leave");

    private final TestNodes nodes = new TestNodes();
    private Node chip;
    private Node peer;
    private ProcessGroups scope;
    private Mailbox fake;

    @BeforeEach
    void start() {
        chip = nodes.start(nodes.config("chip").groupScopes("replay").maxGroupMembersPerPeer(3));
        peer = nodes.start("peer");
        scope = chip.groups("replay");
        fake = peer.createMailbox();
    }

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    private void toScope(Term message) {
        fake.send("replay", "chip@localhost", message);
    }

    private Pid scopePid() {
        return chip.whereis("replay").orElseThrow();
    }

    /** Discovers the scope as a peer would and checks its answer: a sync of its members, a discover back. */
    private void discover(Term discover) throws Exception {
        discover(fake, discover);
    }

    private void discover(Mailbox from, Term discover) throws Exception {
        toScope(discover);
        Term sync = from.receive(WAIT).orElseThrow();
        assertThat(sync).isInstanceOf(Tuple.class);
        Tuple cast = (Tuple) sync;
        assertThat(cast.get(0)).isEqualTo(GEN_CAST);
        Tuple body = (Tuple) cast.get(1);
        assertThat(body.get(0)).isEqualTo(SYNC);
        assertThat(body.get(1)).isEqualTo(scopePid());
        assertThat(from.receive(WAIT)).contains(Tuple.of(DISCOVER, scopePid()));
    }

    @Test
    void aDiscoverOfOtp25IsAnsweredWithTheLocalMembersAndADiscoverBack() throws Exception {
        Mailbox member = chip.createMailbox();
        scope.join(GROUP, member);

        toScope(Tuple.of(DISCOVER, fake.pid()));

        Term sync = fake.receive(WAIT).orElseThrow();
        assertThat(sync)
                .isEqualTo(Tuple.of(
                        GEN_CAST, Tuple.of(SYNC, scopePid(), TermList.of(Tuple.of(GROUP, TermList.of(member.pid()))))));
        assertThat(fake.receive(WAIT)).contains(Tuple.of(DISCOVER, scopePid()));
    }

    @Test
    void theDiscoverOfOtp26To28WithAVersionOrFeaturesIsAnsweredTheSameWay() throws Exception {
        discover(Tuple.of(DISCOVER, fake.pid(), Int.of(1)));
        Mailbox other = peer.createMailbox();
        discover(other, Tuple.of(DISCOVER, other.pid(), TermMap.of(Atom.of("version"), Int.of(2))));
        // the node's newer scope replaces the older one: the fake's messages now count for nothing
        toScope(Tuple.of(JOIN, fake.pid(), GROUP, peerPid(1)));
        toScope(Tuple.of(JOIN, other.pid(), GROUP, peerPid(2)));
        await().atMost(WAIT).until(() -> scope.members(GROUP).equals(List.of(peerPid(2))));
    }

    @Test
    void syncJoinLeaveAndTheScopesDownDriveTheMembership() throws Exception {
        discover(Tuple.of(DISCOVER, fake.pid()));

        toScope(Tuple.of(GEN_CAST, Tuple.of(SYNC, fake.pid(), TermList.of(Tuple.of(GROUP, TermList.of(peerPid(1)))))));
        await().atMost(WAIT).until(() -> scope.members(GROUP).equals(List.of(peerPid(1))));

        toScope(Tuple.of(JOIN, fake.pid(), GROUP, TermList.of(peerPid(2))));
        toScope(Tuple.of(LEAVE, fake.pid(), peerPid(1), TermList.of(GROUP)));
        await().atMost(WAIT).until(() -> scope.members(GROUP).equals(List.of(peerPid(2))));

        Mailbox local = chip.createMailbox();
        scope.join(GROUP, local);
        assertThat(fake.receive(WAIT)).contains(Tuple.of(JOIN, scopePid(), GROUP, local.pid()));
        local.close();
        assertThat(fake.receive(WAIT)).contains(Tuple.of(LEAVE, scopePid(), local.pid(), TermList.of(GROUP)));

        fake.close();
        await().atMost(WAIT).until(() -> scope.members(GROUP).isEmpty());
    }

    @Test
    void aJoinFromAScopeNotDiscoveredIsIgnored() throws Exception {
        toScope(Tuple.of(JOIN, fake.pid(), GROUP, peerPid(1)));
        toScope(Tuple.of(DISCOVER, fake.pid()));
        fake.receive(WAIT).orElseThrow();

        assertThat(scope.members(GROUP)).isEmpty();
        assertThat(scope.refusedMessages()).isZero();
    }

    @Test
    void malformedForeignAndOversizedMessagesAreRefusedAndChangeNothing() throws Exception {
        discover(Tuple.of(DISCOVER, fake.pid()));
        toScope(Tuple.of(JOIN, fake.pid(), GROUP, TermList.of(peerPid(1))));
        await().atMost(WAIT).until(() -> scope.members(GROUP).size() == 1);

        toScope(Tuple.of(JOIN, fake.pid(), GROUP, Atom.of("not_a_pid")));
        toScope(Tuple.of(JOIN, fake.pid(), GROUP, TermList.improper(List.of(peerPid(2)), peerPid(3))));
        toScope(Tuple.of(LEAVE, fake.pid(), TermList.of(peerPid(1)), Atom.of("not_a_list")));
        toScope(Tuple.of(DISCOVER, Atom.of("not_a_pid")));
        toScope(Tuple.of(GEN_CAST, Tuple.of(SYNC, fake.pid(), TermList.of(Atom.of("not_a_pair")))));
        toScope(Tuple.of(JOIN, fake.pid(), GROUP, chip.createMailbox().pid()));
        toScope(Tuple.of(JOIN, fake.pid(), GROUP, TermList.of(peerPid(2), peerPid(3), peerPid(4))));
        toScope(Tuple.of(GEN_CAST, Tuple.of(SYNC, fake.pid(), TermList.of(Tuple.of(GROUP, pids(10))))));

        await().atMost(WAIT).until(() -> scope.refusedMessages() == 8);
        assertThat(scope.members(GROUP)).containsExactly(peerPid(1));
        // the scope still works
        toScope(Tuple.of(JOIN, fake.pid(), GROUP, TermList.of(peerPid(2), peerPid(3))));
        await().atMost(WAIT).until(() -> scope.members(GROUP).size() == 3);
    }

    private TermList pids(int count) {
        List<Term> pids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pids.add(peerPid(100 + i));
        }
        return TermList.of(pids);
    }

    private Pid peerPid(int id) {
        return new Pid(Atom.of("peer@localhost"), 1000 + id, 0, fake.pid().creation());
    }
}

package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Process groups shared with a real {@code elixir --sname} node running Erlang's {@code pg}: each
 * side sees the other's members, publishes reach them, and a node that goes away drops its
 * members on the other side. pg talks only to visible nodes, so the Java node is visible, except
 * in the test that shows what a hidden one gets.
 */
@Interop
class PgInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Atom ORDERS = Atom.of("orders_events");
    private static final String RECEIVE = "receive do m -> m after 5000 -> :timeout end";

    private final TestNodes nodes = new TestNodes();
    private BeamNode iex;

    @BeforeEach
    void requireElixir() {
        ErlangRuntime.requireElixir();
    }

    @AfterEach
    void stop() {
        if (iex != null) {
            iex.close();
        }
        nodes.close();
    }

    private Node chip(String... scopes) {
        return nodes.start(nodes.config("chip").visible(true).groupScopes(scopes));
    }

    private void startIex(String scope) {
        iex = BeamNode.elixir("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());
        assertThat(iex.eval("{:ok, _} = :pg.start(:" + scope + "); :ok")).isEqualTo(":ok");
        assertThat(iex.eval(":pg.join(:" + scope + ", :orders_events, self())")).isEqualTo(":ok");
    }

    private String iexMemberNodes(String scope) {
        return iex.eval(":pg.get_members(:" + scope + ", :orders_events) |> Enum.map(&node/1) |> Enum.sort");
    }

    @Test
    void iexAndJavaMembersSeeEachOtherAndPublishesReachBoth() throws Exception {
        Node chip = chip();
        Mailbox javaMember = chip.createMailbox();
        chip.groups().join(ORDERS, javaMember);
        startIex("pg");

        assertThat(chip.connect("dale@localhost")).isTrue();

        await().atMost(WAIT).until(() -> chip.groups().members(ORDERS).size() == 2);
        Pid iexPid = chip.groups().members(ORDERS).stream()
                .filter(pid -> pid.node().name().equals("dale@localhost"))
                .findFirst()
                .orElseThrow();
        await().atMost(WAIT).until(() -> iexMemberNodes("pg").equals("[:chip@localhost, :dale@localhost]"));
        assertThat(iex.eval(":pg.which_groups()")).isEqualTo("[:orders_events]");

        assertThat(chip.groups().publish(ORDERS, Atom.of("from_java"))).isEqualTo(2);
        assertThat(iex.eval(RECEIVE)).isEqualTo(":from_java");
        assertThat(javaMember.receive(WAIT)).contains(Atom.of("from_java"));

        iex.eval("for p <- :pg.get_members(:orders_events), p != self(), do: send(p, :from_iex)");
        assertThat(javaMember.receive(WAIT)).contains(Atom.of("from_iex"));

        GroupMonitor monitor = chip.groups().monitor(ORDERS, javaMember);
        assertThat(iex.eval(":pg.leave(:orders_events, self())")).isEqualTo(":ok");
        assertThat(GroupEvent.of(javaMember.receive(WAIT).orElseThrow()))
                .contains(new GroupEvent(monitor.ref(), false, ORDERS, java.util.List.of(iexPid)));
        assertThat(chip.groups().members(ORDERS)).containsExactly(javaMember.pid());

        javaMember.close();
        await().atMost(WAIT).until(() -> iexMemberNodes("pg").equals("[]"));
    }

    @Test
    void aPublishToSeveralIexMembersReachesEachOnceInPublishOrder() {
        Node chip = chip();
        startIex("pg");
        iex.eval("defmodule Fwd do def loop(p) do receive do m -> send(p, {self(), m}); loop(p) end end end");
        iex.eval("parent = self(); for _ <- 1..3, do: spawn(fn -> :pg.join(:orders_events, self());"
                + " Fwd.loop(parent) end)");
        assertThat(chip.connect("dale@localhost")).isTrue();
        await().atMost(WAIT).until(() -> chip.groups().members(ORDERS).size() == 4);

        // the four iex members are one run of one node: one fan-out, the message encoded once
        for (int i = 1; i <= 100; i++) {
            assertThat(chip.groups().publish(ORDERS, Int.of(i))).isEqualTo(4);
        }

        assertThat(iex.eval("shell = for _ <- 1..100, do: (receive do m when is_integer(m) -> m after 5000 -> :t end);"
                        + " fwd = for _ <- 1..300, do: (receive do {p, m} when is_pid(p) -> {p, m} after 5000 -> {:t, :t} end);"
                        + " by = Enum.group_by(fwd, &elem(&1, 0), &elem(&1, 1));"
                        + " {shell == Enum.to_list(1..100), map_size(by),"
                        + " Enum.all?(Map.values(by), &(&1 == Enum.to_list(1..100)))}"))
                .isEqualTo("{true, 3, true}");
    }

    @Test
    void aJavaMemberThatJoinsLaterIsSeenByIexAndAnIexNodeThatDiesLeavesEverywhere() {
        Node chip = chip();
        startIex("pg");
        assertThat(chip.connect("dale@localhost")).isTrue();
        await().atMost(WAIT).until(() -> chip.groups().members(ORDERS).size() == 1);

        Mailbox javaMember = chip.createMailbox();
        chip.groups().join(ORDERS, javaMember);
        await().atMost(WAIT).until(() -> iexMemberNodes("pg").equals("[:chip@localhost, :dale@localhost]"));

        iex.kill();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(chip.groups().members(ORDERS)).containsExactly(javaMember.pid()));
    }

    @Test
    void aJavaNodeThatClosesLeavesIexsGroups() {
        Node chip = chip();
        chip.groups().join(ORDERS, chip.createMailbox());
        startIex("pg");
        assertThat(chip.connect("dale@localhost")).isTrue();
        await().atMost(WAIT).until(() -> iexMemberNodes("pg").equals("[:chip@localhost, :dale@localhost]"));

        chip.close();

        await().atMost(WAIT).until(() -> iexMemberNodes("pg").equals("[:dale@localhost]"));
    }

    @Test
    void anotherScopeNameIsSharedOnlyWithTheScopeOfThatName() {
        Node chip = chip("chat");
        chip.groups("chat").join(ORDERS, chip.createMailbox());
        startIex("chat");
        assertThat(chip.connect("dale@localhost")).isTrue();

        await().atMost(WAIT).until(() -> iexMemberNodes("chat").equals("[:chip@localhost, :dale@localhost]"));
        assertThat(chip.groups("chat").members(ORDERS)).hasSize(2);
        assertThat(chip.groups().members(ORDERS)).isEmpty();
    }

    @Test
    void overAHiddenConnectionIexsPgSeesNothingOfTheJavaNode() {
        Node chip = nodes.start(nodes.config("chip"));
        chip.groups().join(ORDERS, chip.createMailbox());
        startIex("pg");

        assertThat(chip.connect("dale@localhost")).isTrue();
        // the dialled side's net_kernel lists the node a moment after the dialler's connect returns
        await().atMost(WAIT).until(() -> iex.eval("Node.list(:hidden)").equals("[:chip@localhost]"));

        // the iex node got a discover addressed to a name only nodemesh nodes have, and dropped it
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> iexMemberNodes("pg")
                .equals("[:dale@localhost]"));
        assertThat(chip.groups().members(ORDERS)).hasSize(1);
    }
}

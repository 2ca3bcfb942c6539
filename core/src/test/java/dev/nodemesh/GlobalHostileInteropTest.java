package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Term;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that sends the name server what global never would: malformed casts and calls, and more
 * names than the per-peer bound. The node stays up, connected and working, and holds no more of
 * the peer's names than the bound.
 */
@Interop
class GlobalHostileInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CHIP = "chip@localhost";

    private final TestNodes nodes = new TestNodes();
    private BeamNode erl;

    @BeforeEach
    void requireErlang() {
        ErlangRuntime.requireErl();
    }

    @AfterEach
    void stop() {
        if (erl != null) {
            erl.close();
        }
        nodes.close();
    }

    private Node connectedChip(NodeConfig.Builder config) {
        Node chip = nodes.start(config);
        erl = BeamNode.erl("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());
        assertThat(erl.eval("net_kernel:connect_node('" + CHIP + "')")).isEqualTo("true");
        assertThat(erl.eval("global:sync()", WAIT)).isEqualTo("ok");
        return chip;
    }

    @Test
    void malformedGlobalMessagesAreDroppedAndTheNodeKeepsWorking() {
        Node chip = connectedChip(nodes.config("chip").visible(true));
        String to = "{global_name_server, '" + CHIP + "'}";

        erl.eval(to + " ! garbage, " + to + " ! {init_connect_ack, node(), 1}, "
                + to + " ! {lost_connection, node(), 1, not_an_integer, x}, "
                + to + " ! {remove_connection, 42}");
        erl.eval("gen_server:cast(" + to + ", {exchange, node(), not_a_list, [], 42}), "
                + "gen_server:cast(" + to + ", {resolved, node(), [{insert, bad}], [], unused, [], 42}), "
                + "gen_server:cast(" + to
                + ", {new_nodes, node(), [{insert, {n, not_a_pid, m}}, {bogus}], [], [1, 2], []}), "
                + "gen_server:cast(" + to + ", {lock_set, self(), true, [], 42}), "
                + "gen_server:cast(" + to + ", {init_connect, {8}, node(), nonsense}), "
                + "gen_server:cast(" + to + ", 'not a tuple')");
        assertThat(erl.eval("catch gen_server:call(" + to + ", {set_lock, no_id}, 500)"))
                .startsWith("{'EXIT',{timeout,");
        assertThat(erl.eval("catch gen_server:call(" + to + ", {register, n, not_a_pid, m}, 500)"))
                .as("a malformed register is not answered")
                .startsWith("{'EXIT',{timeout,");

        Mailbox orders = chip.createMailbox();
        assertThat(chip.global().register("orders", orders)).isTrue();
        assertThat(erl.eval("node(global:whereis_name(orders))")).isEqualTo(CHIP);
        assertThat(chip.nodes()).hasSize(1);
        assertThat(chip.global().registeredNames()).containsExactly(Atom.of("orders"));
    }

    @Test
    void aPeerHoldsNoMoreNamesHereThanTheBound() {
        Node chip = connectedChip(nodes.config("chip").visible(true).maxGlobalNamesPerPeer(3));

        assertThat(erl.eval("[global:register_name({n, I}, spawn(fun() -> receive stop -> ok end end))"
                        + " || I <- lists:seq(1, 10)]"))
                .isEqualTo("[yes,yes,yes,yes,yes,yes,yes,yes,yes,yes]");

        await().atMost(WAIT).until(() -> chip.global().registeredNames().size() == 3);
        Mailbox orders = chip.createMailbox();
        assertThat(chip.global().register("orders", orders)).isTrue();
        assertThat(chip.global().registeredNames()).hasSize(4);
        Term first = chip.global().registeredNames().get(0);
        assertThat(chip.global().whereis(first)).isPresent();
    }

    @Test
    void thousandsOfInventedNodesInNewNodesCostABoundedQueueAndTheNodeKeepsWorking() {
        Node chip = connectedChip(nodes.config("chip").visible(true));
        String to = "{global_name_server, '" + CHIP + "'}";

        // 5,000 names on loopback that no EPMD knows: at most 16 dials at a time, 1,024 waiting,
        // the rest refused, and a few WARN lines in all
        erl.eval(
                "Ghosts = [list_to_atom(\"ghost\" ++ integer_to_list(I) ++ \"@localhost\") || I <- lists:seq(1, 5000)],"
                        + " gen_server:cast(" + to + ", {new_nodes, node(), [], [], Ghosts, []})");

        Mailbox orders = chip.createMailbox();
        assertThat(chip.global().register("orders", orders)).isTrue();
        assertThat(erl.eval("node(global:whereis_name(orders))", WAIT)).isEqualTo(CHIP);
        assertThat(chip.nodes()).extracting(n -> n.name().toString()).containsExactly("dale@localhost");
    }
}

package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Atom;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * global's connect protocol driven message by message from a scripted peer: an erl node whose
 * own global stays out ({@code -connect_all false}) and whose shell process takes the name {@code
 * global_name_server}, then speaks the protocol as a newer OTP would, with a version tuple {@code
 * {9, Tag, Extra}} this node has never seen.
 */
@Interop
class GlobalProtocolReplayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
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

    @Test
    void aPeerSpeakingANewerVersionCompletesTheConnectAndSharesItsNames() {
        Node chip = nodes.start(nodes.config("chip").visible(true));
        assertThat(chip.global().register("orders", chip.createMailbox())).isTrue();
        erl = BeamNode.erl("dale@localhost", TestNodes.COOKIE, nodes.epmdPort(), "-connect_all", "false");
        erl.eval("unregister(global_name_server), register(global_name_server, self())");
        erl.eval("P = spawn(fun() -> receive stop -> ok end end), G = {global_name_server, '" + CHIP + "'}");

        assertThat(erl.eval("net_kernel:connect_node('" + CHIP + "')")).isEqualTo("true");
        assertThat(erl.eval("receive {'$gen_cast', {init_connect, {8, ChipTag}, '" + CHIP
                        + "', {locker, no_longer_a_pid, _, ChipLocker}}} -> node(ChipLocker)"
                        + " after 10000 -> timeout end"))
                .isEqualTo(CHIP);

        erl.eval("gen_server:cast(G, {init_connect, {9, my_tag, from_the_future}, node(),"
                + " {locker, no_longer_a_pid, #{}, self()}})");
        assertThat(erl.eval("receive {init_connect_ack, '" + CHIP + "', my_tag, ChipTag} -> ack"
                        + " after 10000 -> timeout end"))
                .isEqualTo("ack");
        String transcript = erl.eval(
                "Loop = fun L(Seen) -> receive"
                        + " {'$gen_call', {F, T}, {set_lock, {global, [_, _]}}} -> F ! {T, true}, L([set_lock | Seen]);"
                        + " {'$gen_call', {F, T}, {del_lock, _}} -> F ! {T, true}, L(Seen);"
                        + " {'$gen_cast', {lock_set, ChipLocker, true, _, my_tag}} ->"
                        + "   gen_server:cast(G, {lock_set, self(), true, [], ChipTag}),"
                        + "   gen_server:cast(G, {exchange, node(), [{billing, P, fun global:random_exit_name/3}], [], ChipTag}),"
                        + "   L([lock_set | Seen]);"
                        + " {'$gen_cast', {exchange, _, Names, [], my_tag}} ->"
                        + "   gen_server:cast(G, {resolved, node(), [], [], unused, [], ChipTag}),"
                        + "   L([{exchange, [N || {N, _, _} <- Names]} | Seen]);"
                        + " {'$gen_cast', {resolved, _, Ops, Known, unused, [], my_tag}} ->"
                        + "   lists:reverse([{resolved, Ops, Known} | Seen])"
                        + " after 10000 -> {timeout, lists:reverse(Seen)} end end,"
                        + " Loop([])",
                WAIT);

        assertThat(transcript)
                .as("what the scripted peer saw")
                .contains("lock_set")
                .contains("{exchange,[orders]}")
                .endsWith("{resolved,[],[]}]");
        await().atMost(WAIT).until(() -> chip.global().whereis("billing").isPresent());
        assertThat(chip.global().whereis("billing").get().node()).isEqualTo(Atom.of("dale@localhost"));
        assertThat(chip.global().syncedNodes()).extracting(NodeName::toString).containsExactly("dale@localhost");
    }
}

package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A visible nodemesh node as a member of Erlang's {@code global} with a real {@code erl}: the
 * connect handshake lets {@code global:sync()} return, names registered on either side are seen on
 * the other, and a name is taken once.
 */
@Interop
class GlobalInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String CHIP = "chip@localhost";
    private static final String DALE = "dale@localhost";

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

    private Node startVisibleChipAndErl() {
        Node chip = nodes.start(nodes.config("chip").visible(true));
        erl = BeamNode.erl(DALE, TestNodes.COOKIE, nodes.epmdPort());
        assertThat(erl.eval("net_kernel:connect_node('" + CHIP + "')")).isEqualTo("true");
        return chip;
    }

    @Test
    void globalSyncOnErlReturnsPromptlyWithAVisibleNodemeshNodeConnected() {
        startVisibleChipAndErl();

        assertThat(erl.eval("{T, R} = timer:tc(fun global:sync/0), {R, T < 5000000}", WAIT))
                .isEqualTo("{ok,true}");
        assertThat(erl.eval("nodes()")).isEqualTo("[" + CHIP + "]");
    }

    @Test
    void aJavaNameIsSeenByErlangAndCallsReachTheJavaHandler() {
        Node chip = startVisibleChipAndErl();
        erl.eval("global:sync()", WAIT);
        Mailbox orders = chip.createMailbox(MailboxOptions.builder()
                .handler((message, self) -> {
                    if (GenServerRequest.parse(message).orElse(null) instanceof GenServerRequest.Call call) {
                        call.reply(self, Tuple.of(Atom.of("ordered"), call.request()));
                    }
                })
                .build());

        assertThat(chip.global().register("orders", orders)).isTrue();

        assertThat(erl.eval("node(global:whereis_name(orders))")).isEqualTo(CHIP);
        assertThat(erl.eval("gen_server:call({global, orders}, {pizza, 2})")).isEqualTo("{ordered,{pizza,2}}");
        assertThat(chip.global().whereis("orders")).contains(orders.pid());
    }

    @Test
    void anErlangNameIsSeenByJavaAndNamesAreUniqueOnBothSides() {
        Node chip = startVisibleChipAndErl();
        erl.eval("global:sync()", WAIT);
        erl.eval("P = spawn(fun() -> receive stop -> ok end end)");

        assertThat(erl.eval("global:register_name(billing, P)")).isEqualTo("yes");
        await().atMost(WAIT).until(() -> chip.global().whereis("billing").isPresent());
        Optional<Pid> billing = chip.global().whereis("billing");
        assertThat(billing.get().node()).isEqualTo(Atom.of(DALE));

        Mailbox mine = chip.createMailbox();
        assertThat(chip.global().register("billing", mine)).isFalse();
        assertThat(chip.global().register("orders", mine)).isTrue();
        assertThat(erl.eval("global:register_name(orders, P)")).isEqualTo("no");
        assertThat(erl.eval("global:register_name(orders, spawn(fun() -> ok end))"))
                .isEqualTo("no");
    }
}

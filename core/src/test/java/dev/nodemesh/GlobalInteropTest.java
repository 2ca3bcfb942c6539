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

    /**
     * A partition test's erl connects only when asked: global's last {@code del_lock} of the connect
     * must not bring the connection back right after the test cut it.
     */
    private static final String[] NO_AUTO_CONNECT = {"-kernel", "dist_auto_connect", "never"};

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

    private Node startVisibleChipAndErl(String... erlFlags) {
        Node chip = nodes.start(nodes.config("chip").visible(true));
        erl = BeamNode.erl(DALE, TestNodes.COOKIE, nodes.epmdPort(), erlFlags);
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

    @Test
    void aNameGoesWhenItsProcessEndsOnEitherSide() {
        Node chip = startVisibleChipAndErl();
        erl.eval("global:sync()", WAIT);
        Mailbox orders = chip.createMailbox();
        assertThat(chip.global().register("orders", orders)).isTrue();
        erl.eval("P = spawn(fun() -> receive stop -> ok end end), yes = global:register_name(billing, P)");
        await().atMost(WAIT).until(() -> chip.global().whereis("billing").isPresent());

        orders.close();
        erl.eval("P ! stop");

        await().atMost(WAIT).until(() -> chip.global().whereis("billing").isEmpty());
        await().atMost(WAIT).until(() -> erl.eval("global:whereis_name(orders)").equals("undefined"));
        assertThat(chip.global().whereis("orders")).isEmpty();
        assertThat(chip.global().registeredNames()).isEmpty();
    }

    @Test
    void theNamesOfANodeThatGoesDownGoEverywhere() {
        Node chip = startVisibleChipAndErl();
        erl.eval("global:sync()", WAIT);
        erl.eval("P = spawn(fun() -> receive stop -> ok end end), yes = global:register_name(billing, P)");
        await().atMost(WAIT).until(() -> chip.global().whereis("billing").isPresent());

        erl.kill();

        await().atMost(WAIT).until(() -> chip.global().whereis("billing").isEmpty());
    }

    @Test
    void theNamesOfANodemeshNodeThatClosesGoOnErlang() {
        Node chip = startVisibleChipAndErl();
        erl.eval("global:sync()", WAIT);
        assertThat(chip.global().register("orders", chip.createMailbox())).isTrue();
        assertThat(erl.eval("node(global:whereis_name(orders))")).isEqualTo(CHIP);

        chip.close();

        await().atMost(WAIT).until(() -> erl.eval("global:whereis_name(orders)").equals("undefined"));
        assertThat(erl.eval("{T, R} = timer:tc(fun global:sync/0), {R, T < 1000000}", WAIT))
                .isEqualTo("{ok,true}");
    }

    @Test
    void aLockHeldByAnErlangProcessGoesWhenTheProcessEnds() {
        startVisibleChipAndErl();
        erl.eval("global:sync()", WAIT);
        erl.eval("Self = self(), Holder = spawn(fun() -> true = global:set_lock({res, self()}, ['" + CHIP
                + "'], 0), Self ! locked, receive stop -> ok end end), receive locked -> ok end");

        assertThat(erl.eval("global:set_lock({res, other}, ['" + CHIP + "'], 0)"))
                .isEqualTo("false");
        erl.eval("Holder ! stop");

        await().atMost(WAIT).until(() -> erl.eval("global:set_lock({res, other}, ['" + CHIP + "'], 0)")
                .equals("true"));
    }

    @Test
    void aJavaNameCanBeUnregisteredFromErlangAndFromJava() {
        Node chip = startVisibleChipAndErl();
        erl.eval("global:sync()", WAIT);
        Mailbox orders = chip.createMailbox();
        assertThat(chip.global().register("orders", orders)).isTrue();

        assertThat(erl.eval("global:unregister_name(orders)")).isEqualTo("ok");
        assertThat(chip.global().whereis("orders")).isEmpty();
        assertThat(chip.global().register("orders", orders)).isTrue();
        assertThat(chip.global().unregister("orders")).isTrue();
        assertThat(erl.eval("global:whereis_name(orders)")).isEqualTo("undefined");
    }

    @Test
    void afterAPartitionTheProcessOnTheNodeWhoseNameSortsFirstKeepsTheName() {
        Node chip = startVisibleChipAndErl(NO_AUTO_CONNECT);
        erl.eval("global:sync()", WAIT);

        erl.eval("true = erlang:disconnect_node('" + CHIP + "')");
        await().atMost(WAIT).until(() -> chip.nodes().isEmpty());
        erl.eval("P = spawn(fun() -> receive stop -> ok end end), yes = global:register_name(conflict, P)");
        Mailbox mine = chip.createMailbox();
        assertThat(chip.global().register("conflict", mine)).isTrue();

        assertThat(erl.eval("net_kernel:connect_node('" + CHIP + "')")).isEqualTo("true");
        assertThat(erl.eval("global:sync()", WAIT)).isEqualTo("ok");

        // chip@localhost sorts before dale@localhost: the Java process keeps the name
        await().atMost(WAIT)
                .until(() -> erl.eval("node(global:whereis_name(conflict))").equals(CHIP));
        assertThat(erl.eval("is_process_alive(P)")).isEqualTo("false");
        assertThat(chip.global().whereis("conflict")).contains(mine.pid());
        assertThat(mine.isClosed()).isFalse();
    }

    @Test
    void afterAPartitionAJavaProcessOnTheNodeWhoseNameSortsLastIsKilled() {
        Node zed = nodes.start(nodes.config("zed").visible(true));
        erl = BeamNode.erl(DALE, TestNodes.COOKIE, nodes.epmdPort(), NO_AUTO_CONNECT);
        assertThat(erl.eval("net_kernel:connect_node('zed@localhost')")).isEqualTo("true");
        erl.eval("global:sync()", WAIT);

        erl.eval("true = erlang:disconnect_node('zed@localhost')");
        await().atMost(WAIT).until(() -> zed.nodes().isEmpty());
        erl.eval("P = spawn(fun() -> receive stop -> ok end end), yes = global:register_name(conflict, P)");
        Mailbox mine = zed.createMailbox();
        assertThat(zed.global().register("conflict", mine)).isTrue();

        assertThat(erl.eval("net_kernel:connect_node('zed@localhost')")).isEqualTo("true");
        assertThat(erl.eval("global:sync()", WAIT)).isEqualTo("ok");

        await().atMost(WAIT).until(mine::isClosed);
        await().atMost(WAIT).until(() -> zed.global()
                .whereis("conflict")
                .map(p -> p.node().equals(Atom.of(DALE)))
                .orElse(false));
        assertThat(erl.eval("global:whereis_name(conflict) =:= P")).isEqualTo("true");
    }
}

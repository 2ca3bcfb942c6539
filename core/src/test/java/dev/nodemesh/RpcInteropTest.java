package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rpc from a nodemesh node into a real {@code elixir --sname} node, and erpc/rpc the other way. */
@Interop
class RpcInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration FAST = Duration.ofSeconds(3);
    private static final String DALE = "dale@localhost";

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

    @Test
    void javaCallsElixirAndErlangFunctions() throws Exception {
        Node chip = nodes.start("chip");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());

        assertThat(Rpc.call(chip, DALE, "Elixir.String", "upcase", List.of(Binary.of("abc")), WAIT))
                .isEqualTo(Binary.of("ABC"));
        assertThat(Rpc.call(chip, DALE, "erlang", "node", List.of(), WAIT)).isEqualTo(Atom.of(DALE));
        assertThat(Rpc.call(chip, DALE, "erlang", "+", List.of(Int.of(40), Int.of(2)), WAIT))
                .isEqualTo(Int.of(42));
    }

    @Test
    void whatTheFunctionPrintsGoesToTheRemoteNodesOutput() throws Exception {
        Node chip = nodes.start("chip");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());

        assertThat(Rpc.call(chip, DALE, "Elixir.IO", "puts", List.of(Binary.of("printed by rpc")), WAIT))
                .isEqualTo(Atom.OK);
        await().atMost(WAIT).until(() -> iex.transcript().contains("printed by rpc"));
    }

    @Test
    void anUndefinedFunctionFailsWithTheBadrpcReason() {
        Node chip = nodes.start("chip");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());

        RpcException e = catchThrowableOfType(
                () -> Rpc.call(chip, DALE, "Elixir.String", "no_such_function", List.of(), WAIT), RpcException.class);

        assertThat(e.reason()).isInstanceOfSatisfying(Tuple.class, exit -> {
            assertThat(exit.isTagged(Atom.of("EXIT"), 2)).isTrue();
            assertThat(exit.get(1)).isInstanceOfSatisfying(Tuple.class, undef -> assertThat(undef.get(0))
                    .isEqualTo(Atom.of("undef")));
        });
    }

    @Test
    void aCastRunsTheFunctionWithoutWaiting() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox inbox = chip.createMailbox("inbox");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());

        Rpc.cast(
                chip,
                DALE,
                "erlang",
                "send",
                List.of(Tuple.of(Atom.of("inbox"), Atom.of("chip@localhost")), Atom.of("casted")));

        assertThat(inbox.receive(WAIT)).contains(Atom.of("casted"));
    }

    @Test
    void aSlowFunctionTimesOut() {
        Node chip = nodes.start("chip");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());

        RpcException e = catchThrowableOfType(
                () -> Rpc.call(chip, DALE, "timer", "sleep", List.of(Int.of(5_000)), Duration.ofMillis(300)),
                RpcException.class);

        assertThat(e.reason()).isEqualTo(Atom.of("timeout"));
    }

    @Test
    void aNodeThatDiesDuringTheCallFailsItFastWithNodedown() throws Exception {
        Node chip = nodes.start("chip");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());
        iex.eval("Process.register(self(), :shell)");

        FutureTask<Term> sleeping = new FutureTask<>(() -> Rpc.call(
                chip,
                DALE,
                "Elixir.Code",
                "eval_string",
                List.of(Binary.of("send(:shell, :started); Process.sleep(:infinity)")),
                LONG));
        Thread caller = new Thread(sleeping, "rpc-caller");
        caller.start();
        assertThat(iex.eval("receive do :started -> :ok after 10_000 -> :timeout end"))
                .isEqualTo(":ok");

        long start = System.nanoTime();
        iex.kill();
        ExecutionException e =
                catchThrowableOfType(() -> sleeping.get(WAIT.toSeconds(), TimeUnit.SECONDS), ExecutionException.class);
        caller.join();

        assertThat(e.getCause()).isInstanceOfSatisfying(RpcException.class, failure -> assertThat(failure.reason())
                .isEqualTo(Atom.of("nodedown")));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
    }

    @Test
    void erpcAndRpcFromElixirAtTheJavaNodeFailAtOnceWithNotsup() {
        nodes.start("chip");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());

        assertThat(iex.eval("{t, r} = :timer.tc(fn -> try do :erpc.call(:\"chip@localhost\", :erlang, :node, [],"
                        + " 30_000) catch k, r -> {k, r} end end); {t < 2_000_000, r}"))
                .isEqualTo("{true, {:error, {:erpc, :notsup}}}");
        assertThat(iex.eval("{t, r} = :timer.tc(fn -> :rpc.call(:\"chip@localhost\", :erlang, :node, [], 30_000)"
                        + " end); {t < 2_000_000, r}"))
                .isEqualTo("{true, {:badrpc, :notsup}}");
    }

    @Test
    void rexOnAVisibleJavaNodeAnswersTheFeaturesRequestWithoutErpc() {
        nodes.start(nodes.config("chip").visible(true));
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());
        assertThat(iex.eval("Node.connect(:\"chip@localhost\")")).isEqualTo("true");

        // OTP's rpc asks every node that comes up for its features and keeps the answer here;
        // without a reply the node would have no entry.
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                        iex.eval(":ets.lookup(:persistent_term.get(:rex_nodes_observer), :\"chip@localhost\")"))
                .isEqualTo("[chip@localhost: false]"));
    }

    @Test
    void anOldStyleRexCallGetsNotsupAtOnce() {
        nodes.start("chip");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());

        assertThat(iex.eval("{t, r} = :timer.tc(fn -> GenServer.call({:rex, :\"chip@localhost\"},"
                        + " {:call, :erlang, :node, [], :user}, 30_000) end); {t < 2_000_000, r}"))
                .isEqualTo("{true, {:badrpc, :notsup}}");
    }

    @Test
    void rexAnswersNoReplyToAPidOfANodeItIsNotConnectedTo() {
        Node chip = nodes.start(nodes.config("chip").visible(true));
        Mailbox inbox = chip.createMailbox("inbox");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());
        assertThat(iex.eval("Node.connect(:\"chip@localhost\")")).isEqualTo("true");

        // a pid of ghost@localhost, a node nobody runs: replying to it would make chip dial ghost
        iex.eval("ghost = :erlang.binary_to_term(<<131, 88, 100, 0, 15, \"ghost@localhost\", 0, 0, 0, 1,"
                + " 0, 0, 0, 0, 0, 0, 0, 1>>); send({:rex, :\"chip@localhost\"}, {ghost, :features_request});"
                + " send({:inbox, :\"chip@localhost\"}, :after)");
        try {
            assertThat(inbox.receive(WAIT)).contains(Atom.of("after"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }

        await().during(Duration.ofMillis(500))
                .atMost(WAIT)
                .until(() ->
                        chip.connectFailure(NodeName.parse("ghost@localhost")).isEmpty()
                                && chip.nodes().size() == 1);
    }
}

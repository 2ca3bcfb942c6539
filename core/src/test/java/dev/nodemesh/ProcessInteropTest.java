package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Monitors, links and node events between a nodemesh node and a real Elixir node, in both
 * directions, including the seed chapter's {@code Process.monitor({:my_iex, :"chip@host"})}.
 */
@Interop
class ProcessInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String RECEIVE = "receive do m -> m after 10_000 -> :timeout end";

    private final TestNodes nodes = new TestNodes();
    private BeamNode iex;
    private BeamNode erl;

    @BeforeEach
    void requireElixir() {
        ErlangRuntime.requireElixir();
    }

    @AfterEach
    void stop() {
        if (iex != null) {
            iex.close();
        }
        if (erl != null) {
            erl.close();
        }
        nodes.close();
    }

    @Test
    void elixirMonitoringAJavaMailboxSeesShutdownWhenTheJavaNodeCloses() {
        nodes.start("keeper"); // hosts the embedded EPMD, which must outlive chip
        Node chip = chipWatchedByIex();
        chip.close();

        assertThat(iexDown()).isEqualTo("{:DOWN, :ref, :process, {:my_iex, :chip@localhost}, :shutdown}");
    }

    /** Starts chip with a mailbox {@code my_iex} and an iex node that monitors it by name. */
    private Node chipWatchedByIex() {
        Node chip = nodes.start("chip");
        chip.createMailbox("my_iex");
        iex = BeamNode.elixir("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());
        iex.eval("ref = Process.monitor({:my_iex, :\"chip@localhost\"})");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> chip.runtime()
                .monitors()
                .isWatched(chip.whereis("my_iex").orElseThrow()));
        return chip;
    }

    /** The Down the iex node received for its monitor {@code ref}, with the ref left out. */
    private String iexDown() {
        return iex.eval("receive do {:DOWN, ^ref, :process, obj, reason} -> {:DOWN, :ref, :process, obj, reason}"
                + " after 10_000 -> :timeout end");
    }

    @Test
    void erlangMonitoringAJavaMailboxByPidSeesShutdownWhenTheJavaNodeCloses() throws Exception {
        nodes.start("keeper"); // hosts the embedded EPMD, which must outlive chip
        Node chip = nodes.start("chip");
        Mailbox target = chip.createMailbox();
        erl = BeamNode.erl("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());
        erl.eval("register(shell_inbox, self())");
        target.send("shell_inbox", "dale@localhost", target.pid());

        erl.eval("Pid = receive P when is_pid(P) -> P after 10000 -> timeout end");
        erl.eval("Ref = erlang:monitor(process, Pid)");
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(() -> chip.runtime().monitors().isWatched(target.pid()));
        chip.close();

        assertThat(erl.eval("receive {'DOWN', Ref, process, Pid, Reason} -> Reason after 10000 -> timeout end"))
                .isEqualTo("shutdown");
    }

    @Test
    void elixirMonitoringAJavaMailboxSeesNoconnectionWhenTheConnectionDrops() {
        Node chip = chipWatchedByIex();
        chip.disconnect("dale@localhost");

        assertThat(iexDown()).isEqualTo("{:DOWN, :ref, :process, {:my_iex, :chip@localhost}, :noconnection}");
    }

    @Test
    void javaMonitoringAnIexShellSeesNoconnectionWhenTheBeamNodeIsKilled() throws Exception {
        Node chip = nodes.start("chip");
        iex = BeamNode.elixir("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());
        iex.eval("Process.register(self(), :my_iex)");
        Mailbox shell = chip.createMailbox();

        Ref ref = shell.monitor("my_iex", "dale@localhost");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> chip.nodes().size() == 1);
        assertThat(
                        iex.eval(
                                "Process.info(self(), :monitored_by) |> elem(1) |> Enum.any?(&(node(&1) == :\"chip@localhost\"))"))
                .isEqualTo("true");
        iex.kill();

        Term down = shell.receive(WAIT).orElseThrow();
        assertThat(down)
                .isEqualTo(Tuple.of(
                        Atom.of("DOWN"),
                        ref,
                        Atom.of("process"),
                        Tuple.of(Atom.of("my_iex"), Atom.of("dale@localhost")),
                        Atom.of("noconnection")));
    }

    @Test
    void monitorsSeeExitReasonsAndNoprocBothWays() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox myIex = chip.createMailbox("my_iex");
        Mailbox java = chip.createMailbox();
        iex = BeamNode.elixir("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());

        iex.eval("ref = Process.monitor({:my_iex, :\"chip@localhost\"})");
        iex.eval("missing = Process.monitor({:nobody, :\"chip@localhost\"})");
        assertThat(iex.eval("receive do {:DOWN, ^missing, :process, obj, r} -> {obj, r} after 10_000 -> :timeout end"))
                .isEqualTo("{{:nobody, :chip@localhost}, :noproc}");
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(() -> chip.runtime().monitors().isWatched(myIex.pid()));
        myIex.close(Atom.of("shutting_down"));
        assertThat(iex.eval("receive do {:DOWN, ^ref, :process, obj, r} -> {obj, r} after 10_000 -> :timeout end"))
                .isEqualTo("{{:my_iex, :chip@localhost}, :shutting_down}");

        iex.eval("worker = spawn(fn -> receive do :stop -> exit(:bye) end end); Process.register(worker, :worker)");
        Ref workerRef = java.monitor("worker", "dale@localhost");
        Ref nobodyRef = java.monitor("nobody", "dale@localhost");
        assertThat(java.receive(WAIT))
                .contains(new Down(nobodyRef, Tuple.of(Atom.of("nobody"), Atom.of("dale@localhost")), Atom.of("noproc"))
                        .toTerm());
        iex.eval("send(:worker, :stop)");
        assertThat(java.receive(WAIT))
                .contains(new Down(workerRef, Tuple.of(Atom.of("worker"), Atom.of("dale@localhost")), Atom.of("bye"))
                        .toTerm());
    }

    @Test
    void linksWorkBothWaysWithUnlinkId() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox javaBox = chip.createMailbox("linked");
        iex = BeamNode.elixir("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());

        // Elixir links to the Java mailbox and traps the exit when it closes.
        iex.eval("Process.flag(:trap_exit, true)");
        iex.eval("send({:linked, :\"chip@localhost\"}, {:pid, self()})");
        Pid shell = (Pid) ((Tuple) javaBox.receive(WAIT).orElseThrow()).get(1);
        javaBox.link(shell);
        javaBox.send(shell, javaBox.pid());
        iex.eval("java = " + RECEIVE);
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(() -> chip.runtime().links().isLinked(javaBox.pid(), shell));
        assertThat(iex.eval("java in elem(Process.info(self(), :links), 1)")).isEqualTo("true");

        // Unlink from the Elixir side: the UNLINK_ID is acknowledged and the link is gone on both sides.
        iex.eval("Process.unlink(java)");
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(() -> !chip.runtime().links().isLinked(javaBox.pid(), shell));
        iex.eval("Process.link(java)");
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(() -> chip.runtime().links().isLinked(javaBox.pid(), shell));

        javaBox.close(Atom.of("boom"));
        assertThat(iex.eval("receive do {:EXIT, ^java, r} -> r after 10_000 -> :timeout end"))
                .isEqualTo(":boom");

        // Java links to an Elixir process, which then exits.
        Mailbox watcher = chip.createMailbox("watcher");
        iex.eval("worker = spawn(fn -> receive do :stop -> exit(:worker_done) end end)");
        iex.eval("send({:watcher, :\"chip@localhost\"}, worker)");
        Pid worker = (Pid) watcher.receive(WAIT).orElseThrow();
        watcher.link(worker);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> iex.eval(
                        "Process.info(worker, :links) |> elem(1) |> Enum.any?(&(node(&1) == :\"chip@localhost\"))")
                .equals("true"));
        iex.eval("send(worker, :stop)");
        assertThat(watcher.receive(WAIT)).contains(Tuple.of(Atom.of("EXIT"), worker, Atom.of("worker_done")));
    }

    @Test
    void elixirExitSignalsReachTheMailbox() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox target = chip.createMailbox();
        Mailbox watcher = chip.createMailbox();
        iex = BeamNode.elixir("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());
        iex.eval("Process.register(self(), :shell)");
        target.send("shell", "dale@localhost", target.pid());
        iex.eval("java = " + RECEIVE);
        Ref ref = watcher.monitor(target.pid());

        iex.eval("Process.exit(java, :please_stop)");
        Term exit = target.receive(WAIT).orElseThrow();
        assertThat(((Tuple) exit).get(0)).isEqualTo(Atom.of("EXIT"));
        assertThat(((Tuple) exit).get(2)).isEqualTo(Atom.of("please_stop"));

        iex.eval("Process.exit(java, :kill)");
        assertThat(watcher.receive(WAIT)).contains(new Down(ref, target.pid(), Atom.of("killed")).toTerm());
        assertThat(target.isClosed()).isTrue();
    }

    @Test
    void erpcAndRpcAtTheJavaNodeFailFastWithNotsup() {
        nodes.start("chip");
        iex = BeamNode.elixir("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());

        long start = System.nanoTime();
        assertThat(iex.eval("try do :erpc.call(:\"chip@localhost\", :erlang, :node, []) catch k, r -> {k, r} end"))
                .isEqualTo("{:error, {:erpc, :notsup}}");
        assertThat(iex.eval(":rpc.call(:\"chip@localhost\", :erlang, :node, [])"))
                .isEqualTo("{:badrpc, :notsup}");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void javaNodeEventsArriveInOrderAroundAnElixirNodesMessages() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox inbox = chip.createMailbox("inbox");
        inbox.monitorNodes(true);
        iex = BeamNode.elixir("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());

        assertThat(iex.eval("Node.connect(:\"chip@localhost\")")).isEqualTo("true");
        iex.eval("send({:inbox, :\"chip@localhost\"}, :first); send({:inbox, :\"chip@localhost\"}, :last)");
        iex.eval("Node.disconnect(:\"chip@localhost\")");

        assertThat(((Tuple) inbox.receive(WAIT).orElseThrow()).get(0)).isEqualTo(Atom.of("nodeup"));
        assertThat(inbox.receive(WAIT)).contains(Atom.of("first"));
        assertThat(inbox.receive(WAIT)).contains(Atom.of("last"));
        assertThat(((Tuple) inbox.receive(WAIT).orElseThrow()).get(0)).isEqualTo(Atom.of("nodedown"));
    }
}

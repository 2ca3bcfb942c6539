package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermSyntax;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gen_server protocol both ways between a nodemesh node and a real {@code elixir --sname} node. */
@Interop
class GenServerInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration FAST = Duration.ofSeconds(3);
    private static final String DALE = "dale@localhost";
    private static final String COUNTER = "defmodule Counter do use GenServer;"
            + " def init(n), do: {:ok, n};"
            + " def handle_call(:get, _from, n), do: {:reply, n, n};"
            + " def handle_call(:stop_me, _from, n), do: {:stop, :boom, n};"
            + " def handle_call(:hang, _from, n), do: {:noreply, n + 1000};"
            + " def handle_cast({:add, k}, n), do: {:noreply, n + k} end; :defined";

    private final TestNodes nodes = new TestNodes();
    private BeamNode iex;
    private GreeterLoop greeter;

    @BeforeEach
    void requireElixir() {
        ErlangRuntime.requireElixir();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (greeter != null) {
            greeter.close();
        }
        if (iex != null) {
            iex.close();
        }
        nodes.close();
    }

    @Test
    void elixirCallsAndCastsAJavaMailboxByName() throws Exception {
        Node chip = nodes.start("chip");
        greeter = new GreeterLoop(chip, "greeter");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());

        assertThat(iex.eval("GenServer.call({:greeter, :\"chip@localhost\"}, {:greet, \"dale\"})"))
                .isEqualTo("\"Hello, dale!\"");
        GenServerRequest.Call call = greeter.calls.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(call.from().node()).isEqualTo(Atom.of(DALE));
        assertThat(call.tag()).isInstanceOfSatisfying(TermList.class, tag -> {
            assertThat(tag.isProper()).isFalse();
            assertThat(tag.get(0)).isEqualTo(Atom.of("alias"));
        });

        assertThat(iex.eval("GenServer.call({:greeter, :\"chip@localhost\"}, :what)"))
                .isEqualTo("{:unknown, :what}");

        assertThat(iex.eval("GenServer.cast({:greeter, :\"chip@localhost\"}, {:note, \"hi\"})"))
                .isEqualTo(":ok");
        assertThat(greeter.casts.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo(TermSyntax.ELIXIR.parse("{:note, \"hi\"}"));
    }

    @Test
    void elixirCallsAJavaPidAndErlangCallsTheSameServer() throws Exception {
        Node chip = nodes.start("chip");
        greeter = new GreeterLoop(chip, "greeter");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());

        iex.eval("Process.register(self(), :shell)");
        chip.send("shell", DALE, greeter.mailbox.pid());
        assertThat(iex.eval("pid = receive do p -> p after 10_000 -> :timeout end;"
                        + " :gen_server.call(pid, {:greet, \"erl\"}, 5000)"))
                .isEqualTo("\"Hello, erl!\"");
    }

    @Test
    void elixirCallsAJavaMailboxWithAHandler() {
        Node chip = nodes.start("chip");
        chip.createMailbox("echo_server", (message, self) -> {
            if (GenServerRequest.parse(message).orElse(null) instanceof GenServerRequest.Call call) {
                call.reply(self, Tuple.of(Atom.of("echo"), call.request()));
            }
        });
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());

        assertThat(iex.eval("GenServer.call({:echo_server, :\"chip@localhost\"}, [1, :two, \"three\"])"))
                .isEqualTo("{:echo, [1, :two, \"three\"]}");
    }

    @Test
    void elixirCallingAJavaNameThatDoesNotExistExitsWithNoproc() {
        nodes.start("chip");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());

        String result = iex.eval("{t, r} = :timer.tc(fn -> try do GenServer.call({:nobody,"
                + " :\"chip@localhost\"}, :hi, 30_000) catch :exit, r -> r end end); {t < 2_000_000, elem(r, 0)}");
        assertThat(result).isEqualTo("{true, :noproc}");
    }

    @Test
    void javaCallsAndCastsAnElixirGenServer() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox inbox = chip.createMailbox("inbox");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());
        assertThat(iex.eval(COUNTER)).isEqualTo(":defined");
        assertThat(iex.eval("{:ok, _} = GenServer.start(Counter, 0, name: :counter); :started"))
                .isEqualTo(":started");

        assertThat(GenServer.call(chip, "counter", DALE, Atom.of("get"), WAIT)).isEqualTo(Int.of(0));
        GenServer.cast(chip, "counter", DALE, Tuple.of(Atom.of("add"), Int.of(5)));
        assertThat(GenServer.call(chip, "counter", DALE, Atom.of("get"), WAIT)).isEqualTo(Int.of(5));

        iex.eval("send({:inbox, :\"chip@localhost\"}, Process.whereis(:counter))");
        Pid counter = (Pid) inbox.receive(WAIT).orElseThrow();
        GenServer.cast(inbox, counter, Tuple.of(Atom.of("add"), Int.of(2)));
        assertThat(GenServer.call(inbox, counter, Atom.of("get"), WAIT)).isEqualTo(Int.of(7));
        assertThat(inbox.size()).isZero();
    }

    @Test
    void aCallToANameThatDoesNotExistFailsFastWithNoproc() {
        Node chip = nodes.start("chip");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());

        long start = System.nanoTime();
        CallException e = catchThrowableOfType(
                () -> GenServer.call(chip, "nobody", DALE, Atom.of("get"), LONG), CallException.class);

        assertThat(e.reason()).isEqualTo(Atom.of("noproc"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
    }

    @Test
    void aCallToAServerThatStopsDuringTheCallFailsWithItsExitReason() {
        Node chip = nodes.start("chip");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());
        iex.eval(COUNTER);
        iex.eval("GenServer.start(Counter, 0, name: :counter)");

        long start = System.nanoTime();
        CallException e = catchThrowableOfType(
                () -> GenServer.call(chip, "counter", DALE, Atom.of("stop_me"), LONG), CallException.class);

        assertThat(e).isNotInstanceOf(CallTimeoutException.class);
        assertThat(e.reason()).isEqualTo(Atom.of("boom"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
    }

    @Test
    void aCallWithoutAReplyTimesOutAndLeavesNoMonitorBehind() {
        Node chip = nodes.start("chip");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());
        iex.eval(COUNTER);
        iex.eval("GenServer.start(Counter, 0, name: :counter)");

        CallTimeoutException e = catchThrowableOfType(
                () -> GenServer.call(chip, "counter", DALE, Atom.of("hang"), Duration.ofMillis(300)),
                CallTimeoutException.class);

        assertThat(e.reason()).isEqualTo(Atom.of("timeout"));
        await().atMost(WAIT)
                .until(
                        () -> iex.eval("Process.info(Process.whereis(:counter), :monitored_by)"),
                        monitoredBy -> monitoredBy.equals("{:monitored_by, []}"));
    }

    @Test
    void aCallToANodeThatDiesDuringTheCallFailsFastWithNoconnection() throws Exception {
        Node chip = nodes.start("chip");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());
        iex.eval(COUNTER);
        iex.eval("GenServer.start(Counter, 0, name: :counter)");

        FutureTask<Term> pending = new FutureTask<>(() -> GenServer.call(chip, "counter", DALE, Atom.of("hang"), LONG));
        Thread caller = new Thread(pending, "caller");
        caller.start();
        await().atMost(WAIT).until(() -> iex.eval(":sys.get_state(:counter)"), "1000"::equals);
        assertThat(iex.eval("{:monitored_by, pids} = Process.info(Process.whereis(:counter), :monitored_by);"
                        + " Enum.map(pids, &node/1)"))
                .isEqualTo("[:chip@localhost]");

        long start = System.nanoTime();
        iex.kill();
        ExecutionException e =
                catchThrowableOfType(() -> pending.get(WAIT.toSeconds(), TimeUnit.SECONDS), ExecutionException.class);
        caller.join();

        assertThat(e.getCause()).isInstanceOfSatisfying(CallException.class, failure -> assertThat(failure.reason())
                .isEqualTo(Atom.of("noconnection")));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
    }

    @Test
    void elixirGetsTheReplyOfAJavaServerThatRepliesLater() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox server = chip.createMailbox("later");
        iex = BeamNode.elixir(DALE, TestNodes.COOKIE, nodes.epmdPort());

        iex.eval("task = Task.async(fn -> GenServer.call({:later, :\"chip@localhost\"}, :ask, 10_000) end); :ok");
        GenServerRequest.Call first = (GenServerRequest.Call)
                GenServerRequest.parse(server.receive(WAIT).orElseThrow()).orElseThrow();
        first.reply(server, Binary.of("answer"));

        assertThat(iex.eval("Task.await(task)")).isEqualTo("\"answer\"");
    }
}

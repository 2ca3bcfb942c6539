package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermSyntax;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed chapter's walkthrough with a real {@code elixir --sname} node on one side and a
 * nodemesh node on the other, in both roles.
 */
@Interop
class ElixirNodeInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

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
    void iexDaleConnectsToJavaChipAndSendsToItsRegisteredMailbox() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox myIex = chip.createMailbox("my_iex");
        iex = BeamNode.elixir("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());

        assertThat(iex.eval("Node.connect(:\"chip@localhost\")")).isEqualTo("true");
        assertThat(iex.eval("Node.list(:hidden)")).isEqualTo("[:chip@localhost]");
        await().atMost(WAIT).until(() -> chip.nodes().size() == 1);
        assertThat(chip.nodes().get(0).name().toString()).isEqualTo("dale@localhost");

        iex.eval("send({:my_iex, :\"chip@localhost\"}, :hello_from_dale)");
        assertThat(myIex.receive(WAIT)).contains(Atom.of("hello_from_dale"));

        assertThat(iex.eval("Node.disconnect(:\"chip@localhost\")")).isEqualTo("true");
        assertThat(iex.eval("Node.list(:hidden)")).isEqualTo("[]");
        await().atMost(WAIT).until(() -> chip.nodes().isEmpty());

        iex.eval("send({:my_iex, :\"chip@localhost\"}, {:hi, \"there\", 42})");
        assertThat(myIex.receive(WAIT)).contains(TermSyntax.ELIXIR.parse("{:hi, \"there\", 42}"));
        assertThat(iex.eval("Node.list(:hidden)")).isEqualTo("[:chip@localhost]");

        assertThat(iex.eval("Node.ping(:\"chip@localhost\")")).isEqualTo(":pong");
    }

    @Test
    void javaDaleConnectsToIexChipAndSendsToItsShell() throws Exception {
        Node dale = nodes.start("dale");
        iex = BeamNode.elixir("chip@localhost", TestNodes.COOKIE, nodes.epmdPort());
        iex.eval("Process.register(self(), :my_iex)");

        assertThat(dale.connect("chip@localhost")).isTrue();
        assertThat(dale.nodes()).extracting(n -> n.name().toString()).containsExactly("chip@localhost");
        // the accepting erl marks the node up just after it sent its acknowledgement
        await().atMost(Duration.ofSeconds(10))
                .until(() -> iex.eval("Node.list(:hidden)").equals("[:dale@localhost]"));
        assertThat(iex.eval("Node.list()")).isEqualTo("[]");

        Mailbox shell = dale.createMailbox();
        shell.send("my_iex", "chip@localhost", Atom.of("hello_from_dale"));
        assertThat(iex.eval(receive())).isEqualTo(":hello_from_dale");

        assertThat(dale.disconnect("chip@localhost")).isTrue();
        await().atMost(WAIT).until(() -> iex.eval("Node.list(:hidden)").equals("[]"));

        shell.send("my_iex", "chip@localhost", Atom.of("hello_again"));
        assertThat(iex.eval(receive())).isEqualTo(":hello_again");
        assertThat(dale.nodes()).hasSize(1);

        shell.send("my_iex", "chip@localhost", Tuple.of(shell.pid(), Atom.of("ping")));
        iex.eval("{from, :ping} = " + receive() + "; send(from, {:pong, node()})");
        Term pong = shell.receive(WAIT).orElseThrow();
        assertThat(pong).isEqualTo(Tuple.of(Atom.of("pong"), Atom.of("chip@localhost")));
        assertThat(dale.ping("chip@localhost")).isEqualTo(PingResult.PONG);
    }

    @Test
    void aVisibleJavaNodeIsListedByNodeList() throws Exception {
        Node chip = nodes.start(nodes.config("chip").visible(true));
        iex = BeamNode.elixir("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());

        assertThat(iex.eval("Node.connect(:\"chip@localhost\")")).isEqualTo("true");
        assertThat(iex.eval("Node.list()")).isEqualTo("[:chip@localhost]");
        await().atMost(WAIT).until(() -> chip.nodes().size() == 1);
        assertThat(chip.nodes().get(0).visible()).isTrue();
    }

    @Test
    void iexSendsToAJavaPidAndGetsTheReplyAtItsOwnPid() throws Exception {
        Node chip = nodes.start("chip");
        Mailbox echo = chip.createMailbox("echo");
        iex = BeamNode.elixir("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());

        iex.eval("send({:echo, :\"chip@localhost\"}, {self(), :hello})");
        Tuple request = (Tuple) echo.receive(WAIT).orElseThrow();
        Pid iexPid = (Pid) request.get(0);
        assertThat(iexPid.node()).isEqualTo(Atom.of("dale@localhost"));
        echo.send(iexPid, Tuple.of(echo.pid(), Atom.of("world")));

        assertThat(iex.eval("{pid, :world} = " + receive() + "; node(pid)")).isEqualTo(":chip@localhost");
    }

    private static String receive() {
        return "receive do m -> m after 10_000 -> :timeout end";
    }
}

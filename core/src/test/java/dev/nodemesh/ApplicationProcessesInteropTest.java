package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a peer can do to the application's processes (issue 12, defects 5 and 6), with a real
 * Elixir or Erlang node as the peer: a mailbox that ignores {@code kill}, the exit listener that
 * a supervisor needs, a node that accepts connections only once activated, and the count of
 * messages that reached no process.
 */
@Interop
class ApplicationProcessesInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String RECEIVE = "receive do m -> m after 10_000 -> :timeout end";

    private final TestNodes nodes = new TestNodes();
    private BeamNode peer;

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.close();
        }
        nodes.close();
    }

    @Test
    void aMailboxThatIgnoresKillSurvivesKillFromIexAndOthersTellTheirExitListener() throws Exception {
        ErlangRuntime.requireElixir();
        Node chip = nodes.start("chip");
        CompletableFuture<Term> exitReason = new CompletableFuture<>();
        Mailbox killable = chip.createMailbox(MailboxOptions.builder()
                .name("killable")
                .onExit((mailbox, reason) -> exitReason.complete(reason))
                .build());
        Mailbox immune = chip.createMailbox(
                MailboxOptions.builder().name("immune").ignoreKill(true).build());
        peer = BeamNode.elixir("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());
        peer.eval("Process.register(self(), :shell)");
        immune.send("shell", "dale@localhost", Tuple.of(killable.pid(), immune.pid()));
        peer.eval("{killable, immune} = " + RECEIVE);

        peer.eval("Process.exit(killable, :kill)");
        peer.eval("Process.exit(immune, :kill)");
        peer.eval("send(immune, :still_here)");

        assertThat(exitReason.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Atom.of("killed"));
        assertThat(chip.whereis("killable")).isEmpty();
        assertThat(immune.receive(WAIT)).contains(Atom.of("still_here"));
        assertThat(immune.isClosed()).isFalse();
        assertThat(chip.whereis("immune")).contains(immune.pid());
    }

    @Test
    void aNodeStartedWithoutAcceptingTakesAnEarlyErlPeerOnlyOnceActivatedSoItsSendFindsTheName() throws Exception {
        ErlangRuntime.requireErl();
        nodes.start("keeper"); // hosts the embedded EPMD
        Node chip = nodes.start(nodes.config("chip").acceptOnStart(false));
        assertThat(chip.isAccepting()).isFalse();
        peer = BeamNode.erl("dale@localhost", TestNodes.COOKIE, nodes.epmdPort(), "-hidden");
        peer.eval("Self = self()");
        peer.eval("spawn(fun() -> R = net_kernel:connect_node('chip@localhost'),"
                + " {greeter, 'chip@localhost'} ! {early, R}, Self ! {connected, R} end)");

        // The peer has found chip in EPMD and connected; its handshake waits in chip's backlog.
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> chip.nodes()
                .isEmpty());
        Mailbox greeter = chip.createMailbox("greeter");
        chip.activate();

        assertThat(greeter.receive(WAIT)).contains(Tuple.of(Atom.of("early"), Atom.of("true")));
        assertThat(peer.eval("receive {connected, R} -> R after 10000 -> timeout end"))
                .isEqualTo("true");
        assertThat(chip.isAccepting()).isTrue();
        assertThat(chip.undeliverable()).isZero();
    }

    @Test
    void sendsToMissingNamesAndDeadPidsAreCountedFromPeersAndFromThisNode() throws Exception {
        ErlangRuntime.requireElixir();
        Node chip = nodes.start("chip");
        Mailbox inbox = chip.createMailbox("inbox");
        Mailbox gone = chip.createMailbox();
        Pid dead = gone.pid();
        gone.close();
        peer = BeamNode.elixir("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());
        peer.eval("Process.register(self(), :shell)");
        inbox.send("shell", "dale@localhost", dead);
        peer.eval("dead = " + RECEIVE);

        peer.eval("for _ <- 1..3, do: send({:nobody, :\"chip@localhost\"}, :lost)");
        peer.eval("for _ <- 1..2, do: send(dead, :lost)");
        peer.eval("send({:inbox, :\"chip@localhost\"}, :last)");
        assertThat(inbox.receive(WAIT)).contains(Atom.of("last"));
        assertThat(chip.undeliverable(UndeliverableReason.NO_SUCH_NAME)).isEqualTo(3);
        assertThat(chip.undeliverable(UndeliverableReason.NO_SUCH_PROCESS)).isEqualTo(2);

        chip.send("nobody", "chip@localhost", Atom.of("lost"));
        inbox.send(dead, Atom.of("lost"));
        assertThat(chip.undeliverable(UndeliverableReason.NO_SUCH_NAME)).isEqualTo(4);
        assertThat(chip.undeliverable(UndeliverableReason.NO_SUCH_PROCESS)).isEqualTo(3);
        assertThat(chip.undeliverable()).isEqualTo(7);
    }
}

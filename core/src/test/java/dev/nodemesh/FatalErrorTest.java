package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.epmd.EpmdClient;
import dev.nodemesh.process.LocalProcess;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An {@link Error} (out of memory, stack overflow, ...) on any of a node's threads closes the node:
 * peers see it down at once, its name leaves EPMD, and the application hears why. Each test
 * simulates the Error where the node's code calls out: a handler, a local process on the network
 * thread, a status listener.
 */
@Interop
class FatalErrorTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestNodes nodes = new TestNodes();
    private BeamNode erl;

    @AfterEach
    void stop() {
        if (erl != null) {
            erl.close();
        }
        nodes.close();
    }

    @Test
    void anErrorInAHandlerOnADispatchThreadClosesTheNode() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Failures failures = listenForFailures(dale);
        BlockingQueue<NodeName> downs = listenForDowns(chip);
        dale.createMailbox("boom", (message, self) -> {
            throw new OutOfMemoryError("simulated: Java heap space");
        });
        assertThat(chip.connect("dale@localhost")).isTrue();

        chip.send("boom", "dale@localhost", Atom.of("allocate"));

        awaitClosed(dale);
        assertClosedAfter(dale, "simulated: Java heap space", failures);
        assertThat(downs.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(NodeName.parse("dale@localhost"));
        assertThat(chip.nodes()).isEmpty();
    }

    @Test
    void anErrorOnTheNetworkThreadClosesTheNode() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Failures failures = listenForFailures(dale);
        BlockingQueue<NodeName> downs = listenForDowns(chip);
        registerExplodingProcess(dale, "bomb", new StackOverflowError("simulated"));
        assertThat(chip.connect("dale@localhost")).isTrue();

        chip.send("bomb", "dale@localhost", Atom.of("deliver"));

        awaitClosed(dale);
        assertClosedAfter(dale, "simulated", failures);
        assertThat(downs.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(NodeName.parse("dale@localhost"));
    }

    @Test
    void anErrorInAHandlerOnTheNetworkThreadClosesTheNode() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Failures failures = listenForFailures(dale);
        dale.createMailbox(MailboxOptions.builder()
                .name("fast")
                .handleOnNetworkThread(true)
                .handler((message, self) -> {
                    throw new OutOfMemoryError("simulated on the network thread");
                })
                .build());

        chip.send("fast", "dale@localhost", Atom.of("allocate"));

        awaitClosed(dale);
        assertClosedAfter(dale, "simulated on the network thread", failures);
    }

    @Test
    void anErrorInAStatusListenerClosesTheNode() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Failures failures = listenForFailures(dale);
        onNodeUp(dale, () -> {
            throw new OutOfMemoryError("simulated in a listener");
        });

        assertThat(chip.connect("dale@localhost")).isTrue();

        awaitClosed(dale);
        assertClosedAfter(dale, "simulated in a listener", failures);
    }

    @Test
    void aRealErlNodeSeesNodedownWhenAnErrorClosesTheNode() throws Exception {
        ErlangRuntime.requireErl();
        nodes.start("chip");
        Node dale = nodes.start("dale");
        Failures failures = listenForFailures(dale);
        dale.createMailbox("boom", (message, self) -> {
            throw new OutOfMemoryError("simulated");
        });
        erl = BeamNode.erl("erl@localhost", TestNodes.COOKIE, nodes.epmdPort());
        assertThat(erl.eval("net_kernel:monitor_nodes(true, [{node_type, all}])"))
                .isEqualTo("ok");
        assertThat(erl.eval("net_adm:ping('dale@localhost')")).isEqualTo("pong");

        erl.eval("{boom, 'dale@localhost'} ! allocate");

        assertThat(erl.eval("receive {nodedown, 'dale@localhost', _} -> down after 10000 -> still_up end"))
                .isEqualTo("down");
        awaitClosed(dale);
        assertClosedAfter(dale, "simulated", failures);
    }

    @Test
    void aRuntimeExceptionOnANodeThreadIsNotFatal() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        Failures failures = listenForFailures(dale);
        onNodeUp(dale, () -> {
            throw new IllegalStateException("an ordinary bug");
        });

        assertThat(chip.connect("dale@localhost")).isTrue();
        assertThat(dale.ping("chip@localhost")).isEqualTo(PingResult.PONG);

        assertThat(failures.errors).isEmpty();
        assertThat(dale.failure()).isEmpty();
        assertThat(dale.isClosed()).isFalse();
    }

    /** Adds a status listener that runs {@code action} on every nodeup, on the node's events thread. */
    private static void onNodeUp(Node node, Runnable action) {
        node.addStatusListener(new NodeStatusListener() {
            @Override
            public void nodeUp(NodeName peer, boolean visible) {
                action.run();
            }
        });
    }

    /** Registers a process whose delivery throws, as a delivery that runs out of memory would. */
    private static void registerExplodingProcess(Node node, String name, Error error) {
        LocalProcess bomb = node.runtime().processes().spawn(pid -> new LocalProcess() {
            @Override
            public Pid pid() {
                return pid;
            }

            @Override
            public void deliver(Term message) {
                throw error;
            }
        });
        assertThat(node.runtime().processes().register(Atom.of(name), bomb)).isTrue();
    }

    private void assertClosedAfter(Node node, String message, Failures failures) throws Exception {
        assertThat(node.isClosed()).isTrue();
        assertThatThrownBy(node::createMailbox).isInstanceOf(IllegalStateException.class);
        EpmdClient epmd = new EpmdClient(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), nodes.epmdPort()), Duration.ofSeconds(2));
        await().atMost(WAIT).untilAsserted(() -> assertThat(epmd.names())
                .doesNotContainKey(node.name().alive()));
        assertThat(failures.errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("nodeFailed of %s", node)
                .isInstanceOf(Error.class)
                .hasMessage(message);
        assertThat(node.failure()).get().extracting(Throwable::getMessage).isEqualTo(message);
    }

    /** Waits for the node to close itself, as it does right after the error; the old code never did. */
    private static void awaitClosed(Node node) {
        await().atMost(WAIT).until(node::isClosed);
    }

    private static Failures listenForFailures(Node node) {
        Failures failures = new Failures();
        node.addStatusListener(failures);
        return failures;
    }

    private static BlockingQueue<NodeName> listenForDowns(Node node) {
        BlockingQueue<NodeName> downs = new LinkedBlockingQueue<>();
        node.addStatusListener(new NodeStatusListener() {
            @Override
            public void nodeDown(NodeName peer, NodeDownReason reason) {
                downs.add(peer);
            }
        });
        return downs;
    }

    private static final class Failures implements NodeStatusListener {
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

        @Override
        public void nodeFailed(Throwable error) {
            errors.add(error);
        }
    }
}

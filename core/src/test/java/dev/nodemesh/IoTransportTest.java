package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.dist.Connection;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.transport.SocketKind;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Nodes on Netty's native epoll transport, and the choice between it and NIO. */
class IoTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestNodes nodes = new TestNodes();
    private GreeterLoop greeter;

    @AfterEach
    void stop() throws InterruptedException {
        if (greeter != null) {
            greeter.close();
        }
        nodes.close();
    }

    /** Epoll is on the test class path (netty-transport-native-epoll, linux-x86_64): missing is a skip, or a CI failure. */
    private static void requireEpoll() {
        Optional<Throwable> unavailable = SocketKind.epollUnavailability();
        if (unavailable.isPresent()) {
            String message = "Netty's native epoll is not available here ("
                    + unavailable.get().getMessage() + "): these tests need Linux x86_64";
            if (ErlangRuntime.isCi()) {
                fail(message + " (CI=true, so this is a failure, not a skip)");
            }
            Assumptions.abort(message);
        }
    }

    @Test
    void nodesOnEpollExchangeMessagesAndCallsWithoutDirectWrites() throws Exception {
        requireEpoll();
        Node chip = nodes.start(nodes.config("chip").ioTransport(IoTransport.EPOLL));
        Node dale = nodes.start(nodes.config("dale").ioTransport(IoTransport.EPOLL));
        greeter = new GreeterLoop(chip, "greeter");
        Mailbox sink = chip.createMailbox("sink");
        Mailbox source = dale.createMailbox();

        for (int i = 0; i < 1_000; i++) {
            source.send("sink", "chip@localhost", Int.of(i));
        }
        for (int i = 0; i < 1_000; i++) {
            assertThat(sink.receive(WAIT)).contains(Int.of(i));
        }
        Term reply =
                GenServer.call(dale, "greeter", "chip@localhost", Tuple.of(Atom.of("greet"), Binary.of("epoll")), WAIT);

        assertThat(reply).isEqualTo(Binary.of("Hello, epoll!"));
        assertThat(connectionToChip(dale).directWrites())
                .as("direct writes need NIO sockets")
                .isZero();
    }

    @Test
    void anEpollNodeAndANioNodeTalk() throws Exception {
        requireEpoll();
        Node chip = nodes.start(nodes.config("chip").ioTransport(IoTransport.AUTO));
        Node dale = nodes.start(nodes.config("dale").ioTransport(IoTransport.NIO));
        Mailbox sink = chip.createMailbox("sink");
        Mailbox back = dale.createMailbox("back");

        dale.createMailbox().send("sink", "chip@localhost", Atom.of("hello"));
        assertThat(sink.receive(WAIT)).contains(Atom.of("hello"));
        sink.send("back", "dale@localhost", Atom.of("hi"));
        assertThat(back.receive(WAIT)).contains(Atom.of("hi"));

        assertThat(connectionToChip(dale).directWrites())
                .as("NIO writes directly")
                .isPositive();
    }

    @Test
    void nioIsTheDefault() {
        assertThat(NodeConfig.builder("chip@localhost").build().ioTransport()).isEqualTo(IoTransport.NIO);
    }

    private static Connection connectionToChip(Node node) {
        return await().until(
                        () -> node.runtime().connections().connection(Atom.of("chip@localhost")), Optional::isPresent)
                .orElseThrow();
    }
}

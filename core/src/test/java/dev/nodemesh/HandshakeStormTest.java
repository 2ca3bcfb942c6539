package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.dist.ConnectionManagerLimits;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Strangers holding thousands of silent sockets to the distribution port (connected, never a byte
 * sent) lock no one out: a real {@code erl} still connects and exchanges messages, an established
 * peer keeps delivering, and the node holds no more than its bound of pending handshakes.
 *
 * <p>Once with the default settings, and once with the name deadline as long as the whole
 * handshake's, so that only the admission policy (per-address bound, eviction of the oldest silent
 * handshake) is at work, not the deadline that closes silent sockets after 2 s anyway.
 */
@Interop
class HandshakeStormTest {

    private static final int SILENT_SOCKETS = 2_000;
    private static final int SOURCES = 9; // 127.0.0.1 .. 127.0.0.9, all loopback on Linux
    private static final Duration LONG = Duration.ofSeconds(60);

    private final TestNodes nodes = new TestNodes();
    private final List<SocketChannel> strangers = new ArrayList<>();
    private Selector selector;
    private BeamNode erl;

    @BeforeEach
    void requireErl() throws IOException {
        ErlangRuntime.requireErl();
        selector = Selector.open();
    }

    @AfterEach
    void closeEverything() throws IOException {
        for (SocketChannel stranger : strangers) {
            stranger.close();
        }
        selector.close();
        if (erl != null) {
            erl.close();
        }
        nodes.close();
    }

    @ParameterizedTest(name = "name deadline only by eviction: {0}")
    @ValueSource(booleans = {false, true})
    void aRealErlConnectsAndAPeerKeepsDeliveringWhileTwoThousandSilentSocketsAreHeld(boolean evictionOnly)
            throws Exception {
        NodeConfig.Builder config = nodes.config("chip").handshakeTimeout(NodeConfig.DEFAULT_HANDSHAKE_TIMEOUT);
        Node chip = nodes.start(evictionOnly ? config.handshakeTimeout(LONG).handshakeNameTimeout(LONG) : config);
        Node dale = nodes.start("dale");
        Mailbox inbox = chip.createMailbox("inbox");
        Mailbox daleSender = dale.createMailbox();
        assertThat(dale.connect("chip@localhost")).isTrue();
        erl = BeamNode.erl("ernie@localhost", TestNodes.COOKIE, nodes.epmdPort(), "-hidden");

        for (int i = 0; i < SILENT_SOCKETS; i++) {
            strangers.add(openSilent(InetAddress.getByName("127.0.0." + (1 + i % SOURCES)), chip.address()));
        }

        assertThat(erl.eval("net_adm:ping('chip@localhost')")).isEqualTo("pong");
        erl.eval("{inbox, 'chip@localhost'} ! {self(), hello}");
        Optional<Term> hello = inbox.receive(Duration.ofSeconds(10));
        assertThat(hello).isPresent();
        Tuple request = (Tuple) hello.get();
        assertThat(request.get(1)).isEqualTo(Atom.of("hello"));
        inbox.send((Pid) request.get(0), Atom.of("welcome"));
        assertThat(erl.eval("receive M -> M after 10000 -> timeout end")).isEqualTo("welcome");

        for (int n = 1; n <= 100; n++) {
            daleSender.send("inbox", "chip@localhost", Int.of(n));
        }
        for (int n = 1; n <= 100; n++) {
            assertThat(inbox.receive(Duration.ofSeconds(10))).contains(Int.of(n));
        }
        assertThat(chip.nodes())
                .extracting(node -> node.name().toString())
                .contains("dale@localhost", "ernie@localhost");

        // the node keeps at most its bound of handshakes: it closed all the other silent sockets
        int mayStayOpen = ConnectionManagerLimits.maxPendingIncoming();
        await().atMost(Duration.ofSeconds(30)).until(() -> closedByPeer() >= SILENT_SOCKETS - mayStayOpen);
    }

    private SocketChannel openSilent(InetAddress source, InetSocketAddress target) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.bind(new InetSocketAddress(source, 0));
            channel.connect(target);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private int closed;

    /** Counts the strangers' sockets that the node has closed so far. */
    private int closedByPeer() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        selector.selectNow();
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            SocketChannel channel = (SocketChannel) key.channel();
            int read;
            try {
                do {
                    buffer.clear();
                    read = channel.read(buffer);
                } while (read > 0);
            } catch (IOException reset) {
                read = -1;
            }
            if (read < 0) {
                key.cancel();
                closed++;
            }
        }
        return closed;
    }
}

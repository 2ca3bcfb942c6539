package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.dist.ConnectionManagerLimits;
import dev.nodemesh.dist.DistSettings;
import dev.nodemesh.term.Int;
import dev.nodemesh.testsupport.Slow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever a stranger sends to the distribution port, the connection is closed within the
 * handshake timeout and the node's other connections carry on.
 */
@Slow
class HostileHandshakeTest {

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(1);

    private final TestNodes nodes = new TestNodes();
    private Node chip;
    private Node dale;
    private Mailbox inbox;
    private Mailbox sender;
    private int sequence;

    @BeforeEach
    void connectTwoNodes() {
        chip = nodes.start(nodes.config("chip").handshakeTimeout(HANDSHAKE_TIMEOUT));
        dale = nodes.start("dale");
        inbox = chip.createMailbox("inbox");
        sender = dale.createMailbox();
        assertThat(dale.connect("chip@localhost")).isTrue();
    }

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "ffff", // length far beyond any handshake message
                "474554202f20485454502f312e310d0a0d0a", // an HTTP request
                "0013", // a length and nothing else
                "00134e0000000d075f5fbc", // a name message cut short
                "000c6e00050007df7fbd6140766d", // the legacy 'n' name message
                "0000", // an empty message
                "00037a7a7a", // an unknown tag
                "00134e00000000000000000000000000046140766d", // no mandatory flags at all
                "00184e0000000d075f5fbc000000010009636869704c6f63616c" // our own name without @
            })
    void aHostileOpeningIsClosedWithinTheTimeoutAndOthersCarryOn(String hex) throws Exception {
        try (Socket socket = connectToChip()) {
            socket.getOutputStream().write(HexFormat.of().parseHex(hex));
            socket.getOutputStream().flush();
            Duration closedAfter = awaitClosed(socket);
            assertThat(closedAfter).isLessThan(HANDSHAKE_TIMEOUT.plusSeconds(2));
        }
        assertTrafficStillFlows();
    }

    @Test
    void aPeerDribblingOneByteAtATimeIsClosedByTheTimeout() throws Exception {
        ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
        try (Socket socket = connectToChip()) {
            OutputStream out = socket.getOutputStream();
            byte[] name = HexFormat.of().parseHex("00134e0000000d075f5fbc00000001000461407666");
            int[] next = {0};
            dribbler.scheduleAtFixedRate(
                    () -> {
                        try {
                            out.write(name[next[0]++ % name.length]);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    0,
                    250,
                    TimeUnit.MILLISECONDS);
            Duration closedAfter = awaitClosed(socket);
            assertThat(closedAfter).isBetween(HANDSHAKE_TIMEOUT.minusMillis(100), HANDSHAKE_TIMEOUT.plusSeconds(2));
        } finally {
            dribbler.shutdownNow();
            dribbler.awaitTermination(5, TimeUnit.SECONDS);
        }
        assertTrafficStillFlows();
    }

    @Test
    void aSilentPeerIsClosedByTheTimeout() throws Exception {
        try (Socket socket = connectToChip()) {
            Duration closedAfter = awaitClosed(socket);
            assertThat(closedAfter).isBetween(HANDSHAKE_TIMEOUT.minusMillis(100), HANDSHAKE_TIMEOUT.plusSeconds(2));
        }
        assertTrafficStillFlows();
    }

    @Test
    void oneAddressHoldsAtMostItsBoundOfPendingHandshakesAndLocksNoOneOut() throws Exception {
        Duration longDeadline = Duration.ofSeconds(30);
        Node gate =
                nodes.start(nodes.config("gate").handshakeTimeout(longDeadline).handshakeNameTimeout(longDeadline));
        int perAddress = DistSettings.DEFAULT_MAX_PENDING_HANDSHAKES_PER_SOURCE;
        List<Socket> strangers = new ArrayList<>();
        try {
            for (int i = 0; i <= ConnectionManagerLimits.maxPendingIncoming(); i++) {
                strangers.add(connectTo(gate));
            }
            // each stranger beyond the bound took the place of the oldest silent one
            List<Socket> evicted = strangers.subList(0, strangers.size() - perAddress);
            List<Socket> kept = strangers.subList(strangers.size() - perAddress, strangers.size());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> evicted.stream().allMatch(HostileHandshakeTest::isClosed));
            assertThat(kept).noneMatch(HostileHandshakeTest::isClosed);
            // and a real peer from the same address still gets in while they are held
            Node visitor = nodes.start("visitor");
            assertThat(visitor.connect("gate@localhost")).isTrue();
        } finally {
            for (Socket stranger : strangers) {
                stranger.close();
            }
        }
        assertTrafficStillFlows();
    }

    /** Whether the node closed the socket: a read ends at once instead of timing out. */
    private static boolean isClosed(Socket socket) {
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException open) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static Socket connectTo(Node node) throws IOException {
        Socket socket = new Socket();
        socket.connect(
                new InetSocketAddress(
                        node.address().getAddress(), node.address().getPort()),
                2000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private Socket connectToChip() throws IOException {
        Socket socket = new Socket();
        socket.connect(
                new InetSocketAddress(
                        chip.address().getAddress(), chip.address().getPort()),
                2000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static Duration awaitClosed(Socket socket) throws IOException {
        long start = System.nanoTime();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // a status reply such as "snot_allowed" may come before the close
            }
        } catch (SocketException reset) {
            // a reset is a close too
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void assertTrafficStillFlows() throws InterruptedException {
        int n = ++sequence;
        sender.send("inbox", "chip@localhost", Int.of(n));
        assertThat(inbox.receive(Duration.ofSeconds(5))).contains(Int.of(n));
        assertThat(chip.nodes()).hasSize(1);
    }
}

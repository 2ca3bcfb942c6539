package dev.nodemesh.epmd;

import static dev.nodemesh.epmd.EpmdTestSupport.LOOPBACK;
import static dev.nodemesh.epmd.EpmdTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.epmd.EpmdException.Kind;
import dev.nodemesh.testsupport.Slow;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EpmdClient} against a scripted server: the exact request bytes it sends, and every kind
 * of bad or missing reply giving a typed {@link EpmdException} within the timeout.
 */
@Slow
class EpmdClientProtocolTest {

    private static final Duration SHORT = Duration.ofMillis(400);

    private final ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
    private FakeEpmd fake;

    @AfterEach
    void stop() throws Exception {
        dribbler.shutdownNow();
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void alive2RequestIsExactlyTheDocumentedBytes() throws Exception {
        fake = new FakeEpmd(hex("76 00 6b 04 8d cb"), false);
        EpmdRegistration registration = client(Duration.ofSeconds(5)).register("b", 46229);
        assertThat(hex(fake.request.get(5, TimeUnit.SECONDS)))
                .isEqualTo("00 0e 78 b4 95 4d 00 00 06 00 06 00 01 62 00 00");
        assertThat(Integer.toUnsignedLong(registration.creation())).isEqualTo(1795460555L);
        fake.dropConnection();
        registration.lost().get(5, TimeUnit.SECONDS);
        registration.close();
    }

    @Test
    void legacyAlive2RespIsAccepted() throws Exception {
        fake = new FakeEpmd(hex("79 00 00 02"), false);
        try (EpmdRegistration registration = client(Duration.ofSeconds(5)).register("b", 46229)) {
            assertThat(registration.creation()).isEqualTo(2);
        }
    }

    @Test
    void portPlease2RequestAndFullReplyParse() throws Exception {
        fake = new FakeEpmd(hex("77 00 ac 2f 4d 00 00 06 00 05 00 01 62 00 02 01 02"), true);
        assertThat(client(Duration.ofSeconds(5)).lookup("b")).hasValue(new EpmdEntry("b", 44079, 77, 0, 6, 5));
        assertThat(hex(fake.request.get(5, TimeUnit.SECONDS))).isEqualTo("00 02 7a 62");
    }

    @Test
    void notRegisteredIsEmpty() throws Exception {
        fake = new FakeEpmd(hex("77 01"), true);
        assertThat(client(Duration.ofSeconds(5)).portOf("b")).isEqualTo(OptionalInt.empty());
    }

    @Test
    void namesRequestAndReply() throws Exception {
        byte[] lines =
                "name ep6x at port 40004\nname x at port 36399\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] reply = Arrays.copyOf(hex("00 00 38 21"), 4 + lines.length);
        System.arraycopy(lines, 0, reply, 4, lines.length);
        fake = new FakeEpmd(reply, true);
        assertThat(client(Duration.ofSeconds(5)).names())
                .containsExactly(java.util.Map.entry("ep6x", 40004), java.util.Map.entry("x", 36399));
        assertThat(hex(fake.request.get(5, TimeUnit.SECONDS))).isEqualTo("00 01 6e");
    }

    @Test
    void nameInUseResult() throws Exception {
        fake = new FakeEpmd(hex("76 01 00 00 00 63"), true);
        expect(Kind.NAME_IN_USE, () -> client(Duration.ofSeconds(5)).register("b", 1));
    }

    @Test
    void badRepliesAreProtocolErrors() throws Exception {
        String[][] cases = {
            {"register", "48 54 54 50 2f 31 2e 31"}, // "HTTP/1.1"
            {"register", "76 00 00 00"}, // truncated
            {"register", "76 00 00 00 00 00"}, // creation 0
            {"register", ""}, // closed without answering
            {"lookup", "78 00"}, // wrong tag
            {"lookup", "77 00 ac 2f 4d 00 00 06 00 05 00 01 63 00 00"}, // another node
            {"lookup", "77 00 ac 2f 4d 00 00 06 00 05 00 02 62 62 00 00"}, // wrong name length
            {"lookup", "77 00 00 00 4d 00 00 06 00 05 00 01 62 00 00"}, // port 0
            {"lookup", "77 00 ac 2f 4d 00 00 06 00 05 00 01 62 00 05 01"}, // extra cut short
            {"names", "00 00"}, // no port
            {"names", "00 00 38 21 6e 61 6d 65"}, // "name" without a newline
        };
        for (String[] c : cases) {
            fake = new FakeEpmd(hex(c[1]), true);
            EpmdClient client = client(Duration.ofSeconds(5));
            ThrowingCallable call = c[0].equals("register")
                    ? () -> client.register("b", 1)
                    : c[0].equals("lookup") ? () -> client.lookup("b") : client::names;
            assertThatThrownBy(call)
                    .as(c[0] + " <- " + c[1])
                    .isInstanceOfSatisfying(
                            EpmdException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                    .hasMessageContaining("EPMD at 127.0.0.1:" + fake.port());
            fake.close();
            fake = null;
        }
    }

    @Test
    void anEndlessNamesReplyIsCutOff() throws Exception {
        byte[] huge = new byte[EpmdProtocol.MAX_NAMES_REPLY_BYTES + 100];
        Arrays.fill(huge, (byte) 'a');
        fake = new FakeEpmd(huge, true);
        assertThatThrownBy(() -> client(Duration.ofSeconds(5)).names())
                .isInstanceOfSatisfying(
                        EpmdException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessageContaining("longer than");
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        fake = new FakeEpmd(new byte[0], false);
        long start = System.nanoTime();
        expect(Kind.TIMEOUT, () -> client(SHORT).register("b", 1));
        expect(Kind.TIMEOUT, () -> client(SHORT).names());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aDribblingServerTimesOutAsAWhole() throws Exception {
        fake = new FakeEpmd(new byte[0], false);
        fake.onConnect = out -> dribbler.scheduleAtFixedRate(
                () -> {
                    try {
                        out.write('a');
                        out.flush();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                },
                0,
                50,
                TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        expect(Kind.TIMEOUT, () -> client(SHORT).names());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    private EpmdClient client(Duration timeout) {
        return new EpmdClient(new InetSocketAddress(LOOPBACK, fake.port()), timeout);
    }

    private static void expect(Kind kind, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EpmdException.class, e -> assertThat(e.kind())
                .isEqualTo(kind));
    }

    /** Accepts one connection, reads one request, writes a scripted reply, then closes or holds. */
    private static final class FakeEpmd implements AutoCloseable {
        final CompletableFuture<byte[]> request = new CompletableFuture<>();
        private final ServerSocket server;
        private final Thread thread;
        private volatile Socket connection;
        volatile java.util.function.Consumer<OutputStream> onConnect;

        FakeEpmd(byte[] reply, boolean closeAfterReply) throws IOException {
            server = new ServerSocket(0, 50, LOOPBACK);
            thread = new Thread(
                    () -> {
                        try {
                            while (true) {
                                Socket s = server.accept();
                                connection = s;
                                DataInputStream in = new DataInputStream(s.getInputStream());
                                int length = in.readUnsignedShort();
                                byte[] body = new byte[length];
                                in.readFully(body);
                                byte[] whole = new byte[2 + length];
                                whole[0] = (byte) (length >>> 8);
                                whole[1] = (byte) length;
                                System.arraycopy(body, 0, whole, 2, length);
                                request.complete(whole);
                                OutputStream out = s.getOutputStream();
                                out.write(reply);
                                out.flush();
                                if (onConnect != null) {
                                    onConnect.accept(out);
                                }
                                if (closeAfterReply) {
                                    s.close();
                                }
                            }
                        } catch (IOException e) {
                            // closed
                        }
                    },
                    "fake-epmd");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void dropConnection() throws IOException {
            connection.close();
        }

        @Override
        public void close() throws Exception {
            server.close();
            Socket s = connection;
            if (s != null) {
                s.close();
            }
            thread.join(5000);
        }
    }
}

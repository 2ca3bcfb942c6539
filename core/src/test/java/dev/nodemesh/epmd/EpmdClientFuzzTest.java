package dev.nodemesh.epmd;

import static dev.nodemesh.epmd.EpmdTestSupport.LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of {@link EpmdClient}'s reply parsing, against a fake EPMD on loopback
 * that reads the request, answers with the fuzzer's bytes and closes. The first byte of the input
 * chooses the request (ALIVE2_REQ, PORT_PLEASE2_REQ or NAMES_REQ), the rest is the reply.
 * Whatever the reply, the client returns a result or throws an {@link EpmdException} of kind
 * {@code PROTOCOL} (or {@code NAME_IN_USE} for a registration); a result is consistent with the
 * request.
 */
@Slow // a fake EPMD on a real loopback socket
class EpmdClientFuzzTest {

    private static final String NAME = "chip";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static ServerSocket server;
    private static ExecutorService fake;
    private static EpmdClient client;

    @BeforeAll
    static void start() throws IOException {
        server = new ServerSocket(0, 50, LOOPBACK);
        fake = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fake-epmd");
            thread.setDaemon(true);
            return thread;
        });
        client = new EpmdClient(new InetSocketAddress(LOOPBACK, server.getLocalPort()), TIMEOUT);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        fake.shutdownNow();
        assertThat(fake.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @FuzzTest(maxDuration = "10m")
    void reply(byte[] input) throws Exception {
        if (input.length < 1) {
            return;
        }
        byte[] reply = Arrays.copyOfRange(input, 1, input.length);
        Future<?> answered = fake.submit(() -> answer(reply));
        // Jazzer's server-side request forgery detector reports every connection; these go to the fake
        // (set per execution: the detector is installed when fuzzing starts, after @BeforeAll)
        int fakePort = server.getLocalPort();
        try (SilentCloseable toTheFake = BugDetectors.allowNetworkConnections((host, to) -> to == fakePort)) {
            switch (Math.floorMod(input[0], 3)) {
                case 0 -> {
                    try (EpmdRegistration registration = client.register(NAME, 4000)) {
                        assertThat(registration.creation()).as("creation").isNotZero();
                    }
                }
                case 1 -> {
                    Optional<EpmdEntry> entry = client.lookup(NAME);
                    entry.ifPresent(e -> {
                        assertThat(e.alive()).isEqualTo(NAME);
                        assertThat(e.port()).isBetween(1, 65535);
                    });
                }
                default -> {
                    Map<String, Integer> names = client.names();
                    names.forEach((name, port) -> {
                        assertThat(name).isNotEmpty();
                        assertThat(port).isBetween(1, 65535);
                    });
                }
            }
        } catch (EpmdException e) {
            assertThat(e.kind()).as("kind of %s", e.getMessage()).isIn(Kind.PROTOCOL, Kind.NAME_IN_USE);
            if (e.kind() == Kind.NAME_IN_USE) {
                assertThat(Math.floorMod(input[0], 3))
                        .as("NAME_IN_USE answers a registration")
                        .isZero();
            }
        } finally {
            finish(answered);
        }
    }

    /** Serves one connection: reads its request, writes the reply, closes. */
    private static Void answer(byte[] reply) throws IOException {
        try (Socket socket = server.accept()) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            in.readFully(new byte[in.readUnsignedShort()]);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(reply);
                out.flush();
            } catch (IOException clientClosedEarly) {
                // the client stops reading once it has what it needs
            }
        }
        return null;
    }

    private static void finish(Future<?> answered) throws InterruptedException, TimeoutException {
        try {
            answered.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the fake EPMD failed", e.getCause());
        }
    }
}

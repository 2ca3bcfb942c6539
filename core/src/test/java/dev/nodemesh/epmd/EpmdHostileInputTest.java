package dev.nodemesh.epmd;

import static dev.nodemesh.epmd.EpmdTestSupport.TIMEOUT;
import static dev.nodemesh.epmd.EpmdTestSupport.alive2;
import static dev.nodemesh.epmd.EpmdTestSupport.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.epmd.EpmdTestSupport.Raw;
import dev.nodemesh.testsupport.Slow;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and broken input to {@link EmbeddedEpmd}: each closes only its own connection, within
 * the request deadline, while well-formed registrations keep working.
 */
@Slow
class EpmdHostileInputTest {

    private static final Duration DEADLINE = Duration.ofMillis(800);

    private final ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
    private EmbeddedEpmd epmd;
    private EpmdClient client;
    private EpmdRegistration wellBehaved;

    @BeforeEach
    void start() throws Exception {
        epmd = EmbeddedEpmd.start(loopback(0), DEADLINE, 64);
        client = new EpmdClient(epmd.address(), TIMEOUT);
        wellBehaved = client.register("chip", 40001);
    }

    @AfterEach
    void stop() {
        dribbler.shutdownNow();
        try {
            assertThat(wellBehaved.isActive())
                    .as("the well-behaved registration survived")
                    .isTrue();
            assertThat(epmd.registrations()).containsEntry("chip", 40001);
        } finally {
            wellBehaved.close();
            epmd.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "47 45 54 20 2f 20 48 54 54 50 2f 31 2e 31 0d 0a 0d 0a", // GET / HTTP/1.1: length 18245
                "ff ff 78 00 00 00", // 65535 bytes announced
                "02 01 78", // 513 bytes announced
                "00 00", // empty request
                "00 01 01", // unknown tag
                "00 01 ff", // unknown tag
                "00 02 6e 00", // NAMES_REQ with a payload
                "00 01 7a", // PORT_PLEASE2_REQ without a name
                "00 05 78 00 01 4d 00", // ALIVE2_REQ too short
                "00 0e 78 00 01 4d 00 00 06 00 05 00 00 00 00 00", // empty name: lengths do not add up
                "00 0e 78 00 01 4d 00 00 06 00 05 00 02 62 00 00", // name length past the end
                "00 0e 78 00 01 4d 00 00 06 00 05 00 01 62 00 01", // extra length past the end
                "00 0f 78 00 01 4d 00 00 06 00 05 00 01 62 00 00 ff", // trailing byte
                "00 0e 78 00 01 4d 00 00 06 00 05 00 01 ff 00 00", // name not UTF-8
                "00 0e 78 00 01 4d 00 00 06 00 05 00 01 00 00 00", // NUL name
                "00 0e 78 00 00 4d 00 00 06 00 05 00 01 62 00 00", // port 0
            })
    void badRequestsCloseTheConnectionAtOnce(String request) throws Exception {
        try (Raw raw = new Raw(epmd.port())) {
            long start = System.nanoTime();
            raw.send(request);
            assertThat(raw.readToEnd()).as("no reply").isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE);
        }
    }

    @Test
    void aNameOfMoreThan255BytesIsRefused() throws Exception {
        try (Raw raw = new Raw(epmd.port())) {
            assertThat(raw.send(alive2("n".repeat(256), 1000, 6, 5, new byte[0]))
                            .readToEnd())
                    .isEmpty();
        }
        byte[] lookup = new byte[3 + 256];
        lookup[0] = 1;
        lookup[1] = 1;
        lookup[2] = 122;
        try (Raw raw = new Raw(epmd.port())) {
            assertThat(raw.send(lookup).readToEnd()).isEmpty();
        }
        assertThat(epmd.registrations()).containsOnlyKeys("chip");
    }

    @Test
    void silentAndTruncatedRequestsAreClosedAtTheDeadline() throws Exception {
        try (Raw silent = new Raw(epmd.port());
                Raw truncated = new Raw(epmd.port());
                Raw halfHeader = new Raw(epmd.port())) {
            long start = System.nanoTime();
            truncated.send("00 0e 78 b4 95");
            halfHeader.send("00");
            for (Raw raw : List.of(silent, truncated, halfHeader)) {
                assertThat(raw.readToEnd()).isEmpty();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(DEADLINE.dividedBy(2), DEADLINE.plusSeconds(2));
        }
    }

    @Test
    void aDribblingClientIsClosedAtTheDeadlineWhileARegistrationSucceeds() throws Exception {
        byte[] request = alive2("slowpoke", 1000, 6, 5, new byte[0]);
        try (Raw slow = new Raw(epmd.port())) {
            OutputStream out = slow.socket.getOutputStream();
            AtomicInteger sent = new AtomicInteger();
            ScheduledFuture<?> drip = dribbler.scheduleAtFixedRate(
                    () -> {
                        int i = sent.getAndIncrement();
                        if (i < request.length) {
                            try {
                                out.write(request[i]);
                                out.flush();
                            } catch (IOException e) {
                                throw new RuntimeException(e); // the server closed: stop dripping
                            }
                        }
                    },
                    0,
                    200,
                    TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            try (EpmdRegistration dale = client.register("dale", 40002)) {
                assertThat(client.portOf("dale")).isEqualTo(OptionalInt.of(40002));
                assertThat(slow.readToEnd()).isEmpty();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took).isBetween(DEADLINE.dividedBy(2), DEADLINE.plusSeconds(2));
                assertThat(sent.get()).isLessThan(request.length);
                assertThat(dale.isActive()).isTrue();
                assertThat(epmd.registrations()).containsOnlyKeys("chip", "dale");
            } finally {
                drip.cancel(false);
            }
        }
    }

    @Test
    void bytesAfterARegistrationAreIgnored() throws Exception {
        try (Raw node = new Raw(epmd.port())) {
            node.send(alive2("talker", 1000, 6, 5, new byte[0])).read(6);
            byte[] noise =
                    "more and more bytes after the registration ".repeat(100).getBytes(StandardCharsets.US_ASCII);
            node.send(noise).send("ff ff ff ff");
            await().during(DEADLINE.plusMillis(200))
                    .atMost(DEADLINE.plusSeconds(2))
                    .until(() -> epmd.registrations().containsKey("talker"));
        }
    }

    @Test
    void pipelinedRequestsGetOneAnswer() throws Exception {
        try (Raw raw = new Raw(epmd.port())) {
            raw.send("00 01 6e 00 01 6e 00 01 6e"); // pipelined requests: one answer, the rest ignored
            byte[] answer = raw.readToEnd();
            assertThat(new String(answer, 4, answer.length - 4, StandardCharsets.US_ASCII))
                    .isEqualTo("name chip at port 40001\n");
        }
    }

    @Test
    void theConnectionCapClosesExtraConnectionsOnly() throws Exception {
        EmbeddedEpmd small = EmbeddedEpmd.start(loopback(0), Duration.ofSeconds(30), 3);
        List<Raw> idle = new ArrayList<>();
        try (small) {
            EpmdClient smallClient = new EpmdClient(small.address(), TIMEOUT);
            try (EpmdRegistration registration = smallClient.register("capped", 1000)) {
                idle.add(new Raw(small.port()));
                idle.add(new Raw(small.port()));
                try (Raw extra = new Raw(small.port())) {
                    long start = System.nanoTime();
                    assertThat(extra.readToEnd()).isEmpty();
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
                }
                idle.remove(0).close();
                await().atMost(5, TimeUnit.SECONDS)
                        .ignoreExceptions()
                        .until(() -> smallClient.names().containsKey("capped"));
                assertThat(registration.isActive()).isTrue();
            }
        } finally {
            for (Raw raw : idle) {
                raw.close();
            }
        }
    }

    @Test
    void manyGarbageConnectionsLeaveTheServerUsable() throws Exception {
        for (int i = 0; i < 200; i++) {
            try (Raw raw = new Raw(epmd.port())) {
                raw.send(new byte[] {(byte) i, (byte) (i * 7), 1, 2, 3});
            }
        }
        await().atMost(10, TimeUnit.SECONDS).ignoreExceptions().until(() -> client.names()
                .containsKey("chip"));
        try (EpmdRegistration dale = client.register("dale", 40002)) {
            assertThat(client.names()).containsOnlyKeys("chip", "dale");
        }
    }
}

package dev.nodemesh.epmd;

import static dev.nodemesh.epmd.EpmdTestSupport.TIMEOUT;
import static dev.nodemesh.epmd.EpmdTestSupport.alive2;
import static dev.nodemesh.epmd.EpmdTestSupport.hex;
import static dev.nodemesh.epmd.EpmdTestSupport.loopback;
import static dev.nodemesh.epmd.EpmdTestSupport.nodemeshEpmdThreads;
import static dev.nodemesh.epmd.EpmdTestSupport.portIsFree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.epmd.EpmdTestSupport.Raw;
import dev.nodemesh.testsupport.Slow;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link EmbeddedEpmd} byte for byte, as OTP's epmd answers (erl_dist_protocol, digest §1). */
@Slow
class EpmdEmbeddedServerTest {

    /** The ALIVE2_REQ OTP 25.2.3 sent for node {@code b} on port 46229. */
    private static final String OTP_ALIVE2_B = "00 0e 78 b4 95 4d 00 00 06 00 05 00 01 62 00 00";

    private EmbeddedEpmd epmd;

    @BeforeEach
    void start() throws Exception {
        epmd = EmbeddedEpmd.start(loopback(0), Duration.ofSeconds(2), 64);
    }

    @AfterEach
    void stop() {
        epmd.close();
    }

    @Test
    void registersAnOtpNodeAndEchoesItsEntry() throws Exception {
        try (Raw node = new Raw(epmd.port())) {
            byte[] reply = node.send(OTP_ALIVE2_B).read(6);
            assertThat(reply[0]).isEqualTo((byte) 0x76);
            assertThat(reply[1]).isZero();
            assertThat(Arrays.copyOfRange(reply, 2, 6)).isNotEqualTo(new byte[4]);
            assertThat(epmd.registrations()).containsExactly(Map.entry("b", 46229));

            try (Raw lookup = new Raw(epmd.port())) {
                assertThat(hex(lookup.send("00 02 7a 62").readToEnd()))
                        .isEqualTo("77 00 b4 95 4d 00 00 06 00 05 00 01 62 00 00");
            }
            try (Raw lookup = new Raw(epmd.port())) {
                assertThat(hex(lookup.send("00 02 7a 63").readToEnd())).isEqualTo("77 01");
            }
            try (Raw names = new Raw(epmd.port())) {
                byte[] answer = names.send("00 01 6e").readToEnd();
                assertThat(hex(Arrays.copyOf(answer, 4)))
                        .isEqualTo(hex(new byte[] {0, 0, (byte) (epmd.port() >>> 8), (byte) epmd.port()}));
                assertThat(new String(answer, 4, answer.length - 4, StandardCharsets.US_ASCII))
                        .isEqualTo("name b at port 46229\n");
            }
            try (Raw dump = new Raw(epmd.port())) {
                byte[] answer = dump.send("00 01 64").readToEnd();
                assertThat(new String(answer, 4, answer.length - 4, StandardCharsets.US_ASCII))
                        .startsWith("active name     b at port 46229, fd = ");
            }
            assertThat(node.socket.getInputStream().available())
                    .as("EPMD sends nothing more")
                    .isZero();
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> epmd.registrations().isEmpty());
    }

    @Test
    void onAnotherLoopbackAddressItListensOnLoopbackTooAsEpmdAddress() throws Exception {
        java.net.InetAddress other = java.net.InetAddress.getByName("127.0.1.1");
        try (EmbeddedEpmd both = EmbeddedEpmd.start(new java.net.InetSocketAddress(other, 0))) {
            for (java.net.InetAddress host : java.util.List.of(other, EpmdTestSupport.LOOPBACK)) {
                try (java.net.Socket names = new java.net.Socket()) {
                    names.connect(new java.net.InetSocketAddress(host, both.port()), 5000);
                    names.setSoTimeout(5000);
                    names.getOutputStream().write(hex("00 01 6e"));
                    assertThat(names.getInputStream().readAllBytes())
                            .as(host.toString())
                            .hasSize(4);
                }
            }
        }
    }

    @Test
    void aTakenNameGetsResultOneLikeEpmd() throws Exception {
        try (Raw first = new Raw(epmd.port());
                Raw second = new Raw(epmd.port())) {
            first.send(OTP_ALIVE2_B).read(6);
            assertThat(hex(second.send(OTP_ALIVE2_B).readToEnd())).isEqualTo("76 01 00 00 00 63");
            assertThat(epmd.registrations()).containsOnlyKeys("b");
        }
    }

    @Test
    void highestVersionFiveGetsTheLegacyReply() throws Exception {
        try (Raw node = new Raw(epmd.port())) {
            byte[] reply = node.send(alive2("old", 1234, 5, 5, new byte[0])).read(4);
            assertThat(reply[0]).isEqualTo((byte) 0x79);
            assertThat(reply[1]).isZero();
            assertThat(reply[2]).isZero();
            assertThat((int) reply[3]).isBetween(1, 3);
            try (Raw taken = new Raw(epmd.port())) {
                assertThat(hex(taken.send(alive2("old", 1234, 5, 5, new byte[0]))
                                .readToEnd()))
                        .isEqualTo("79 01 00 00");
            }
        }
    }

    @Test
    void extraIsEchoedBack() throws Exception {
        try (Raw node = new Raw(epmd.port())) {
            node.send(alive2("x", 258, 6, 5, new byte[] {1, 2, 3})).read(6);
            try (Raw lookup = new Raw(epmd.port())) {
                assertThat(hex(lookup.send("00 02 7a 78").readToEnd()))
                        .isEqualTo("77 00 01 02 4d 00 00 06 00 05 00 01 78 00 03 01 02 03");
            }
        }
    }

    @Test
    void killAndStopAreRefused() throws Exception {
        try (EpmdRegistration registration = new EpmdClient(epmd.address(), TIMEOUT).register("chip", 1000)) {
            try (Raw kill = new Raw(epmd.port())) {
                assertThat(kill.send("00 01 6b").readToEnd()).isEmpty();
            }
            try (Raw stop = new Raw(epmd.port())) {
                assertThat(stop.send("00 05 73 63 68 69 70").readToEnd()).isEmpty();
            }
            assertThat(registration.isActive()).isTrue();
            assertThat(new EpmdClient(epmd.address(), TIMEOUT).names()).containsOnlyKeys("chip");
        }
    }

    @Test
    void registrationsOutliveTheRequestDeadline() throws Exception {
        EmbeddedEpmd quick = EmbeddedEpmd.start(loopback(0), Duration.ofMillis(200), 64);
        try (quick;
                EpmdRegistration registration = new EpmdClient(quick.address(), TIMEOUT).register("chip", 1000)) {
            await().during(600, TimeUnit.MILLISECONDS)
                    .atMost(2, TimeUnit.SECONDS)
                    .until(() ->
                            registration.isActive() && quick.registrations().containsKey("chip"));
        }
    }

    @Test
    void aTakenPortIsABindException() {
        assertThatThrownBy(() -> EmbeddedEpmd.start(loopback(epmd.port())))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("127.0.0.1:" + epmd.port());
    }

    @Test
    void closeUnregistersEveryoneAndReleasesPortAndThreads() throws Exception {
        EmbeddedEpmd other = EmbeddedEpmd.start(loopback(0));
        int port = other.port();
        EpmdRegistration registration = new EpmdClient(other.address(), TIMEOUT).register("chip", 1000);
        other.close();
        other.close(); // idempotent
        registration.lost().get(5, TimeUnit.SECONDS);
        registration.close();
        assertThat(other.registrations()).isEmpty();
        assertThat(portIsFree(port)).isTrue();
        epmd.close();
        await().atMost(5, TimeUnit.SECONDS).until(() -> nodemeshEpmdThreads() == 0);
    }
}

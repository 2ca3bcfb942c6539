package dev.nodemesh.epmd;

import static dev.nodemesh.epmd.EpmdTestSupport.TIMEOUT;
import static dev.nodemesh.epmd.EpmdTestSupport.freeAddress;
import static dev.nodemesh.epmd.EpmdTestSupport.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.epmd.EpmdException.Kind;
import dev.nodemesh.testsupport.Slow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link EpmdClient} against {@link EmbeddedEpmd}. */
@Slow
class EpmdClientTest {

    private EmbeddedEpmd epmd;
    private EpmdClient client;

    @BeforeEach
    void startEpmd() throws Exception {
        epmd = EmbeddedEpmd.start(loopback(0));
        client = new EpmdClient(epmd.address(), TIMEOUT);
    }

    @AfterEach
    void stopEpmd() {
        epmd.close();
    }

    @Test
    void registersLooksUpAndLists() throws Exception {
        try (EpmdRegistration chip = client.register("chip", 40001);
                EpmdRegistration dale = client.register("dale", 40002)) {
            assertThat(chip.isActive()).isTrue();
            assertThat(chip.alive()).isEqualTo("chip");
            assertThat(client.portOf("chip")).isEqualTo(OptionalInt.of(40001));
            assertThat(client.portOf("dale")).isEqualTo(OptionalInt.of(40002));
            assertThat(client.portOf("nobody")).isEmpty();
            assertThat(client.lookup("chip")).hasValue(new EpmdEntry("chip", 40001, 77, 0, 6, 6));
            assertThat(client.names()).containsExactly(Map.entry("chip", 40001), Map.entry("dale", 40002));
            assertThat(epmd.registrations()).containsExactly(Map.entry("chip", 40001), Map.entry("dale", 40002));
            assertThat(client.isReachable()).isTrue();
        }
    }

    @Test
    void closingTheRegistrationUnregistersTheName() throws Exception {
        EpmdRegistration chip = client.register("chip", 40001);
        chip.close();
        assertThat(chip.isActive()).isFalse();
        await().atMost(5, TimeUnit.SECONDS).until(() -> client.names().isEmpty());
        assertThat(client.portOf("chip")).isEmpty();
        assertThat(chip.lost()).as("closing is not losing").isNotDone();
        chip.close(); // idempotent
    }

    @Test
    void aNameThatIsAlreadyRegisteredIsNameInUse() throws Exception {
        try (EpmdRegistration first = client.register("chip", 40001)) {
            assertThatThrownBy(() -> client.register("chip", 40002))
                    .isInstanceOfSatisfying(
                            EpmdException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NAME_IN_USE))
                    .hasMessageContaining(
                            "node name 'chip' is already registered with EPMD at 127.0.0.1:" + epmd.port())
                    .hasMessageContaining("choose another name");
            assertThat(first.isActive()).isTrue();
            assertThat(client.portOf("chip")).isEqualTo(OptionalInt.of(40001));
        }
    }

    @Test
    void creationIsAboutUnixTimeThenCountsUpPerName() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        long first;
        try (EpmdRegistration chip = client.register("chip", 40001)) {
            first = Integer.toUnsignedLong(chip.creation());
        }
        long after = System.currentTimeMillis() / 1000;
        assertThat(first).isBetween(before + 1, after + 1 + (1 << 16));

        await().atMost(5, TimeUnit.SECONDS).until(() -> client.names().isEmpty());
        try (EpmdRegistration again = client.register("chip", 40001)) {
            assertThat(Integer.toUnsignedLong(again.creation())).isEqualTo(first + 1);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> client.names().isEmpty());
        try (EpmdRegistration third = client.register("chip", 40001);
                EpmdRegistration other = client.register("other", 40002)) {
            assertThat(Integer.toUnsignedLong(third.creation())).isEqualTo(first + 2);
            long now = System.currentTimeMillis() / 1000;
            assertThat(Integer.toUnsignedLong(other.creation())).isBetween(before + 1, now + 1 + (1 << 16));
        }
    }

    @Test
    void aFailedRegistrationDoesNotCountAsOne() throws Exception {
        try (EpmdRegistration chip = client.register("chip", 40001)) {
            assertThatThrownBy(() -> client.register("chip", 40001)).isInstanceOf(EpmdException.class);
            chip.close();
            await().atMost(5, TimeUnit.SECONDS).until(() -> client.names().isEmpty());
            try (EpmdRegistration again = client.register("chip", 40001)) {
                assertThat(again.creation()).isEqualTo(chip.creation() + 1);
            }
        }
    }

    @Test
    void lostCompletesWhenTheEpmdGoesAway() throws Exception {
        EpmdRegistration chip = client.register("chip", 40001);
        epmd.close();
        chip.lost().get(5, TimeUnit.SECONDS);
        assertThat(chip.isActive()).isFalse();
        chip.close();
    }

    @Test
    void utf8NamesWork() throws Exception {
        try (EpmdRegistration registration = client.register("ñandú_日本", 40003)) {
            assertThat(client.portOf("ñandú_日本")).isEqualTo(OptionalInt.of(40003));
            assertThat(client.names()).containsEntry("ñandú_日本", 40003);
            assertThat(registration.creation()).isNotZero();
        }
        String longest = "n".repeat(255);
        try (EpmdRegistration registration = client.register(longest, 40004)) {
            assertThat(client.portOf(longest)).isEqualTo(OptionalInt.of(40004));
        }
    }

    @Test
    void nothingListeningIsUnreachable() {
        EpmdClient nowhere = new EpmdClient(freeAddress(), TIMEOUT);
        assertThat(nowhere.isReachable()).isFalse();
        assertThatThrownBy(() -> nowhere.register("chip", 40001))
                .isInstanceOfSatisfying(
                        EpmdException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
                .hasMessageContaining(
                        "no EPMD answers at 127.0.0.1:" + nowhere.address().getPort())
                .hasMessageContaining("epmd -daemon");
        assertThatThrownBy(nowhere::names).isInstanceOfSatisfying(EpmdException.class, e -> assertThat(e.kind())
                .isEqualTo(Kind.UNREACHABLE));
        assertThatThrownBy(() -> nowhere.portOf("chip"))
                .isInstanceOfSatisfying(
                        EpmdException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
    }

    @Test
    void invalidNamesAndPortsAreRejectedBeforeConnecting() {
        assertThatThrownBy(() -> client.register("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.register("chip@host", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alive part");
        assertThatThrownBy(() -> client.register("n".repeat(256), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256 bytes");
        assertThatThrownBy(() -> client.register("é".repeat(128), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.register("bad\ud800", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.register("nul\0", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.register("chip", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.register("chip", 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.portOf("a@b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EpmdClient(epmd.address(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultPortComesFromErlEpmdPortWhenValid() {
        assertThat(EpmdClient.portFromEnvironment(null)).isEqualTo(4369);
        assertThat(EpmdClient.portFromEnvironment("14369")).isEqualTo(14369);
        assertThat(EpmdClient.portFromEnvironment(" 14369 ")).isEqualTo(14369);
        assertThat(EpmdClient.portFromEnvironment("0")).isEqualTo(4369);
        assertThat(EpmdClient.portFromEnvironment("65536")).isEqualTo(4369);
        assertThat(EpmdClient.portFromEnvironment("epmd")).isEqualTo(4369);
        assertThat(EpmdClient.portFromEnvironment("")).isEqualTo(4369);
        assertThat(EpmdClient.defaultPort()).isBetween(1, 65535);
    }

    @Test
    void namesListsParse() {
        assertThat(EpmdClient.parseNames("name a at port 1\nname b c at port 65535\n".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(Map.entry("a", 1), Map.entry("b c", 65535));
        assertThat(EpmdClient.parseNames(new byte[0])).isEmpty();
        for (String bad : new String[] {
            "name a at port 1", // no newline
            "nam a at port 1\n",
            "name a at port\n",
            "name a at port 65536\n",
            "name a at port 0\n", // a fuzzing finding (issue 19): lookup() refuses port 0 too
            "name a at port 0000\n",
            "name a at port -1\n",
            "name a at port 1x\n",
            "name  at port 1\n",
            "\n"
        }) {
            assertThatThrownBy(() -> EpmdClient.parseNames(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}

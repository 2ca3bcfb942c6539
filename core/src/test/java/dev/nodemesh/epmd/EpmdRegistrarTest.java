package dev.nodemesh.epmd;

import static dev.nodemesh.epmd.EpmdTestSupport.TIMEOUT;
import static dev.nodemesh.epmd.EpmdTestSupport.freeAddress;
import static dev.nodemesh.epmd.EpmdTestSupport.nodemeshEpmdThreads;
import static dev.nodemesh.epmd.EpmdTestSupport.portIsFree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.epmd.EpmdException.Kind;
import dev.nodemesh.epmd.EpmdRegistrar.Mode;
import dev.nodemesh.testsupport.Slow;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link EpmdRegistrar}: hosting, joining, takeover, and the startup errors. */
@Slow
class EpmdRegistrarTest {

    private final InetSocketAddress address = freeAddress();
    private final EpmdClient fresh = new EpmdClient(address, TIMEOUT);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> nodemeshEpmdThreads() == 0);
        assertThat(portIsFree(address.getPort())).isTrue();
    }

    private EpmdRegistrar start(String alive, int port, Mode mode) throws EpmdException {
        EpmdRegistrar registrar = EpmdRegistrar.start(alive, port, address, mode, TIMEOUT);
        toClose.add(registrar);
        return registrar;
    }

    @Test
    void autoHostsAnEmbeddedEpmdWhenNothingAnswers() throws Exception {
        EpmdRegistrar chip = start("chip", 40001, Mode.AUTO);
        assertThat(chip.hostsEmbeddedEpmd()).isTrue();
        assertThat(chip.isRegistered()).isTrue();
        assertThat(chip.creation()).isNotZero();
        assertThat(chip.client().address()).isEqualTo(address);
        assertThat(fresh.portOf("chip")).isEqualTo(OptionalInt.of(40001));

        chip.close();
        assertThat(chip.isRegistered()).isFalse();
        assertThat(chip.hostsEmbeddedEpmd()).isFalse();
        assertThat(fresh.isReachable()).isFalse();
    }

    @Test
    void aSecondNodeRegistersWithTheFirstOnesEpmd() throws Exception {
        EpmdRegistrar chip = start("chip", 40001, Mode.AUTO);
        EpmdRegistrar dale = start("dale", 40002, Mode.AUTO);
        EpmdRegistrar external = start("external", 40003, Mode.EXTERNAL);
        assertThat(chip.hostsEmbeddedEpmd()).isTrue();
        assertThat(dale.hostsEmbeddedEpmd()).isFalse();
        assertThat(external.hostsEmbeddedEpmd()).isFalse();
        assertThat(fresh.names()).containsOnlyKeys("chip", "dale", "external");
        dale.close();
        await().atMost(5, TimeUnit.SECONDS).until(() -> !fresh.names().containsKey("dale"));
    }

    @Test
    void aTakenNameIsAClearStartupError() throws Exception {
        start("chip", 40001, Mode.AUTO);
        assertThatThrownBy(() -> start("chip", 40002, Mode.AUTO))
                .isInstanceOfSatisfying(
                        EpmdException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NAME_IN_USE))
                .hasMessageContaining(
                        "node name 'chip' is already registered with EPMD at 127.0.0.1:" + address.getPort());
        assertThat(fresh.portOf("chip")).isEqualTo(OptionalInt.of(40001));
    }

    @Test
    void externalModeFailsWhenNothingAnswers() {
        assertThatThrownBy(() -> start("chip", 40001, Mode.EXTERNAL))
                .isInstanceOfSatisfying(
                        EpmdException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
                .hasMessageContaining("no EPMD answers at 127.0.0.1:" + address.getPort());
        assertThat(portIsFree(address.getPort())).isTrue();
    }

    @Test
    void whenTheHostStopsTheOtherNodeTakesOver() throws Exception {
        EpmdRegistrar chip = start("chip", 40001, Mode.AUTO);
        EpmdRegistrar dale = start("dale", 40002, Mode.AUTO);
        int daleCreation = dale.creation();

        chip.close();

        await().atMost(10, TimeUnit.SECONDS).ignoreExceptions().until(() -> fresh.names()
                .containsKey("dale"));
        assertThat(dale.hostsEmbeddedEpmd()).isTrue();
        assertThat(dale.isRegistered()).isTrue();
        assertThat(dale.creation()).isEqualTo(daleCreation);
        assertThat(fresh.names()).containsOnlyKeys("dale");
    }

    @Test
    void ofSeveralSurvivorsOneHostsAndTheOthersJoinIt() throws Exception {
        EpmdRegistrar host = start("host", 40000, Mode.AUTO);
        List<EpmdRegistrar> survivors = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            survivors.add(start("node" + i, 40000 + i, Mode.AUTO));
        }
        EpmdRegistrar external = start("ext", 40009, Mode.EXTERNAL);

        host.close();

        await().atMost(10, TimeUnit.SECONDS)
                .ignoreExceptions()
                .until(() -> fresh.names().keySet().containsAll(List.of("node1", "node2", "node3", "ext")));
        assertThat(survivors.stream().filter(EpmdRegistrar::hostsEmbeddedEpmd)).hasSize(1);
        assertThat(external.hostsEmbeddedEpmd()).isFalse();
        assertThat(fresh.names()).doesNotContainKey("host");
    }

    @Test
    void externalModeReRegistersWithTheNextEpmdOnThePort() throws Exception {
        EmbeddedEpmd first = EmbeddedEpmd.start(address);
        EpmdRegistrar chip;
        try (first) {
            chip = start("chip", 40001, Mode.EXTERNAL);
            assertThat(first.registrations()).containsOnlyKeys("chip");
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> !chip.isRegistered());
        assertThat(fresh.isReachable()).isFalse();

        try (EmbeddedEpmd second = EmbeddedEpmd.start(address)) {
            await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> second.registrations().containsKey("chip"));
            assertThat(chip.isRegistered()).isTrue();
            assertThat(chip.hostsEmbeddedEpmd()).isFalse();
            chip.close();
            await().atMost(5, TimeUnit.SECONDS)
                    .until(() -> second.registrations().isEmpty());
        }
    }

    @Test
    void aReRegistrationThatFindsTheNameTakenKeepsRetrying() throws Exception {
        EpmdRegistrar chip;
        try (EmbeddedEpmd first = EmbeddedEpmd.start(address)) {
            chip = start("chip", 40001, Mode.EXTERNAL);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> !chip.isRegistered());
        // The next EPMD takes the name for a squatter before the registrar can reach it: the
        // registrar's port opens (through a relay) only once the squatter is registered.
        try (EmbeddedEpmd second = EmbeddedEpmd.start(EpmdTestSupport.loopback(0))) {
            EpmdRegistration squatter = new EpmdClient(second.address(), TIMEOUT).register("chip", 50000);
            try (TcpRelay relay = TcpRelay.open(address, second.address())) {
                try (squatter) {
                    await().atMost(10, TimeUnit.SECONDS).until(() -> relay.finishedConnections() >= 2);
                    assertThat(chip.isRegistered()).isFalse();
                    assertThat(second.registrations()).containsOnly(Map.entry("chip", 50000));
                }
                await().atMost(10, TimeUnit.SECONDS).until(() -> Integer.valueOf(40001)
                        .equals(second.registrations().get("chip")));
                await().atMost(5, TimeUnit.SECONDS).until(chip::isRegistered);
                chip.close();
                await().atMost(5, TimeUnit.SECONDS)
                        .until(() -> second.registrations().isEmpty());
            }
        }
    }

    @Test
    void closingWhileRetryingStopsTheRetries() throws Exception {
        EpmdRegistrar chip;
        try (EmbeddedEpmd epmd = EmbeddedEpmd.start(address)) {
            chip = start("chip", 40001, Mode.EXTERNAL);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> !chip.isRegistered());
        chip.close();
        chip.close(); // idempotent
        assertThat(portIsFree(address.getPort())).isTrue();
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThatThrownBy(() -> start("a@b", 1, Mode.AUTO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> start("chip", 0, Mode.AUTO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> start("chip", 1, null)).isInstanceOf(NullPointerException.class);
    }
}

package dev.nodemesh.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.testsupport.TestPorts.PortRange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPortsTest {

    @Test
    void portsLieOutsideTheEphemeralRangeAndAreFreeAndDistinct() throws IOException {
        PortRange ephemeral = TestPorts.ephemeralRange();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = TestPorts.freePort();
            assertThat(ephemeral.contains(port)).as("%d in %s", port, ephemeral).isFalse();
            assertThat(port).isBetween(TestPorts.LOWEST, TestPorts.HIGHEST);
            assertThat(ports.add(port)).as("%d handed out twice", port).isTrue();
            try (ServerSocket listener = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(listener.getLocalPort()).isEqualTo(port);
                assertThat(TestPorts.isFree(port)).isFalse();
            }
        }
    }

    @Test
    void aPortBoundToZeroNeverComesFromTheRangeTheHelperPicksFrom() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(TestPorts.ephemeralRange().contains(listener.getLocalPort()))
                    .as("the kernel gave %d, outside %s", listener.getLocalPort(), TestPorts.ephemeralRange())
                    .isTrue();
        }
    }

    @Test
    void readsTheKernelsRangeAndFallsBackWhenItCannot(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("range"), "32768\t60999\n");
        assertThat(TestPorts.readEphemeralRange(file)).isEqualTo(new PortRange(32768, 60999));
        assertThat(TestPorts.readEphemeralRange(dir.resolve("missing"))).isEqualTo(TestPorts.DEFAULT_EPHEMERAL);
        Files.writeString(file, "garbage");
        assertThat(TestPorts.readEphemeralRange(file)).isEqualTo(TestPorts.DEFAULT_EPHEMERAL);
        Files.writeString(file, "60000 1024");
        assertThat(TestPorts.readEphemeralRange(file)).isEqualTo(TestPorts.DEFAULT_EPHEMERAL);
    }

    @Test
    void candidatesCoverBothSidesOfTheRangeAndNothingInside() {
        PortRange linux = new PortRange(32768, 60999);
        int count = TestPorts.candidateCount(linux);
        assertThat(count).isEqualTo((32768 - 10_000) + (65535 - 60999));
        assertThat(TestPorts.candidate(linux, 0)).isEqualTo(10_000);
        assertThat(TestPorts.candidate(linux, 32767 - 10_000)).isEqualTo(32767);
        assertThat(TestPorts.candidate(linux, 32768 - 10_000)).isEqualTo(61000);
        assertThat(TestPorts.candidate(linux, count - 1)).isEqualTo(65535);
        assertThat(IntStream.range(0, count).map(i -> TestPorts.candidate(linux, i)))
                .noneMatch(linux::contains);

        PortRange low = new PortRange(1024, 5000);
        assertThat(TestPorts.candidateCount(low)).isEqualTo(65535 - 10_000 + 1);
        assertThat(TestPorts.candidate(low, 0)).isEqualTo(10_000);

        assertThatThrownBy(() -> TestPorts.candidateCount(new PortRange(1024, 65535)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("leaves no port");
    }
}

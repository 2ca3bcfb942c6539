package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration's groups hold what the builder was given, and the flat accessors agree. */
class NodeConfigGroupsTest {

    @Test
    void eachGroupHoldsWhatTheBuilderSet() {
        NodeConfig config = NodeConfig.builder("chip@localhost")
                .cookie(Cookie.of("groups"))
                .listen(InetAddress.getLoopbackAddress(), 4370)
                .tickTime(Duration.ofSeconds(8))
                .handshakeTimeout(Duration.ofSeconds(3))
                .handshakeNameTimeout(Duration.ofSeconds(9))
                .maxPendingSends(77)
                .sendWaterMarks(1_000, 2_000)
                .directWrites(false)
                .maxMonitorsPerPeer(5)
                .maxLinksPerPeer(6)
                .eventLoopThreads(3)
                .dispatchThreads(4)
                .defaultMailboxCapacity(500)
                .defaultOverflowPolicy(OverflowPolicy.REFUSE)
                .epmdMode(EpmdMode.NONE)
                .epmdPort(4400)
                .peer("dale@localhost", 9100)
                .build();

        NodeConfig.Distribution distribution = config.distribution();
        assertThat(distribution.tickTime()).isEqualTo(Duration.ofSeconds(8)).isEqualTo(config.tickTime());
        assertThat(distribution.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        // the name deadline is at most the whole handshake's
        assertThat(distribution.handshakeNameTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(distribution.maxPendingSends()).isEqualTo(77);
        assertThat(distribution.sendLowWaterMark()).isEqualTo(1_000);
        assertThat(distribution.sendHighWaterMark()).isEqualTo(2_000);
        assertThat(distribution.directWrites()).isFalse();
        assertThat(distribution.maxMonitorsPerPeer()).isEqualTo(5);
        assertThat(distribution.maxLinksPerPeer()).isEqualTo(6);

        NodeConfig.Dispatch dispatch = config.dispatch();
        assertThat(dispatch.eventLoopThreads()).isEqualTo(3);
        assertThat(dispatch.dispatchThreads()).isEqualTo(4).isEqualTo(config.dispatchThreads());
        assertThat(dispatch.defaultMailboxCapacity()).isEqualTo(500);
        assertThat(dispatch.defaultOverflowPolicy()).isEqualTo(OverflowPolicy.REFUSE);

        NodeConfig.Epmd epmd = config.epmd();
        assertThat(epmd.mode()).isEqualTo(EpmdMode.NONE).isEqualTo(config.epmdMode());
        assertThat(epmd.port()).isEqualTo(4400);
        assertThat(epmd.peers()).isEqualTo(Map.of(NodeName.parse("dale@localhost"), 9100));
    }
}

package dev.nodemesh.autoconfigure.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.ConnectedNode;
import dev.nodemesh.NodeName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rates between readings, bounded per node and in nodes, reset by a new connection. */
class TrafficHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final NodeName DALE = NodeName.parse("dale@localhost");

    @Test
    void shouldTurnCounterReadingsIntoRatesPerSecond() {
        TrafficHistory history = new TrafficHistory(10);

        history.record(List.of(reading(DALE, T0, 0, 0)), T0);
        history.record(List.of(reading(DALE, T0, 100, 4_000)), T0.plusSeconds(2));

        assertThat(history.samples(DALE))
                .containsExactly(new TrafficSample(T0.plusSeconds(2).toEpochMilli(), 50, 25, 2_000, 1_000));
    }

    @Test
    void shouldKeepOnlyTheLatestSamples() {
        TrafficHistory history = new TrafficHistory(3);

        for (int second = 0; second <= 5; second++) {
            history.record(List.of(reading(DALE, T0, second * 10L, 0)), T0.plusSeconds(second));
        }

        assertThat(history.samples(DALE))
                .extracting(TrafficSample::at)
                .containsExactly(
                        T0.plusSeconds(3).toEpochMilli(),
                        T0.plusSeconds(4).toEpochMilli(),
                        T0.plusSeconds(5).toEpochMilli());
    }

    @Test
    void aNewConnectionShouldStartANewHistoryAndAGoneNodeShouldBeForgotten() {
        TrafficHistory history = new TrafficHistory(10);
        history.record(List.of(reading(DALE, T0, 0, 0)), T0);
        history.record(List.of(reading(DALE, T0, 500, 0)), T0.plusSeconds(1));

        Instant reconnected = T0.plusSeconds(2);
        history.record(List.of(reading(DALE, reconnected, 3, 0)), reconnected);
        assertThat(history.samples(DALE))
                .as("counters of a new connection start from zero")
                .isEmpty();

        history.record(List.of(), T0.plusSeconds(3));
        assertThat(history.size()).isZero();
    }

    @Test
    void shouldFollowAtMostMaxNodes() {
        TrafficHistory history = new TrafficHistory(2);
        List<ConnectedNode> many = new ArrayList<>();
        for (int i = 0; i < TrafficHistory.MAX_NODES + 5; i++) {
            many.add(reading(NodeName.parse("n" + i + "@localhost"), T0, 0, 0));
        }

        history.record(many, T0);

        assertThat(history.size()).isEqualTo(TrafficHistory.MAX_NODES);
    }

    @Test
    void samplesForShouldCoverTheHistoryAtTheInterval() {
        assertThat(TrafficHistory.samplesFor(Duration.ofMinutes(5), Duration.ofSeconds(2)))
                .isEqualTo(150);
        assertThat(TrafficHistory.samplesFor(Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .isEqualTo(1);
        assertThatThrownBy(() -> new TrafficHistory(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A reading with messages and bytes in, half as many out. */
    private static ConnectedNode reading(NodeName name, Instant connectedAt, long messagesIn, long bytesIn) {
        return new ConnectedNode(
                name, false, null, connectedAt, messagesIn, messagesIn / 2, bytesIn, bytesIn / 2, connectedAt, 0, true);
    }
}

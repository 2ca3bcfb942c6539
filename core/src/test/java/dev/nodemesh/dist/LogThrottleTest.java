package dev.nodemesh.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

    private final AtomicLong now = new AtomicLong(-5_000_000_000L);
    private final LogThrottle throttle = new LogThrottle(Duration.ofSeconds(10), now::get);

    @Test
    void theFirstLineGoesThroughAndTheNextOnesWithinTheIntervalAreHeldBack() {
        assertThat(throttle.admit()).isZero();
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(1_000_000);
            assertThat(throttle.admit()).isEqualTo(-1);
        }
    }

    @Test
    void afterTheIntervalALineGoesThroughWithTheCountHeldBack() {
        assertThat(throttle.admit()).isZero();
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(throttle.admit()).isEqualTo(-1);
        assertThat(throttle.admit()).isEqualTo(-1);
        now.addAndGet(Duration.ofSeconds(7).toNanos());
        assertThat(throttle.admit()).isEqualTo(2);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(throttle.admit()).as("nothing held back in between").isZero();
    }

    @Test
    void worksAcrossTheClockWrappingAround() {
        now.set(Long.MAX_VALUE - 1_000);
        assertThat(throttle.admit()).isZero();
        now.addAndGet(2_000);
        assertThat(throttle.admit()).isEqualTo(-1);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(throttle.admit()).isEqualTo(1);
    }
}

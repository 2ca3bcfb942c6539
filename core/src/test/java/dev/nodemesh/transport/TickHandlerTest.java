package dev.nodemesh.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tick time 8 s, so ticks go out every 2 s and a connection is dead between 8 and 10 s after the
 * last byte read. The channel's clock is frozen and moved by hand.
 */
class TickHandlerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long TICK_TIME = 8 * SECOND;
    private static final long INTERVAL = TICK_TIME / 4;

    private EmbeddedChannel channel;
    private TickHandler handler;
    /** User events and "inactive", in the order the handler after the tick handler saw them. */
    private final List<Object> events = new ArrayList<>();

    private long now;

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        handler = new TickHandler(Duration.ofNanos(TICK_TIME));
        channel.pipeline().addLast(handler, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                events.add("inactive");
            }
        });
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    /** Moves the clock to {@code time} nanoseconds after the handler was added, running what is due. */
    private void at(long time) {
        assertThat(time).isGreaterThanOrEqualTo(now);
        channel.advanceTimeBy(time - now, TimeUnit.NANOSECONDS);
        now = time;
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    private void read(int... bytes) {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        channel.writeInbound(Unpooled.wrappedBuffer(data));
    }

    private void write() {
        channel.writeOutbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 7}));
    }

    /** Drains what was written; returns the number of ticks among it, checking the rest is ours. */
    private int ticksWritten() {
        int ticks = 0;
        Object written;
        while ((written = channel.readOutbound()) != null) {
            ByteBuf buffer = (ByteBuf) written;
            try {
                byte[] bytes = ByteBufUtil.getBytes(buffer);
                if (bytes.length == 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0) {
                    ticks++;
                } else {
                    assertThat(bytes).containsExactly(0, 0, 0, 1, 7);
                }
            } finally {
                buffer.release();
            }
        }
        return ticks;
    }

    @Test
    void writesATickAfterAQuarterTickTimeWithoutWrites() {
        read(1);
        at(SECOND);
        read(2);
        at(INTERVAL - 1);
        assertThat(ticksWritten()).isZero();
        at(INTERVAL);
        assertThat(ticksWritten()).isEqualTo(1);
        read(3);
        at(2 * INTERVAL - 1);
        assertThat(ticksWritten()).isZero();
        at(2 * INTERVAL);
        assertThat(ticksWritten()).isEqualTo(1);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void writesNoTickWhileWritingAndReadingContinuously() {
        for (long time = 0; time <= 20 * SECOND; time += SECOND / 2) {
            at(time);
            write();
            read(0, 0, 0);
        }
        assertThat(ticksWritten()).isZero();
        assertThat(channel.isOpen()).isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    void writesATickWhenNothingWasReadEvenWhileWriting() {
        for (long time = 0; time <= 3 * INTERVAL; time += SECOND / 2) {
            at(time);
            write();
        }
        assertThat(ticksWritten()).isEqualTo(3);
        assertThat(channel.isOpen()).isTrue();
    }

    @ParameterizedTest(name = "last byte read {0} ns into an interval")
    @ValueSource(longs = {0, 1, SECOND, INTERVAL - 1})
    void closesBetweenTickTimeAndTickTimeAndAQuarterAfterTheLastRead(long offset) {
        at(offset);
        read(42);
        at(offset + TICK_TIME - 1);
        assertThat(channel.isOpen())
                .as("open one nanosecond before the tick time")
                .isTrue();
        assertThat(events).isEmpty();

        long closedAt = -1;
        for (long time = offset + TICK_TIME; time <= offset + TICK_TIME + INTERVAL; time += SECOND / 1000) {
            at(time);
            if (!channel.isOpen()) {
                closedAt = time;
                break;
            }
        }
        assertThat(closedAt - offset).as("silence before the close").isBetween(TICK_TIME, TICK_TIME + INTERVAL);
        assertThat(events).containsExactly(TickTimeout.INSTANCE, "inactive");
    }

    @Test
    void closesAfterTickTimeWhenNothingIsEverRead() {
        at(TICK_TIME - 1);
        assertThat(channel.isOpen()).isTrue();
        at(TICK_TIME);
        assertThat(channel.isOpen()).isFalse();
        assertThat(events).containsExactly(TickTimeout.INSTANCE, "inactive");
        // a tick per interval went out while waiting; none after the close
        assertThat(ticksWritten()).isEqualTo(3);
        at(TICK_TIME * 3);
        assertThat(ticksWritten()).isZero();
        assertThat(events).hasSize(2);
    }

    @Test
    void partialFramesAndTicksKeepTheConnectionAlive() {
        for (long time = 0; time <= 60 * SECOND; time += 19 * SECOND / 10) {
            at(time);
            if ((time / SECOND) % 2 == 0) {
                read(0, 0, 0, 0); // a tick
            } else {
                read(0); // the first byte of a length that never completes
            }
        }
        assertThat(channel.isOpen()).isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    void stopsWhenRemovedFromThePipeline() {
        channel.pipeline().remove(handler);
        at(TICK_TIME * 10);
        assertThat(channel.isOpen()).isTrue();
        assertThat(ticksWritten()).isZero();
    }

    @Test
    void startsWhenAChannelAddedToBeforeRegistrationBecomesActive() throws Exception {
        EmbeddedChannel later = new EmbeddedChannel(false, false);
        later.pipeline().addLast(new TickHandler(Duration.ofNanos(TICK_TIME)));
        later.register();
        try {
            later.freezeTime();
            later.advanceTimeBy(TICK_TIME + INTERVAL, TimeUnit.NANOSECONDS);
            later.runScheduledPendingTasks();
            later.runPendingTasks();
            assertThat(later.isOpen()).isFalse();
        } finally {
            later.finishAndReleaseAll();
        }
    }

    @Test
    void rejectsATickTimeTooShortToQuarter() {
        assertThatThrownBy(() -> new TickHandler(Duration.ofMillis(3))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TickHandler(null)).isInstanceOf(NullPointerException.class);
    }
}

package dev.nodemesh.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Liveness of a distribution connection, as OTP's {@code net_ticktime} defines it.
 *
 * <p>One task per connection runs every {@code tickTime / 4} (the tick interval) and compares
 * two counters that reads and writes merely increment:
 *
 * <ul>
 *   <li>it writes a tick ({@code 00 00 00 00}) when nothing was written during the interval, or
 *       when nothing was read during it: a peer that only answers ticks with ticks (as OTP
 *       expects of hidden nodes) then still hears from us while we are busy writing;
 *   <li>when nothing was read during four intervals in a row it fires the user event {@link
 *       TickTimeout#INSTANCE} and closes the channel. The connection is thus declared dead between
 *       {@code tickTime} and {@code tickTime + tickTime / 4} after the last byte arrived, the
 *       bounds OTP documents.
 * </ul>
 *
 * <p>Everything read counts, ticks and partial frames included, so this handler goes before
 * {@link DistFrameDecoder} in the pipeline. Writes count when they pass this handler's {@code
 * write}; the ticks it writes itself do not. The task starts when the channel is active and stops
 * when it becomes inactive or the handler is removed.
 */
public final class TickHandler extends ChannelDuplexHandler {

    /** Intervals without reads after which the connection is dead, like OTP's tick intensity. */
    private static final int SILENT_INTERVALS = 4;

    private static final Duration SHORTEST = Duration.ofMillis(4);

    /** Longer tick times are treated as this; keeps the nanosecond arithmetic in range. */
    private static final Duration LONGEST = Duration.ofDays(365);

    private final long intervalNanos;

    private long reads;
    private long writes;
    private long readsAtLastCheck;
    private long writesAtLastCheck;
    private int silentIntervals;
    private Future<?> task;
    private boolean stopped;

    /**
     * Creates a handler.
     *
     * @param tickTime the {@code net_ticktime}; ticks go out every quarter of it. At least 4
     *     milliseconds; anything above a year counts as a year.
     * @throws IllegalArgumentException if {@code tickTime} is shorter than 4 milliseconds
     */
    public TickHandler(Duration tickTime) {
        Objects.requireNonNull(tickTime, "tickTime");
        if (tickTime.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("tickTime must be at least 4 ms, got " + tickTime);
        }
        this.intervalNanos = tickTime.compareTo(LONGEST) > 0
                ? LONGEST.toNanos() / SILENT_INTERVALS
                : tickTime.toNanos() / SILENT_INTERVALS;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
        super.channelRegistered(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reads++;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        writes++;
        ctx.write(msg, promise);
    }

    private void start(ChannelHandlerContext ctx) {
        if (task != null || stopped) {
            return;
        }
        readsAtLastCheck = reads;
        writesAtLastCheck = writes;
        task = ctx.executor().scheduleAtFixedRate(() -> check(ctx), intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        stopped = true;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void check(ChannelHandlerContext ctx) {
        if (stopped) {
            return;
        }
        boolean read = reads != readsAtLastCheck;
        boolean wrote = writes != writesAtLastCheck;
        readsAtLastCheck = reads;
        writesAtLastCheck = writes;
        silentIntervals = read ? 0 : silentIntervals + 1;
        if (silentIntervals >= SILENT_INTERVALS) {
            stop();
            ctx.fireUserEventTriggered(TickTimeout.INSTANCE);
            ctx.close();
            return;
        }
        if (!wrote || !read) {
            ctx.writeAndFlush(tick(ctx));
        }
    }

    private static ByteBuf tick(ChannelHandlerContext ctx) {
        return ctx.alloc().buffer(4, 4).writeInt(0);
    }
}

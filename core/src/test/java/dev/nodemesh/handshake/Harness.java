package dev.nodemesh.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One handshake handler on an {@link EmbeddedChannel}, followed by a recorder of everything that
 * passes it: user events, forwarded bytes and the channel going inactive, in order.
 */
final class Harness implements AutoCloseable {

    /** Marks the channel going inactive in {@link #log()}. */
    static final String INACTIVE = "INACTIVE";

    /** Cookie used by every fixture; no exception message or toString may contain it. */
    static final String COOKIE = "SeCrEtCoOkIe";

    final EmbeddedChannel channel;
    private final List<Object> log = new ArrayList<>();

    private Harness(HandshakeHandler handler) {
        channel = new EmbeddedChannel();
        channel.pipeline().addLast("recorder", new Recorder());
        channel.pipeline().addBefore("recorder", "handshake", handler);
    }

    static Harness of(HandshakeHandler handler) {
        return new Harness(handler);
    }

    /** Everything the recorder saw: events, {@code byte[]} data, {@link #INACTIVE}. */
    List<Object> log() {
        return log;
    }

    /** Delivers bytes as the peer would, unless the channel is closed already. */
    Harness feed(byte[] bytes) {
        if (channel.isOpen() && bytes.length > 0) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        }
        return this;
    }

    /** Delivers bytes in chunks that end at the given offsets. */
    Harness feedSplit(byte[] bytes, int... cuts) {
        int from = 0;
        for (int cut : cuts) {
            feed(java.util.Arrays.copyOfRange(bytes, from, cut));
            from = cut;
        }
        return feed(java.util.Arrays.copyOfRange(bytes, from, bytes.length));
    }

    Harness feedByteByByte(byte[] bytes) {
        for (byte b : bytes) {
            feed(new byte[] {b});
        }
        return this;
    }

    Harness advance(long amount, TimeUnit unit) {
        channel.advanceTimeBy(amount, unit);
        channel.runScheduledPendingTasks();
        return this;
    }

    /** Takes and concatenates what the handler wrote so far. */
    byte[] outbound() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.writeBytes(ByteBufUtil.getBytes(buf));
            buf.release();
        }
        return out.toByteArray();
    }

    /** Concatenates the bytes passed on to the next handler. */
    byte[] forwarded() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object entry : log) {
            if (entry instanceof byte[] bytes) {
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }

    List<Object> events() {
        return log.stream()
                .filter(e -> e instanceof HandshakeCompleted || e instanceof HandshakeFailed)
                .toList();
    }

    /** Asserts the handshake succeeded (exactly once, no failure) and returns the event. */
    HandshakeCompleted completed() {
        assertThat(events()).as("handshake events").hasSize(1).first().isInstanceOf(HandshakeCompleted.class);
        assertThat(channel.pipeline().get(HandshakeHandler.class))
                .as("the handler removed itself")
                .isNull();
        assertThat(channel.isOpen()).as("channel open").isTrue();
        return (HandshakeCompleted) events().get(0);
    }

    /** Asserts the handshake failed (exactly once, channel closed) and returns the cause. */
    HandshakeException failure() {
        assertThat(events()).as("handshake events").hasSize(1).first().isInstanceOf(HandshakeFailed.class);
        assertThat(channel.isOpen()).as("channel open").isFalse();
        assertThat(forwarded()).as("bytes passed on after a failure").isEmpty();
        HandshakeException cause = ((HandshakeFailed) events().get(0)).cause();
        assertNoCookie(cause);
        return cause;
    }

    boolean finished() {
        return !events().isEmpty();
    }

    static void assertNoCookie(HandshakeException cause) {
        StringWriter trace = new StringWriter();
        cause.printStackTrace(new PrintWriter(trace));
        for (String cookie : List.of(COOKIE, Capture.COOKIE)) {
            assertThat(trace.toString()).doesNotContain(cookie);
            assertThat(String.valueOf(cause.getMessage())).doesNotContain(cookie);
            assertThat(new HandshakeFailed(cause).toString()).doesNotContain(cookie);
        }
    }

    @Override
    public void close() {
        outbound();
        channel.finishAndReleaseAll();
    }

    private final class Recorder extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            log.add(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                log.add(ByteBufUtil.getBytes(buf));
            } finally {
                buf.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            log.add(INACTIVE);
        }
    }
}

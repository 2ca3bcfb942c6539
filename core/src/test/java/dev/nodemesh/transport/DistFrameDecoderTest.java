package dev.nodemesh.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DistFrameDecoderTest {

    private static final int MAX = 1000;

    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        for (EmbeddedChannel channel : channels) {
            channel.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel channel(int maxFrameSize) {
        EmbeddedChannel channel = new EmbeddedChannel(new DistFrameDecoder(maxFrameSize));
        channels.add(channel);
        return channel;
    }

    /** A stream of frames of the given sizes (0 meaning a tick), each frame filled with its index. */
    private static byte[] stream(int... sizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < sizes.length; i++) {
            out.writeBytes(u32(sizes[i]));
            byte[] data = new byte[sizes[i]];
            Arrays.fill(data, (byte) i);
            out.writeBytes(data);
        }
        return out.toByteArray();
    }

    private static byte[] u32(long value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** The frames the channel emitted, as arrays; each emitted buffer is released. */
    private static List<byte[]> frames(EmbeddedChannel channel) {
        List<byte[]> frames = new ArrayList<>();
        ByteBuf frame;
        while ((frame = channel.readInbound()) != null) {
            try {
                frames.add(ByteBufUtil.getBytes(frame));
            } finally {
                frame.release();
            }
        }
        return frames;
    }

    private static final int[] SIZES = {3, 0, 1, 0, 0, 17, 5, 0, 1000, 2};

    private static List<byte[]> expectedFrames() {
        List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < SIZES.length; i++) {
            if (SIZES[i] > 0) {
                byte[] data = new byte[SIZES[i]];
                Arrays.fill(data, (byte) i);
                expected.add(data);
            }
        }
        return expected;
    }

    @Test
    void emitsFramesAndSwallowsTicksWhenAllArriveAtOnce() {
        EmbeddedChannel channel = channel(MAX);
        channel.writeInbound(Unpooled.wrappedBuffer(stream(SIZES)));
        assertThat(frames(channel)).containsExactlyElementsOf(expectedFrames());
    }

    @Test
    void emitsTheSameFramesWhenTheInputIsSplitAtAnyByteBoundary() {
        byte[] input = stream(SIZES);
        for (int split = 0; split <= input.length; split++) {
            EmbeddedChannel channel = channel(MAX);
            channel.writeInbound(Unpooled.wrappedBuffer(input, 0, split));
            channel.writeInbound(Unpooled.wrappedBuffer(input, split, input.length - split));
            assertThat(frames(channel)).as("split at %d", split).containsExactlyElementsOf(expectedFrames());
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void emitsTheSameFramesWhenTheInputArrivesOneByteAtATime() {
        byte[] input = stream(SIZES);
        EmbeddedChannel channel = channel(MAX);
        for (byte b : input) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(frames(channel)).containsExactlyElementsOf(expectedFrames());
    }

    @Test
    void onlyTicksEmitNothing() {
        EmbeddedChannel channel = channel(MAX);
        assertThat(channel.writeInbound(Unpooled.wrappedBuffer(stream(0, 0, 0))))
                .isFalse();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void emittedFramesAreIndependentOfLaterInput() {
        EmbeddedChannel channel = channel(MAX);
        channel.writeInbound(Unpooled.wrappedBuffer(stream(4)));
        ByteBuf first = channel.readInbound();
        channel.writeInbound(Unpooled.wrappedBuffer(stream(0, 8, 8, 8)));
        assertThat(ByteBufUtil.getBytes(first)).containsOnly(0);
        assertThat(first.readableBytes()).isEqualTo(4);
        first.release();
        assertThat(frames(channel)).hasSize(3);
    }

    @Test
    void acceptsAFrameOfExactlyTheLimit() {
        EmbeddedChannel channel = channel(MAX);
        channel.writeInbound(Unpooled.wrappedBuffer(stream(MAX)));
        assertThat(frames(channel)).singleElement().satisfies(frame -> assertThat(frame)
                .hasSize(MAX));
    }

    @ParameterizedTest
    @ValueSource(longs = {MAX + 1, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL})
    void aLengthAboveTheLimitFailsTypedAndTheDecoderClosesTheChannel(long length) {
        EmbeddedChannel channel = channel(MAX);
        byte[] input = new byte[] {0, 0, 0, 2, 9, 9, 0, 0, 0, 0};
        ByteBuf hostile = Unpooled.wrappedBuffer(input, u32(length), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> channel.writeInbound(hostile))
                .isInstanceOfSatisfying(FrameTooLargeException.class, e -> {
                    assertThat(e.length()).isEqualTo(length);
                    assertThat(e.limit()).isEqualTo(MAX);
                    assertThat(e).hasMessageContaining(Long.toString(length));
                });
        assertThat(channel.isOpen()).isFalse();
        // the frame before the bad length was delivered; nothing after it
        assertThat(frames(channel)).containsExactly(new byte[] {9, 9});
        assertThat(hostile.refCnt()).isZero();
    }

    @Test
    void inputAfterAnOversizedLengthIsDiscarded() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channels.add(channel);
        List<Throwable> caught = new ArrayList<>();
        channel.pipeline().addLast(new DistFrameDecoder(MAX), new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                caught.add(cause);
            }
        });
        // two reads: the second reaches the decoder after it failed and closed the channel
        channel.writeInbound(Unpooled.wrappedBuffer(u32(0xffff_ffffL)), Unpooled.wrappedBuffer(stream(3, 0, 3)));
        assertThat(caught).singleElement().isInstanceOf(FrameTooLargeException.class);
        assertThat(channel.isOpen()).isFalse();
        assertThat(frames(channel)).isEmpty();
    }

    @Test
    void anOversizedLengthAfterALaterHandlerClosedTheChannelIsNotReportedAgain() {
        // a fuzzing finding (issue 19): the message decoder fails on the first frame and closes the
        // channel; the oversized length after it in the same read must not be a second exception
        EmbeddedChannel channel = new EmbeddedChannel();
        channels.add(channel);
        List<Throwable> caught = new ArrayList<>();
        channel.pipeline().addLast(new DistFrameDecoder(MAX), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
                caught.add(new IllegalStateException("the frame is malformed"));
                ctx.close();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                caught.add(cause);
            }
        });
        ByteBuf input = Unpooled.wrappedBuffer(stream(3), u32(0xffff_ffffL), new byte[8]);
        channel.writeInbound(input);
        assertThat(caught).singleElement().isInstanceOf(IllegalStateException.class);
        assertThat(input.refCnt()).isZero();
    }

    @Test
    void aClaimedLengthIsNeverAllocatedUpFront() {
        int max = 1 << 30;
        EmbeddedChannel channel = channel(max);
        long allocated = allocatedBy(() -> {
            channel.writeInbound(Unpooled.wrappedBuffer(u32(max), new byte[] {1, 2, 3}));
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {4, 5, 6}));
        });
        assertThat(allocated).as("bytes allocated for a 1 GiB claim").isLessThan(1 << 20);
        assertThat(channel.isOpen()).isTrue();
        assertThat(frames(channel)).isEmpty();

        long rejected = allocatedBy(
                () -> assertThatThrownBy(() -> channel(MAX).writeInbound(Unpooled.wrappedBuffer(u32(0xffff_ffffL))))
                        .isInstanceOf(FrameTooLargeException.class));
        assertThat(rejected).isLessThan(1 << 20);
    }

    @Test
    void handsOnAtMostFramesPerTurnAndGoesOnInLaterTasks() {
        List<Integer> batches = new ArrayList<>();
        int[] sinceComplete = {0};
        EmbeddedChannel channel =
                new EmbeddedChannel(new DistFrameDecoder(MAX, 1000), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ((ByteBuf) msg).release();
                        sinceComplete[0]++;
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                        batches.add(sinceComplete[0]);
                        sinceComplete[0] = 0;
                    }
                });
        channels.add(channel);
        int[] sizes = new int[2500];
        Arrays.fill(sizes, 3);

        channel.writeInbound(Unpooled.wrappedBuffer(stream(sizes)));

        assertThat(batches).containsExactly(1000, 1000, 500);
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.writeInbound(Unpooled.wrappedBuffer(stream(3, 0, 3)));
        assertThat(batches).containsExactly(1000, 1000, 500, 2);
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThatThrownBy(() -> new DistFrameDecoder(5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DistFrameDecoder(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DistFrameDecoder(5).maxFrameSize()).isEqualTo(5);
    }

    private static long allocatedBy(Runnable action) {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            Assumptions.abort("this JVM cannot measure allocation per thread");
            throw new AssertionError("unreachable");
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        action.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }

    // ---- a parser that reads frames in place ----

    private EmbeddedChannel parsing(FrameParser parser, List<Throwable> caught) {
        EmbeddedChannel channel = new EmbeddedChannel(
                new DistFrameDecoder(MAX, DistFrameDecoder.DEFAULT_FRAMES_PER_TURN, parser),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        caught.add(cause);
                    }
                });
        channels.add(channel);
        return channel;
    }

    @Test
    void aParserSeesExactlyItsFrameAndMayLeaveBytesUnread() {
        List<Throwable> caught = new ArrayList<>();
        // reads only the first byte of each frame; the decoder skips the rest
        EmbeddedChannel channel = parsing(
                (in, length) -> {
                    assertThat(in.readableBytes()).isEqualTo(length);
                    return (int) in.readByte() * 1000 + length;
                },
                caught);
        channel.writeInbound(Unpooled.wrappedBuffer(stream(3, 0, 1, 7)));
        List<Object> parsed = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            parsed.add(o);
        }
        assertThat(parsed).containsExactly(3, 2001, 3007);
        assertThat(caught).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aParserFailureClosesTheChannelAndDropsTheRest() {
        List<Throwable> caught = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        EmbeddedChannel channel = parsing(
                (in, length) -> {
                    seen.add(length);
                    if (length == 2) {
                        throw new IllegalStateException("bad frame");
                    }
                    return length;
                },
                caught);
        ByteBuf input = Unpooled.wrappedBuffer(stream(1, 2, 3));
        channel.writeInbound(input, Unpooled.wrappedBuffer(stream(4)));
        assertThat(seen).containsExactly(1, 2);
        assertThat((Object) channel.readInbound()).isEqualTo(1);
        assertThat((Object) channel.readInbound()).isNull();
        assertThat(caught).singleElement().satisfies(e -> assertThat(e).hasRootCauseMessage("bad frame"));
        assertThat(channel.isOpen()).isFalse();
        assertThat(input.refCnt()).isZero();
    }
}

package dev.nodemesh.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.testsupport.Slow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes from another thread ({@link DirectSocketChannel#writeNow}) and the event loop's own writes
 * share one socket: over real loopback sockets, every frame must arrive whole and in its sender's
 * order, also when the socket takes only part of a direct write.
 */
@Slow
class DirectSocketChannelTest {

    /** A frame as the reader saw it: who wrote it, its number, and whether its body was intact. */
    record Frame(int source, int seq, int size, boolean intact) {}

    private static final int DIRECT = 1;
    private static final int EVENT_LOOP = 2;

    private Transport transport;
    private Channel server;
    private final CompletableFuture<Channel> accepted = new CompletableFuture<>();
    private final List<Frame> frames = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws Exception {
        transport = new Transport(2, "direct-test");
        server = transport.listen(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Bounded, so that a frame of a few MiB cannot fit in the socket buffers at once.
                        ch.config().setReceiveBufferSize(256 * 1024);
                        ch.pipeline().addLast(new DistFrameDecoder(64 << 20), new FrameCollector());
                        accepted.complete(ch);
                    }
                });
    }

    @AfterEach
    void close() {
        server.close().syncUninterruptibly();
        transport.close();
    }

    @Test
    void directAndEventLoopWritesNeverInterleave() throws Exception {
        DirectSocketChannel client = connect();
        int perSource = 1_000;
        CountDownLatch eventLoopDone = new CountDownLatch(1);
        client.eventLoop().execute(new Runnable() {
            int seq;

            @Override
            public void run() {
                for (int burst = 0; burst < 50 && seq < perSource; burst++) {
                    client.write(frame(EVENT_LOOP, seq++, randomSize()));
                }
                client.flush();
                if (seq < perSource) {
                    client.eventLoop().execute(this);
                } else {
                    eventLoopDone.countDown();
                }
            }
        });
        long directBytes = 0;
        int directWrites = 0;
        for (int seq = 0; seq < perSource; seq++) {
            ByteBuf frame = frame(DIRECT, seq, randomSize());
            long written;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((written = client.writeNow(frame)) < 0) {
                assertThat(System.nanoTime())
                        .as("direct write %d refused for 30 s", seq)
                        .isLessThan(deadline);
                Thread.onSpinWait();
            }
            directBytes += written;
            directWrites++;
            assertThat(frame.isReadable()).isFalse();
            frame.release();
        }
        assertThat(eventLoopDone.await(30, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(30)).until(() -> frames.size() == 2 * perSource);
        assertThat(directWrites).isEqualTo(perSource);
        assertThat(directBytes).isPositive();
        assertWholeAndInOrder(DIRECT, perSource);
        assertWholeAndInOrder(EVENT_LOOP, perSource);
    }

    @Test
    void theRestOfAPartialDirectWriteGoesBeforeLaterWrites() throws Exception {
        accepted.thenAccept(ch -> ch.config().setAutoRead(false));
        DirectSocketChannel client = connect();
        Channel serverSide = accepted.get(10, TimeUnit.SECONDS);

        int bigSize = 16 << 20;
        ByteBuf big = frame(DIRECT, 0, bigSize);
        long written = client.writeNow(big);
        assertThat(written).as("the socket took only part of a 16 MiB frame").isBetween(1L, bigSize - 1L);
        assertThat(big.isReadable()).as("the rest is the channel's now").isFalse();
        big.release();

        ByteBuf next = frame(DIRECT, 1, 100);
        assertThat(client.writeNow(next)).as("nothing overtakes the rest").isEqualTo(-1);
        assertThat(next.readableBytes()).isEqualTo(104);
        client.writeAndFlush(next);
        client.writeAndFlush(frame(EVENT_LOOP, 0, 100));

        serverSide.config().setAutoRead(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> frames.size() == 3);
        assertThat(frames)
                .containsExactly(
                        new Frame(DIRECT, 0, bigSize, true),
                        new Frame(DIRECT, 1, 100, true),
                        new Frame(EVENT_LOOP, 0, 100, true));
    }

    @Test
    void aClosedChannelRefusesDirectWrites() throws Exception {
        DirectSocketChannel client = connect();
        client.close().syncUninterruptibly();
        ByteBuf frame = frame(DIRECT, 0, 10);
        assertThat(client.writeNow(frame)).isEqualTo(-1);
        assertThat(frame.readableBytes()).isEqualTo(14);
        frame.release();
    }

    @Test
    void aBufferOfSeveralRegionsGoesThroughTheEventLoop() throws Exception {
        DirectSocketChannel client = connect();
        ByteBuf frame = frame(DIRECT, 0, 10);
        ByteBuf split = Unpooled.wrappedBuffer(frame.readRetainedSlice(7), frame.readRetainedSlice(7));
        frame.release();
        assertThat(client.writeNow(split)).isEqualTo(-1);
        client.writeAndFlush(split);
        await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() == 1);
        assertThat(frames).containsExactly(new Frame(DIRECT, 0, 10, true));
    }

    private DirectSocketChannel connect() {
        var future = transport.connect(
                (InetSocketAddress) server.localAddress(),
                Duration.ofSeconds(5),
                new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {}
                });
        Channel channel = future.syncUninterruptibly().channel();
        assertThat(channel).isInstanceOf(DirectSocketChannel.class);
        return (DirectSocketChannel) channel;
    }

    private void assertWholeAndInOrder(int source, int count) {
        List<Frame> fromSource =
                frames.stream().filter(f -> f.source() == source).toList();
        assertThat(fromSource).hasSize(count);
        for (int i = 0; i < count; i++) {
            Frame frame = fromSource.get(i);
            assertThat(frame.seq()).isEqualTo(i);
            assertThat(frame.intact()).as("frame %d of source %d", i, source).isTrue();
        }
    }

    /** Up to 128 KiB: large enough that the socket's buffers fill and writes are often partial. */
    private static int randomSize() {
        return 8 + ThreadLocalRandom.current().nextInt(128 * 1024);
    }

    /** A frame: length, source, sequence number, then filler bytes derived from both. */
    private static ByteBuf frame(int source, int seq, int size) {
        ByteBuf frame = Unpooled.directBuffer(4 + size);
        frame.writeInt(size).writeInt(source).writeInt(seq);
        for (int i = 8; i < size; i++) {
            frame.writeByte(filler(source, seq, i));
        }
        return frame;
    }

    private static byte filler(int source, int seq, int index) {
        return (byte) (source * 31 + seq * 7 + index);
    }

    private final class FrameCollector extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf body) {
            int size = body.readableBytes();
            int source = body.readInt();
            int seq = body.readInt();
            boolean intact = true;
            for (int i = 8; i < size; i++) {
                if (body.readByte() != filler(source, seq, i)) {
                    intact = false;
                    break;
                }
            }
            frames.add(new Frame(source, seq, size, intact));
        }
    }
}

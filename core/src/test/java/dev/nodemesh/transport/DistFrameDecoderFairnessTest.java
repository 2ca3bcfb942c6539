package dev.nodemesh.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two connections on one real event loop thread: while one has thousands of frames buffered, the
 * other's frame is handed on after a few turns, not after all of them (issue 12, defect 1).
 */
class DistFrameDecoderFairnessTest {

    private static final int FLOOD = 5_000;
    private static final int PER_TURN = 100;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Channel> channels = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Channel channel : channels) {
            channel.close().await(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        clients.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    @Test
    void anotherConnectionsFrameIsHandedOnWhileAFloodIsBuffered() throws Exception {
        List<Byte> arrivals = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch floodStarted = new CountDownLatch(1);
        CountDownLatch otherSent = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(FLOOD + 1);
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(1 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new DistFrameDecoder(1024, PER_TURN), new Recorder(arrivals, done) {
                            @Override
                            void first(byte who) throws InterruptedException {
                                if (who == 'F') {
                                    // hold the loop until the other peer's frame is in the socket
                                    floodStarted.countDown();
                                    otherSent.await(5, TimeUnit.SECONDS);
                                }
                            }
                        });
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0)
                .sync()
                .channel();
        channels.add(server);
        Channel flooder = connect(server);
        Channel other = connect(server);

        flooder.writeAndFlush(frames('F', FLOOD)).sync();
        assertThat(floodStarted.await(5, TimeUnit.SECONDS)).isTrue();
        // the server's loop is now held inside the flood's first frame, the rest of it buffered
        other.writeAndFlush(frames('O', 1)).sync();
        otherSent.countDown();

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        int position = arrivals.indexOf((byte) 'O');
        assertThat(position)
                .as("frames of the flood handed on before the other connection's one")
                .isBetween(0, 10 * PER_TURN);
    }

    private Channel connect(Channel server) throws InterruptedException {
        Channel channel = new Bootstrap()
                .group(clients)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(server.localAddress())
                .sync()
                .channel();
        channels.add(channel);
        return channel;
    }

    /** {@code count} frames of one byte each, {@code who}. */
    private static ByteBuf frames(char who, int count) {
        ByteBuf buf = Unpooled.buffer(count * 5);
        for (int i = 0; i < count; i++) {
            buf.writeInt(1).writeByte(who);
        }
        return buf;
    }

    /** Records which connection each frame came from. */
    private static class Recorder extends ChannelInboundHandlerAdapter {

        private final List<Byte> arrivals;
        private final CountDownLatch done;
        private boolean seen;

        Recorder(List<Byte> arrivals, CountDownLatch done) {
            this.arrivals = arrivals;
            this.done = done;
        }

        void first(byte who) throws InterruptedException {}

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            ByteBuf frame = (ByteBuf) msg;
            byte who = frame.readByte();
            frame.release();
            arrivals.add(who);
            done.countDown();
            if (!seen) {
                seen = true;
                first(who);
            }
        }
    }
}

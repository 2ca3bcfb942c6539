package dev.nodemesh.handshake;

import static dev.nodemesh.handshake.Wire.concat;
import static dev.nodemesh.handshake.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.handshake.HandshakeArbiter.Decision;
import dev.nodemesh.testsupport.Slow;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The acceptor on a real loopback NIO server, driven by a plain socket: the deadline fires on a
 * real event loop, a hostile length closes the TCP connection, and bytes that arrive in the same
 * segment as the last handshake message reach the next handler.
 */
@Slow
class HandshakeSocketTest {

    private EventLoopGroup group;
    private Channel server;

    @BeforeEach
    void startGroup() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close().await(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
    }

    /** Completes with the first handshake event; installs a collector on success. */
    private static final class Listener extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Object> event = new CompletableFuture<>();
        final ByteArrayOutputStream after = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> collected = new CompletableFuture<>();
        final int expectAfter;

        Listener(int expectAfter) {
            this.expectAfter = expectAfter;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof HandshakeCompleted) {
                ctx.pipeline().addAfter("handshake", "frames", new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext c, Object msg) {
                        ByteBuf buf = (ByteBuf) msg;
                        after.writeBytes(ByteBufUtil.getBytes(buf));
                        buf.release();
                        if (after.size() >= expectAfter) {
                            collected.complete(after.toByteArray());
                        }
                    }
                });
            }
            event.complete(evt);
        }
    }

    private int serve(Supplier<HandshakeHandler> handler, Listener listener) throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("handshake", handler.get());
                        ch.pipeline().addLast("listener", listener);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Reads until the server closes; fails if it does not within the limit. */
    private static byte[] readUntilClosed(Socket socket, Duration limit) throws IOException {
        socket.setSoTimeout((int) limit.toMillis());
        InputStream in = socket.getInputStream();
        return in.readAllBytes();
    }

    @Test
    void aSlowPeerIsClosedAtTheDeadline() throws Exception {
        Duration timeout = Duration.ofMillis(400);
        Listener listener = new Listener(0);
        int port = serve(() -> HandshakeHandler.acceptor(Capture.b(), (n, f, c) -> Decision.OK, timeout), listener);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            long start = System.nanoTime();
            socket.getOutputStream().write(Capture.A_TO_B, 0, 3); // a start, then nothing more
            socket.getOutputStream().flush();
            byte[] received = readUntilClosed(socket, Duration.ofSeconds(10));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(received).isEmpty();
            assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
        }
        Object event = listener.event.get(5, TimeUnit.SECONDS);
        assertThat(((HandshakeFailed) event).cause().failure()).isEqualTo(HandshakeFailure.TIMEOUT);
    }

    @Test
    void aSilentPeerIsClosedAtTheNameDeadlineLongBeforeTheHandshakeDeadline() throws Exception {
        Listener listener = new Listener(0);
        int port = serve(
                () -> HandshakeHandler.acceptor(
                        Capture.b(), (n, f, c) -> Decision.OK, Duration.ofSeconds(60), Duration.ofMillis(300)),
                listener);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            long start = System.nanoTime();
            byte[] received = readUntilClosed(socket, Duration.ofSeconds(30));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(received).isEmpty();
            assertThat(elapsed).isLessThan(Duration.ofSeconds(20));
        }
        HandshakeException cause = ((HandshakeFailed) listener.event.get(5, TimeUnit.SECONDS)).cause();
        assertThat(cause.failure()).isEqualTo(HandshakeFailure.TIMEOUT);
        assertThat(cause.getMessage()).contains("no complete name message within PT0.3S");
    }

    @Test
    void onceTheNameHasArrivedOnlyTheHandshakeDeadlineCounts() throws Exception {
        Duration timeout = Duration.ofSeconds(3);
        Listener listener = new Listener(0);
        int port = serve(
                () -> HandshakeHandler.acceptor(Capture.b(), (n, f, c) -> Decision.OK, timeout, Duration.ofMillis(100)),
                listener);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            long start = System.nanoTime();
            socket.getOutputStream().write(Capture.nameA()); // the name, then no challenge reply
            socket.getOutputStream().flush();
            byte[] received = readUntilClosed(socket, Duration.ofSeconds(30));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertThat(received).startsWith(0, 3, 's', 'o', 'k'); // status ok, then the challenge
            assertThat(elapsed).isGreaterThanOrEqualTo(timeout.minusMillis(200));
        }
        HandshakeException cause = ((HandshakeFailed) listener.event.get(5, TimeUnit.SECONDS)).cause();
        assertThat(cause.failure()).isEqualTo(HandshakeFailure.TIMEOUT);
        assertThat(cause.getMessage()).contains("no complete handshake within PT3S");
    }

    @Test
    void anOversizedLengthClosesTheConnection() throws Exception {
        Listener listener = new Listener(0);
        int port = serve(
                () -> HandshakeHandler.acceptor(Capture.b(), (n, f, c) -> Decision.OK, Duration.ofSeconds(30)),
                listener);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(hex("ffff"));
            socket.getOutputStream().flush();
            assertThat(readUntilClosed(socket, Duration.ofSeconds(10))).isEmpty();
        }
        Object event = listener.event.get(5, TimeUnit.SECONDS);
        assertThat(((HandshakeFailed) event).cause().failure()).isEqualTo(HandshakeFailure.FRAME_TOO_LARGE);
    }

    @Test
    void bytesInTheSameSegmentAsTheReplyReachTheNextHandler() throws Exception {
        byte[] after = hex("00000000 00000003 70836a");
        Listener listener = new Listener(after.length);
        int port = serve(Capture::acceptor, listener);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write(concat(Capture.A_TO_B, after)); // one write, one segment
            socket.getOutputStream().flush();
            byte[] reply = socket.getInputStream().readNBytes(Capture.B_TO_A.length);
            assertThat(hex(reply)).isEqualTo(hex(Capture.B_TO_A));
            assertThat(listener.event.get(5, TimeUnit.SECONDS)).isInstanceOf(HandshakeCompleted.class);
            assertThat(hex(listener.collected.get(5, TimeUnit.SECONDS))).isEqualTo(hex(after));
        }
    }
}

package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.handshake.DistFlags;
import dev.nodemesh.handshake.HandshakeCompleted;
import dev.nodemesh.handshake.HandshakeHandler;
import dev.nodemesh.handshake.HandshakeIdentity;
import dev.nodemesh.term.Int;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A peer that knows the cookie and then sends garbage: its connection is closed as a protocol
 * error, reported as such, and the node's other connections carry on.
 */
class HostilePeerTest {

    private final TestNodes nodes = new TestNodes();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<String> downs = new LinkedBlockingQueue<>();
    private Node chip;
    private Mailbox inbox;
    private Mailbox sender;

    @BeforeEach
    void connectTwoNodes() {
        chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        inbox = chip.createMailbox("inbox");
        sender = dale.createMailbox();
        assertThat(dale.connect("chip@localhost")).isTrue();
        chip.addStatusListener(new NodeStatusListener() {
            @Override
            public void nodeDown(NodeName node, NodeDownReason reason) {
                downs.add(node + " " + reason);
            }
        });
    }

    @AfterEach
    void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        nodes.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "ffffffff", // a 4 GiB frame
                "0000000383440000", // distribution-header framing, never negotiated
                "000000027083", // a pass-through frame with a cut ETF term
                "00000006708368016163", // a control tuple with an unknown operation {99}
                "0000000270ff", // not ETF at all
                "00000001ff" // not pass-through framing
            })
    void garbageAfterTheHandshakeClosesOnlyThatConnection(String hex) throws Exception {
        Channel evil = handshakeAs("evil@localhost");

        evil.writeAndFlush(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex)));

        assertThat(evil.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(downs.poll(5, TimeUnit.SECONDS)).isEqualTo("evil@localhost PROTOCOL_ERROR");
        sender.send("inbox", "chip@localhost", Int.of(7));
        assertThat(inbox.receive(Duration.ofSeconds(5))).contains(Int.of(7));
        assertThat(chip.nodes()).extracting(n -> n.name().toString()).containsExactly("dale@localhost");
    }

    private Channel handshakeAs(String name) throws Exception {
        CompletableFuture<HandshakeCompleted> completed = new CompletableFuture<>();
        HandshakeIdentity identity = new HandshakeIdentity(
                name, DistFlags.DEFAULT_HIDDEN, 1, TestNodes.COOKIE.getBytes(StandardCharsets.US_ASCII));
        Channel channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(HandshakeHandler.initiator(identity, "chip@localhost", Duration.ofSeconds(5)))
                                .addLast(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                        if (event instanceof HandshakeCompleted done) {
                                            completed.complete(done);
                                        }
                                    }

                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        io.netty.util.ReferenceCountUtil.release(msg);
                                    }
                                });
                    }
                })
                .connect(chip.address())
                .sync()
                .channel();
        assertThat(completed.get(5, TimeUnit.SECONDS).peerName()).isEqualTo("chip@localhost");
        return channel;
    }
}

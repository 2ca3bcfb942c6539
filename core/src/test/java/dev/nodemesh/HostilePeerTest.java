package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.handshake.DistFlags;
import dev.nodemesh.handshake.HandshakeCompleted;
import dev.nodemesh.handshake.HandshakeHandler;
import dev.nodemesh.handshake.HandshakeIdentity;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.testsupport.Slow;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A peer that knows the cookie and then sends garbage: its connection is closed as a protocol
 * error, reported as such, and the node's other connections carry on.
 */
@Slow
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

    /** A peer without the atom cache: the connection uses pass-through framing. */
    private static final long PASS_THROUGH_PEER = DistFlags.DEFAULT_HIDDEN & ~DistFlags.DIST_HDR_ATOM_CACHE;

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "ffffffff", // a 4 GiB frame
                "0000000383440000", // distribution-header framing, never negotiated
                "000000027083", // a pass-through frame with a cut ETF term
                "00000006708368016163", // a control tuple with an unknown operation {99}
                "0000000270ff", // not ETF at all
                "00000001ff", // not pass-through framing
                "00000004" + "70835200" // an atom cache reference without a distribution header
            })
    void garbageAfterTheHandshakeClosesOnlyThatConnection(String hex) throws Exception {
        Channel evil = handshakeAs("evil@localhost", PASS_THROUGH_PEER);

        evil.writeAndFlush(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex)));

        assertClosedAsProtocolErrorWhileDaleDelivers(evil);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "00000005834401" + "0705", // an old reference to a slot no packet filled
                "0000000283ff", // not a distribution header
                "00000006708368016163", // pass-through framing although the header was negotiated
                "000000138345" + "00000000000000010000000000000001" + "00", // a fragment, never negotiated
                "000000028344", // a header cut before its number of references
                "00000004834404" + "8f", // four references announced, the flags cut
                "0000000983440108" + "05" + "c8" + "616263", // a new atom longer than the packet
                "0000000883440108" + "05" + "02" + "c080", // a new atom that is not UTF-8
                "0000000d83440108" + "00" + "01" + "61" + "680261015201" // ATOM_CACHE_REF 1 of 1 reference
            })
    void garbageInDistributionHeaderFramingClosesOnlyThatConnection(String hex) throws Exception {
        Channel evil = handshakeAs("evil@localhost", DistFlags.DEFAULT_HIDDEN);

        evil.writeAndFlush(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex)));

        assertClosedAsProtocolErrorWhileDaleDelivers(evil);
    }

    @Test
    void aPeerThatUsesTheAtomCacheDeliversUntilItNamesAnEmptySlot() throws Exception {
        Channel evil = handshakeAs("evil@localhost", DistFlags.DEFAULT_HIDDEN);
        // {6, <evil@localhost.9.0>, '', inbox} ! hello: every atom a new cache entry
        String pid = "58" + "5200" + "00000009" + "00000000" + "00000001";
        String first = "8344" + "04" + "8f" + "dc" + "00" // 4 new refs: seg 7, 0, 4, 5
                + "db" + "0e" + hex("evil@localhost") + "05" + "00" + "76" + "05" + hex("inbox") + "06" + "05"
                + hex("hello")
                + "6804" + "6106" + pid + "5201" + "5202" // control
                + "5203"; // payload
        // the same again, with every atom a reference to the cached slots
        String again = "8344" + "04" + "07" + "54" + "00" + "db" + "05" + "76" + "06" + "6804" + "6106" + pid + "5201"
                + "5202" + "5203";
        // then a reference to a slot nothing filled
        String bad = "8344" + "01" + "07" + "07";

        evil.writeAndFlush(Unpooled.wrappedBuffer(framed(first), framed(again)));
        assertThat(inbox.receive(Duration.ofSeconds(5))).contains(Atom.of("hello"));
        assertThat(inbox.receive(Duration.ofSeconds(5))).contains(Atom.of("hello"));
        evil.writeAndFlush(Unpooled.wrappedBuffer(framed(bad)));

        assertClosedAsProtocolErrorWhileDaleDelivers(evil);
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] framed(String hex) {
        byte[] content = HexFormat.of().parseHex(hex);
        return ByteBuffer.allocate(4 + content.length)
                .putInt(content.length)
                .put(content)
                .array();
    }

    private void assertClosedAsProtocolErrorWhileDaleDelivers(Channel evil) throws Exception {
        assertThat(evil.closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(downs.poll(5, TimeUnit.SECONDS)).isEqualTo("evil@localhost PROTOCOL_ERROR");
        sender.send("inbox", "chip@localhost", Int.of(7));
        assertThat(inbox.receive(Duration.ofSeconds(5))).contains(Int.of(7));
        assertThat(chip.nodes()).extracting(n -> n.name().toString()).containsExactly("dale@localhost");
    }

    private Channel handshakeAs(String name, long flags) throws Exception {
        CompletableFuture<HandshakeCompleted> completed = new CompletableFuture<>();
        HandshakeIdentity identity =
                new HandshakeIdentity(name, flags, 1, TestNodes.COOKIE.getBytes(StandardCharsets.US_ASCII));
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

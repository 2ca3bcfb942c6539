package dev.nodemesh.handshake;

import static dev.nodemesh.handshake.Wire.concat;
import static dev.nodemesh.handshake.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * OTP may send the first 4-byte-framed packets in the same segment as its last handshake message.
 * Whatever follows {@code 'a'} (initiator) or {@code 'r'} (acceptor) must reach the handlers the
 * connection layer installs while it handles {@link HandshakeCompleted}, in order and exactly once.
 */
class HandshakeLeftoverTest {

    /** A tick, then a pass-through packet {@code 70 83 6a} ({@code []}), then half a packet. */
    private static final byte[] AFTER = Wire.hex("00000000 00000003 70836a 0000ff");

    /** Installs the post-handshake collector right after the handshake handler, during the event. */
    private static final class Installer extends ChannelInboundHandlerAdapter {
        final List<Object> log = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            log.add(evt);
            if (evt instanceof HandshakeCompleted) {
                ctx.pipeline().addAfter("handshake", "frames", new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext c, Object msg) {
                        ByteBuf buf = (ByteBuf) msg;
                        log.add(ByteBufUtil.getBytes(buf));
                        buf.release();
                    }
                });
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            log.add("bytes reached the installer");
        }

        byte[] collected() {
            return concat(log.stream()
                    .filter(e -> e instanceof byte[])
                    .map(e -> (byte[]) e)
                    .toArray(byte[][]::new));
        }
    }

    @Test
    void acceptorPassesOnWhatFollowsTheReply() {
        everyDelivery(Capture::acceptor, Capture.A_TO_B);
    }

    @Test
    void initiatorPassesOnWhatFollowsTheAck() {
        everyDelivery(Capture::initiator, Capture.B_TO_A);
    }

    private static void everyDelivery(Supplier<HandshakeHandler> handler, byte[] handshake) {
        byte[] input = concat(handshake, AFTER);
        for (int cut = 0; cut < input.length; cut++) {
            check(handler, input, new int[] {cut}, "split at " + cut);
        }
        int[] everyByte = new int[input.length - 1];
        Arrays.setAll(everyByte, i -> i + 1);
        check(handler, input, everyByte, "one byte at a time");
    }

    private static void check(Supplier<HandshakeHandler> handler, byte[] input, int[] cuts, String how) {
        Installer installer = new Installer();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("installer", installer);
        channel.pipeline().addBefore("installer", "handshake", handler.get());
        try {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : input.length;
                if (to > from) {
                    channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(input, from, to)));
                }
                from = to;
            }
            assertThat(installer.log).as(how).first().isInstanceOf(HandshakeCompleted.class);
            assertThat(installer.log).as(how).doesNotContain("bytes reached the installer");
            assertThat(hex(installer.collected())).as(how).isEqualTo(hex(AFTER));
            assertThat(channel.pipeline().names()).as(how).doesNotContain("handshake");
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}

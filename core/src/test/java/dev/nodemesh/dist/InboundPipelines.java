package dev.nodemesh.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.transport.DistFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections' inbound pipelines for codec tests ({@link DistFrameDecoder} parsing its frames
 * with a {@link DistMessageDecoder}, as a connection's pipeline does, then a handler that records
 * exceptions), released on {@link #close()}.
 */
final class InboundPipelines implements AutoCloseable {

    static final int MAX_FRAME = 1 << 20;

    private final List<EmbeddedChannel> channels = new ArrayList<>();

    /** Every exception that reached the end of a pipeline, in order. */
    final List<Throwable> caught = new ArrayList<>();

    /** A pipeline: frames parsed by {@code messages}, then the exception recorder. */
    EmbeddedChannel open(DistMessageDecoder messages) {
        return track(new EmbeddedChannel(
                new DistFrameDecoder(MAX_FRAME, DistFrameDecoder.DEFAULT_FRAMES_PER_TURN, messages),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        caught.add(cause);
                    }
                }));
    }

    /** A channel of the caller's handlers only, released with the others. */
    EmbeddedChannel bare(ChannelHandler... handlers) {
        return track(new EmbeddedChannel(handlers));
    }

    private EmbeddedChannel track(EmbeddedChannel channel) {
        channels.add(channel);
        return channel;
    }

    /**
     * Feeds a bad frame and then a valid one to a new pipeline; expects exactly one {@link
     * DistProtocolException}, a closed channel, nothing delivered and the input released.
     */
    DistProtocolException rejected(DistMessageDecoder messages, byte[] badFrame, byte[] validFrame) {
        EmbeddedChannel channel = open(messages);
        caught.clear();
        ByteBuf input = Unpooled.wrappedBuffer(badFrame, validFrame);
        channel.writeInbound(input);
        assertThat(channel.isOpen()).as("closed by the decoder").isFalse();
        assertThat((Object) channel.readInbound())
                .as("nothing delivered after the bad frame")
                .isNull();
        assertThat(input.refCnt()).isZero();
        assertThat(caught).singleElement().isInstanceOf(DistProtocolException.class);
        return (DistProtocolException) caught.get(0);
    }

    /** A frame (length field included) around the given content bytes. */
    static byte[] frame(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    @Override
    public void close() {
        for (EmbeddedChannel channel : channels) {
            channel.finishAndReleaseAll();
        }
    }
}

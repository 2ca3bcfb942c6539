package dev.nodemesh.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nodemesh.term.etf.EtfDecoder;
import dev.nodemesh.transport.DistFrameDecoder;
import dev.nodemesh.transport.FrameTooLargeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of {@link DistMessageDecoder}: one frame in pass-through framing, one
 * frame after a distribution header, and a whole stream of frames through {@link
 * DistFrameDecoder} parsing with a header-framed decoder whose atom cache lives from frame to
 * frame. Each ends in messages or a {@link DistProtocolException} (or, for the stream, {@link
 * FrameTooLargeException}, closing the channel with every buffer released); a message is
 * consistent (a payload exactly when its operation has one).
 */
class DistMessageDecoderFuzzTest {

    private static final int MAX_FRAME = 64 * 1024;

    @FuzzTest(maxDuration = "10m")
    void passThroughFrame(byte[] content) {
        decodeOneFrame(content, new DistMessageDecoder(EtfDecoder.standard()));
    }

    @FuzzTest(maxDuration = "10m")
    void headerFrame(byte[] content) {
        EtfDecoder decoder = EtfDecoder.standard();
        decodeOneFrame(content, new DistMessageDecoder(decoder, new DistHeaderReader(decoder)));
    }

    /** The stream: 4-byte lengths and frames, as a connection receives them after the handshake. */
    @FuzzTest(maxDuration = "10m")
    void headerStream(byte[] stream) {
        EtfDecoder decoder = EtfDecoder.standard();
        List<Throwable> caught = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(
                new DistFrameDecoder(
                        MAX_FRAME,
                        DistFrameDecoder.DEFAULT_FRAMES_PER_TURN,
                        new DistMessageDecoder(decoder, new DistHeaderReader(decoder))),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        caught.add(cause);
                    }
                });
        ByteBuf input = buffer(stream);
        try {
            channel.writeInbound(input);
            DistMessage message;
            while ((message = channel.readInbound()) != null) {
                checkConsistent(message);
            }
            for (Throwable cause : caught) {
                if (!(cause instanceof DistProtocolException || cause instanceof FrameTooLargeException)) {
                    throw new AssertionError("untyped failure decoding a stream", cause);
                }
            }
            assertThat(caught)
                    .as("at most one failure: the first closes the channel")
                    .hasSizeLessThanOrEqualTo(1);
            assertThat(channel.isOpen()).as("open exactly when nothing failed").isEqualTo(caught.isEmpty());
        } finally {
            // an incomplete last frame stays buffered until the channel closes
            channel.finishAndReleaseAll();
            assertThat(input.refCnt()).as("the stream's buffer released").isZero();
        }
    }

    /** Decodes one frame; a failure must be typed. */
    private static void decodeOneFrame(byte[] content, DistMessageDecoder messages) {
        ByteBuf frame = buffer(content);
        try {
            checkConsistent(messages.parse(frame, content.length));
        } catch (DistProtocolException expected) {
            // typed: the frame decoder closes the channel on it (headerStream)
        } finally {
            frame.release();
        }
    }

    /** A heap buffer of its own even when empty ({@code Unpooled.wrappedBuffer} shares one empty buffer that is never released). */
    private static ByteBuf buffer(byte[] bytes) {
        return UnpooledByteBufAllocator.DEFAULT
                .heapBuffer(Math.max(1, bytes.length))
                .writeBytes(bytes);
    }

    private static void checkConsistent(DistMessage message) {
        assertThat(message.control().hasPayload())
                .as(
                        "a payload exactly when operation %d has one",
                        message.control().op())
                .isEqualTo(message.payload() != null);
    }
}

package dev.nodemesh.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of {@link DistFrameDecoder} in an {@link EmbeddedChannel}, against a
 * model: a stream of 4-byte lengths and frames, cut into chunks, gives exactly the frames the
 * model reads (ticks skipped), in order, whatever the chunks and the frames-per-turn budget; a
 * length above the limit gives one {@link FrameTooLargeException} and a closed channel; every
 * buffer is released.
 *
 * <p>The first three bytes of the input choose the limit (1 to 4081 bytes), the frames per turn
 * (1 to 8) and the chunk size (1 to 256 bytes); the rest is the stream.
 */
class DistFrameDecoderFuzzTest {

    private static final int SETTINGS = 3;

    @FuzzTest(maxDuration = "10m")
    void stream(byte[] input) {
        if (input.length < SETTINGS) {
            return;
        }
        int maxFrameSize = 1 + (input[0] & 0xff) * 16;
        int framesPerTurn = 1 + (input[1] & 7);
        int chunk = 1 + (input[2] & 0xff);
        byte[] stream = Arrays.copyOfRange(input, SETTINGS, input.length);
        Model expected = Model.of(stream, maxFrameSize);

        EmbeddedChannel channel = new EmbeddedChannel(new DistFrameDecoder(maxFrameSize, framesPerTurn));
        List<byte[]> frames = new ArrayList<>();
        List<ByteBuf> chunks = new ArrayList<>();
        FrameTooLargeException failure = null;
        try {
            for (int from = 0; from < stream.length && failure == null; from += chunk) {
                ByteBuf part = Unpooled.wrappedBuffer(stream, from, Math.min(chunk, stream.length - from));
                chunks.add(part);
                try {
                    channel.writeInbound(part);
                    drain(channel, frames, stream.length);
                } catch (FrameTooLargeException e) {
                    failure = e;
                }
            }
            try {
                // also after a failure: the frames before the bad length were handed on first
                drain(channel, frames, stream.length);
            } catch (FrameTooLargeException e) {
                assertThat(failure).as("one FrameTooLargeException").isNull();
                failure = e;
            }
            assertThat(frames).as("frames").containsExactlyElementsOf(expected.frames());
            if (expected.tooLarge() >= 0) {
                assertThat(failure).as("a length above %d fails", maxFrameSize).isNotNull();
                assertThat(failure.length()).isEqualTo(expected.tooLarge());
                assertThat(channel.isOpen())
                        .as("closed after too large a frame")
                        .isFalse();
            } else {
                assertThat(failure).as("no length above the limit").isNull();
                assertThat(channel.isOpen()).isTrue();
            }
        } finally {
            channel.finishAndReleaseAll();
            for (ByteBuf part : chunks) {
                assertThat(part.refCnt()).as("every chunk released").isZero();
            }
        }
    }

    /** Runs the paused turns until nothing is left to do; collects (and releases) the frames. */
    private static void drain(EmbeddedChannel channel, List<byte[]> frames, int bound) {
        for (int turn = 0; turn <= bound + 1; turn++) {
            channel.runPendingTasks();
            channel.checkException();
            boolean any = false;
            ByteBuf frame;
            while ((frame = channel.readInbound()) != null) {
                any = true;
                try {
                    frames.add(ByteBufUtil.getBytes(frame));
                } finally {
                    frame.release();
                }
            }
            if (!any && turn > 0) {
                return;
            }
        }
    }

    /** What the stream holds: its complete frames, and the first length above the limit (-1 if none). */
    private record Model(List<byte[]> frames, long tooLarge) {

        static Model of(byte[] stream, int maxFrameSize) {
            List<byte[]> frames = new ArrayList<>();
            int at = 0;
            while (stream.length - at >= 4) {
                long length = ((stream[at] & 0xffL) << 24)
                        | ((stream[at + 1] & 0xff) << 16)
                        | ((stream[at + 2] & 0xff) << 8)
                        | (stream[at + 3] & 0xff);
                if (length > maxFrameSize) {
                    return new Model(frames, length);
                }
                if (stream.length - at - 4 < length) {
                    break;
                }
                if (length > 0) {
                    frames.add(Arrays.copyOfRange(stream, at + 4, at + 4 + (int) length));
                }
                at += 4 + (int) length;
            }
            return new Model(frames, -1);
        }
    }
}

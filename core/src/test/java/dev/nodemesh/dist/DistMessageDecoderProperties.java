package dev.nodemesh.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.dist.ControlSamples.Sample;
import dev.nodemesh.term.etf.EtfDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever follows the pass-through byte, decoding a frame ends in a message or a {@link
 * DistProtocolException}: never another exception, and the frame is always released.
 */
class DistMessageDecoderProperties {

    /** Decodes one frame; returns the message, or null after checking the failure was typed and closed the channel. */
    private static DistMessage decode(byte[] content) {
        EmbeddedChannel channel = new EmbeddedChannel(new DistMessageDecoder(EtfDecoder.standard()));
        ByteBuf frame = Unpooled.wrappedBuffer(content);
        try {
            channel.writeInbound(frame);
            return channel.readInbound();
        } catch (DistProtocolException e) {
            assertThat(channel.isOpen()).isFalse();
            return null;
        } finally {
            assertThat(frame.refCnt()).isZero();
            channel.finishAndReleaseAll();
        }
    }

    private static byte[] prefixed(byte[] prefix, byte[] rest) {
        byte[] out = new byte[prefix.length + rest.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(rest, 0, out, prefix.length, rest.length);
        return out;
    }

    @Property(tries = 2000)
    void randomBytesAfterThePassThroughByteGiveOnlyDistProtocolException(@ForAll @Size(max = 80) byte[] bytes) {
        decode(prefixed(new byte[] {112}, bytes));
    }

    @Property(tries = 2000)
    void randomBytesInsideAControlTupleGiveOnlyDistProtocolException(
            @ForAll @Size(max = 80) byte[] bytes, @ForAll("ops") int op) {
        // 112, 131, SMALL_TUPLE_EXT of 2..7 elements, a valid op, then noise
        byte[] start = {112, (byte) 131, 104, (byte) (2 + Math.floorMod(bytes.length, 6)), 97, (byte) op};
        decode(prefixed(start, bytes));
    }

    @Provide
    Arbitrary<Integer> ops() {
        return Arbitraries.of(
                1, 2, 3, 4, 6, 7, 8, 12, 13, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
                36);
    }

    @Property(tries = 2000)
    void aDamagedValidPacketDecodesOrGivesDistProtocolException(
            @ForAll("packets") byte[] content, @ForAll int position, @ForAll byte value, @ForAll boolean truncate) {
        int index = 1 + Math.floorMod(position, content.length - 1);
        byte[] damaged = truncate ? Arrays.copyOf(content, index) : content.clone();
        if (!truncate) {
            damaged[index] = value;
        }
        DistMessage message = decode(damaged);
        if (message != null) {
            assertThat(message.control().hasPayload()).isEqualTo(message.payload() != null);
        }
    }

    @Provide
    Arbitrary<byte[]> packets() {
        List<Sample> samples = ControlSamples.all();
        return Arbitraries.of(samples).map(sample -> {
            ByteBuf packet =
                    DistFrames.encode(UnpooledByteBufAllocator.DEFAULT, sample.message(), sample.payloadTerm());
            try {
                return ByteBufUtil.getBytes(packet, 4, packet.readableBytes() - 4);
            } finally {
                packet.release();
            }
        });
    }
}

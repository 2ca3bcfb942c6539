package dev.nodemesh.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.dist.ControlSamples.Sample;
import dev.nodemesh.term.etf.EtfDecoder;
import dev.nodemesh.testsupport.Slow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever follows the pass-through byte or the distribution header, decoding a frame ends in a
 * message or a {@link DistProtocolException}: never another exception.
 */
@Slow
class DistMessageDecoderPropertyTest {

    /** Decodes one pass-through frame. */
    private static DistMessage decode(byte[] content) {
        return decode(content, new DistMessageDecoder(EtfDecoder.standard()));
    }

    /** Decodes one frame in distribution-header framing, with a new cache. */
    private static DistMessage decodeWithHeader(byte[] content) {
        EtfDecoder decoder = EtfDecoder.standard();
        return decode(content, new DistMessageDecoder(decoder, new DistHeaderReader(decoder)));
    }

    /** Decodes one frame; returns the message, or null after a {@link DistProtocolException}. */
    private static DistMessage decode(byte[] content, DistMessageDecoder messages) {
        ByteBuf frame = Unpooled.wrappedBuffer(content);
        try {
            return messages.parse(frame, content.length);
        } catch (DistProtocolException e) {
            return null;
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
    void randomBytesAfterADistributionHeaderGiveOnlyDistProtocolException(@ForAll @Size(max = 80) byte[] bytes) {
        decodeWithHeader(prefixed(new byte[] {(byte) 131, 68}, bytes));
    }

    @Property(tries = 2000)
    void randomAtomCacheReferencesGiveAMessageOrOnlyDistProtocolException(
            @ForAll @Size(max = 40) byte[] bytes, @ForAll("ops") int op) {
        // a header of up to 7 references (flags and refs from the noise), then a control tuple whose
        // elements are all atom cache references
        int count = bytes.length == 0 ? 0 : Math.floorMod(bytes[0], 8);
        byte[] start = {(byte) 131, 68, (byte) count};
        byte[] control = {104, 3, 97, (byte) op, 82, 0, 82, 1};
        decodeWithHeader(prefixed(prefixed(start, bytes), control));
    }

    @Property(tries = 2000)
    void aDamagedValidHeaderPacketDecodesOrGivesDistProtocolException(
            @ForAll("headerPackets") byte[] content,
            @ForAll int position,
            @ForAll byte value,
            @ForAll boolean truncate) {
        // the first two bytes stay 131, 68
        checkDamaged(decodeWithHeader(damaged(content, 2, position, value, truncate)));
    }

    @Provide
    Arbitrary<byte[]> headerPackets() {
        return packets(DistFraming.DISTRIBUTION_HEADER);
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
        checkDamaged(decode(damaged(content, 1, position, value, truncate)));
    }

    /** The content cut at, or with {@code value} written at, a position after the first {@code keep} bytes. */
    private static byte[] damaged(byte[] content, int keep, int position, byte value, boolean truncate) {
        int index = keep + Math.floorMod(position, content.length - keep);
        byte[] damaged = truncate ? Arrays.copyOf(content, index) : content.clone();
        if (!truncate) {
            damaged[index] = value;
        }
        return damaged;
    }

    /** A damaged packet that still decodes must still be a consistent message. */
    private static void checkDamaged(DistMessage message) {
        if (message != null) {
            assertThat(message.control().hasPayload()).isEqualTo(message.payload() != null);
        }
    }

    @Provide
    Arbitrary<byte[]> packets() {
        return packets(DistFraming.PASS_THROUGH);
    }

    /** Every control message sample, as the content of a packet in the given framing. */
    private static Arbitrary<byte[]> packets(DistFraming framing) {
        List<Sample> samples = ControlSamples.all();
        return Arbitraries.of(samples).map(sample -> {
            ByteBuf packet = DistFrames.encode(
                    UnpooledByteBufAllocator.DEFAULT, framing, sample.message(), sample.payloadTerm());
            try {
                return ByteBufUtil.getBytes(packet, 4, packet.readableBytes() - 4);
            } finally {
                packet.release();
            }
        });
    }
}

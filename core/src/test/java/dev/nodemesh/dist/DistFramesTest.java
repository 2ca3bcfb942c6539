package dev.nodemesh.dist;

import static dev.nodemesh.dist.ControlSamples.A;
import static dev.nodemesh.dist.ControlSamples.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.dist.ControlMessage.Link;
import dev.nodemesh.dist.ControlMessage.RegSend;
import dev.nodemesh.dist.ControlMessage.SendSender;
import dev.nodemesh.dist.ControlSamples.Sample;
import dev.nodemesh.handshake.DistFlags;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.LocalTerm;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.term.etf.EtfDecoder;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DistFramesTest {

    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    /** The worked example of the digest, section 4.6: {@code {j@h, echo} ! {self(), hello}}. */
    private static final String WORKED_EXAMPLE = String.join(
            " ",
            "00 00 00 3c",
            "70",
            "83 68 04 61 06 58 77 03 6a 40 68 00 00 00 01 00 00 00 00 00 00 00 01 77 00 77 04 65 63 68 6f",
            "83 68 02 58 77 03 6a 40 68 00 00 00 01 00 00 00 00 00 00 00 01 77 05 68 65 6c 6c 6f");

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private static final Pid J = new Pid(Atom.of("j@h"), 1, 0, 1);

    static List<Sample> samples() {
        return ControlSamples.all();
    }

    private static byte[] bytes(ByteBuf buffer) {
        try {
            return ByteBufUtil.getBytes(buffer);
        } finally {
            buffer.release();
        }
    }

    @Test
    void reproducesTheWorkedRegSendExampleByteForByte() {
        byte[] expected = hex(WORKED_EXAMPLE);
        assertThat(expected).hasSize(64);

        RegSend control = new RegSend(J, Atom.of("echo"));
        Tuple payload = Tuple.of(J, Atom.of("hello"));
        assertThat(bytes(DistFrames.encode(ALLOC, control, payload))).isEqualTo(expected);

        ByteBuf out = Unpooled.buffer();
        DistFrames.encode(control, payload, out);
        assertThat(bytes(out)).isEqualTo(expected);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(DistFraming.class)
    void aPayloadEncodedOnceMakesTheSamePacketsAsEncodingItEachTime(DistFraming framing) {
        Tuple payload = Tuple.of(J, Atom.of("hello"), Atom.of("élan"));
        ByteBuf encoded = Unpooled.buffer();
        DistFrames.encodePayload(framing, payload, encoded);
        for (Pid to : List.of(new Pid(Atom.of("k@h"), 7, 0, 3), new Pid(Atom.of("k@h"), 8, 0, 3))) {
            SendSender control = new SendSender(J, to);
            ByteBuf each = Unpooled.buffer();
            DistFrames.encode(framing, control, payload, each);
            ByteBuf once = Unpooled.buffer();
            DistFrames.encodeWithEncodedPayload(framing, control, encoded, once);

            assertThat(bytes(once)).isEqualTo(bytes(each));
        }
        assertThat(encoded.readerIndex()).isZero();
        encoded.release();
    }

    @Test
    void aControlMessageWithoutPayloadTakesNoEncodedPayload() {
        assertThatThrownBy(() -> DistFrames.encodeWithEncodedPayload(
                        DistFraming.PASS_THROUGH, new Link(J, J), Unpooled.buffer(), Unpooled.buffer()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The worked example in distribution-header framing: {@code 83 44 00} (no atom cache
     * references) instead of {@code 70}, and no {@code 83} before each term.
     */
    private static final String WORKED_EXAMPLE_WITH_HEADER = String.join(
            " ",
            "00 00 00 3c",
            "83 44 00",
            "68 04 61 06 58 77 03 6a 40 68 00 00 00 01 00 00 00 00 00 00 00 01 77 00 77 04 65 63 68 6f",
            "68 02 58 77 03 6a 40 68 00 00 00 01 00 00 00 00 00 00 00 01 77 05 68 65 6c 6c 6f");

    @Test
    void writesTheWorkedExampleWithAnEmptyDistributionHeader() {
        byte[] expected = hex(WORKED_EXAMPLE_WITH_HEADER);
        RegSend control = new RegSend(J, Atom.of("echo"));
        Tuple payload = Tuple.of(J, Atom.of("hello"));
        assertThat(bytes(DistFrames.encode(ALLOC, DistFraming.DISTRIBUTION_HEADER, control, payload)))
                .isEqualTo(expected);

        ByteBuf out = Unpooled.buffer().writeByte(9);
        DistFrames.encode(DistFraming.DISTRIBUTION_HEADER, control, payload, out);
        DistFrames.encode(DistFraming.PASS_THROUGH, control, payload, out);
        out.skipBytes(1);
        assertThat(ByteBufUtil.getBytes(out, out.readerIndex(), expected.length))
                .isEqualTo(expected);
        out.skipBytes(expected.length);
        assertThat(bytes(out)).isEqualTo(hex(WORKED_EXAMPLE));
    }

    @Test
    void theEncoderHandlerWritesTheFramingItWasMadeFor() {
        EmbeddedChannel channel = new EmbeddedChannel(new DistMessageEncoder(DistFraming.DISTRIBUTION_HEADER));
        try {
            channel.writeOutbound(new DistMessage(new RegSend(J, Atom.of("echo")), Tuple.of(J, Atom.of("hello"))));
            assertThat(bytes(channel.readOutbound())).isEqualTo(hex(WORKED_EXAMPLE_WITH_HEADER));
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void restoresTheBufferWhenAPayloadCannotBeEncodedAfterAHeader() {
        Term unencodable = Tuple.of(LocalTerm.of(new byte[] {121, 1, 2}));
        ByteBuf out = Unpooled.buffer().writeByte(9);
        assertThatThrownBy(() ->
                        DistFrames.encode(DistFraming.DISTRIBUTION_HEADER, new SendSender(A, B), unencodable, out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(out.writerIndex()).isEqualTo(1);
        out.release();
    }

    @Test
    void framingFollowsTheFlagsBothSidesAnnounce() {
        long cache = DistFlags.DIST_HDR_ATOM_CACHE;
        long fragments = DistFlags.FRAGMENTS;
        long base = DistFlags.DEFAULT_HIDDEN & ~cache;
        assertThat(DistFraming.negotiated(base | cache, base | cache)).isEqualTo(DistFraming.DISTRIBUTION_HEADER);
        assertThat(DistFraming.negotiated(base | cache, base)).isEqualTo(DistFraming.PASS_THROUGH);
        assertThat(DistFraming.negotiated(base, base | cache)).isEqualTo(DistFraming.PASS_THROUGH);
        assertThat(DistFraming.negotiated(base | fragments, base | fragments | cache))
                .isEqualTo(DistFraming.DISTRIBUTION_HEADER);
        assertThat(DistFraming.negotiated(base | cache, base | fragments)).isEqualTo(DistFraming.PASS_THROUGH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void writesOnePassThroughPacketWithItsLength(Sample sample) {
        ByteBuf packet = DistFrames.encode(ALLOC, sample.message(), sample.payloadTerm());
        try {
            assertThat(packet.readUnsignedInt()).isEqualTo(packet.readableBytes());
            assertThat(packet.readUnsignedByte()).isEqualTo((short) 112);
            assertThat(EtfDecoder.standard().decode(packet)).isEqualTo(sample.tuple());
            if (sample.payload()) {
                assertThat(EtfDecoder.standard().decode(packet)).isEqualTo(sample.payloadTerm());
            }
            assertThat(packet.isReadable()).isFalse();
        } finally {
            packet.release();
        }
    }

    @Test
    void appendsToWhatTheBufferAlreadyHolds() {
        ByteBuf out = Unpooled.buffer().writeBytes(new byte[] {1, 2, 3});
        DistFrames.encode(new Link(A, B), null, out);
        DistFrames.encode(new SendSender(A, B), Atom.OK, out);
        out.skipBytes(3);
        for (int i = 0; i < 2; i++) {
            int length = out.readInt();
            assertThat(out.readableBytes()).isGreaterThanOrEqualTo(length);
            assertThat(out.getByte(out.readerIndex())).isEqualTo((byte) 112);
            out.skipBytes(length);
        }
        assertThat(out.isReadable()).isFalse();
        out.release();
    }

    @Test
    void rejectsAPayloadThatDoesNotMatchTheOperationAndWritesNothing() {
        ByteBuf out = Unpooled.buffer().writeByte(9);
        assertThatThrownBy(() -> DistFrames.encode(new Link(A, B), Atom.OK, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Link carries no payload");
        assertThatThrownBy(() -> DistFrames.encode(new SendSender(A, B), null, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SendSender needs a payload");
        assertThatThrownBy(() -> DistFrames.encode(ALLOC, new SendSender(A, B), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(out.writerIndex()).isEqualTo(1);
        out.release();
    }

    @Test
    void restoresTheBufferWhenAPayloadCannotBeEncoded() {
        Term unencodable = Tuple.of(LocalTerm.of(new byte[] {121, 1, 2}));
        ByteBuf out = Unpooled.buffer().writeByte(9);
        assertThatThrownBy(() -> DistFrames.encode(new SendSender(A, B), unencodable, out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(out.writerIndex()).isEqualTo(1);
        out.release();

        RecordingAllocator alloc = new RecordingAllocator();
        assertThatThrownBy(() -> DistFrames.encode(alloc, new SendSender(A, B), unencodable))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(alloc.made).isNotEmpty().allSatisfy(buffer -> assertThat(buffer.refCnt())
                .isZero());
    }

    @Test
    void aTickIsFourZeroBytes() {
        assertThat(bytes(DistFrames.tick(ALLOC))).containsExactly(0, 0, 0, 0);
    }

    @Test
    void theEncoderHandlerWritesTheSameBytes() {
        EmbeddedChannel channel = new EmbeddedChannel(new DistMessageEncoder());
        try {
            Tuple payload = Tuple.of(J, Atom.of("hello"));
            channel.writeOutbound(new DistMessage(new RegSend(J, Atom.of("echo")), payload));
            channel.writeOutbound(new DistMessage(new Link(A, B), null));
            assertThat(bytes(channel.readOutbound())).isEqualTo(hex(WORKED_EXAMPLE));
            assertThat(bytes(channel.readOutbound())).isEqualTo(bytes(DistFrames.encode(ALLOC, new Link(A, B), null)));
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aMessageMustCarryAPayloadExactlyWhenItsOperationDoes() {
        assertThatThrownBy(() -> new DistMessage(new Link(A, B), Atom.OK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DistMessage(new SendSender(A, B), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DistMessage(null, null)).isInstanceOf(NullPointerException.class);
    }

    /** Remembers every buffer it hands out, to check that failures release them. */
    private static final class RecordingAllocator extends AbstractByteBufAllocator {

        final List<ByteBuf> made = new ArrayList<>();

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buffer = UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
            made.add(buffer);
            return buffer;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buffer = UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
            made.add(buffer);
            return buffer;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }
}

package dev.nodemesh.dist;

import static dev.nodemesh.dist.ControlSamples.A;
import static dev.nodemesh.dist.ControlSamples.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.dist.ControlMessage.Link;
import dev.nodemesh.dist.ControlMessage.RegSend;
import dev.nodemesh.dist.ControlMessage.SendSender;
import dev.nodemesh.dist.ControlSamples.Sample;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.term.etf.EtfDecodeException;
import dev.nodemesh.term.etf.EtfDecoder;
import dev.nodemesh.term.etf.EtfEncoder;
import dev.nodemesh.term.etf.EtfLimits;
import dev.nodemesh.transport.DistFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link DistFrameDecoder} and {@link DistMessageDecoder} together, as on a connection. */
class DistMessageDecoderTest {

    private static final int MAX_FRAME = 1 << 20;

    private final InboundPipelines pipelines = new InboundPipelines();
    private final List<Throwable> caught = pipelines.caught;

    @AfterEach
    void closeChannels() {
        pipelines.close();
    }

    /** A connection's inbound pipeline, ending in a handler that records exceptions. */
    private EmbeddedChannel channel() {
        return pipelines.open(new DistMessageDecoder(EtfDecoder.standard()));
    }

    private static byte[] packet(ControlMessage control, Term payload) {
        ByteBuf buffer = DistFrames.encode(UnpooledByteBufAllocator.DEFAULT, control, payload);
        try {
            return ByteBufUtil.getBytes(buffer);
        } finally {
            buffer.release();
        }
    }

    private static byte[] frame(byte[]... parts) {
        return InboundPipelines.frame(parts);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] term(Term term) {
        return EtfEncoder.standard().encode(term);
    }

    private static final byte[] TICK = {0, 0, 0, 0};

    /** Every sample with its payload, ticks between some, and one large payload. */
    private static List<DistMessage> expectedMessages() {
        List<DistMessage> messages = new ArrayList<>();
        for (Sample sample : ControlSamples.all()) {
            messages.add(new DistMessage(sample.message(), sample.payloadTerm()));
        }
        byte[] large = new byte[5000];
        Arrays.fill(large, (byte) 'z');
        messages.add(new DistMessage(new SendSender(A, B), Binary.of(large)));
        return messages;
    }

    private static byte[] stream(List<DistMessage> messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(TICK);
        for (int i = 0; i < messages.size(); i++) {
            out.writeBytes(packet(messages.get(i).control(), messages.get(i).payload()));
            if (i % 3 == 0) {
                out.writeBytes(TICK);
            }
            if (i % 7 == 0) {
                out.writeBytes(TICK);
                out.writeBytes(TICK);
            }
        }
        return out.toByteArray();
    }

    private static List<DistMessage> received(EmbeddedChannel channel) {
        List<DistMessage> messages = new ArrayList<>();
        DistMessage message;
        while ((message = channel.readInbound()) != null) {
            messages.add(message);
        }
        return messages;
    }

    @Test
    void decodesEveryControlMessageWithItsPayload() {
        List<DistMessage> expected = expectedMessages();
        EmbeddedChannel channel = channel();
        channel.writeInbound(Unpooled.wrappedBuffer(stream(expected)));
        assertThat(received(channel)).containsExactlyElementsOf(expected);
        assertThat(caught).isEmpty();
    }

    @Test
    void decodesTheSameWhenTheStreamIsSplitAtAnyByteBoundary() {
        List<DistMessage> expected = expectedMessages().subList(0, 12);
        byte[] input = stream(expected);
        for (int split = 0; split <= input.length; split++) {
            EmbeddedChannel channel = channel();
            channel.writeInbound(Unpooled.wrappedBuffer(input, 0, split));
            channel.writeInbound(Unpooled.wrappedBuffer(input, split, input.length - split));
            assertThat(received(channel)).as("split at %d", split).containsExactlyElementsOf(expected);
            channel.finishAndReleaseAll();
        }
        assertThat(caught).isEmpty();
    }

    @Test
    void decodesTheSameWhenTheStreamArrivesOneByteAtATime() {
        List<DistMessage> expected = expectedMessages();
        byte[] input = stream(expected);
        EmbeddedChannel channel = channel();
        for (int i = 0; i < input.length; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(input, i, 1));
        }
        assertThat(received(channel)).containsExactlyElementsOf(expected);
        assertThat(caught).isEmpty();
    }

    @Test
    void readsAPacketInPlaceAndReportsOffsetsFromItsStart() {
        DistMessageDecoder messages = new DistMessageDecoder(EtfDecoder.standard());
        byte[] packet = packet(new RegSend(A, Atom.of("echo")), Atom.OK);
        ByteBuf in = Unpooled.buffer().writeBytes(new byte[] {9, 9, 9}).writeBytes(packet, 4, packet.length - 4);
        in.readerIndex(3);
        assertThat(messages.parse(in, packet.length - 4))
                .isEqualTo(new DistMessage(new RegSend(A, Atom.of("echo")), Atom.OK));
        assertThat(in.isReadable()).isFalse();

        ByteBuf bad = Unpooled.buffer().writeBytes(new byte[] {9, 9, 9}).writeBytes(bytes(112, 131, 104, 9));
        bad.readerIndex(3);
        assertThatThrownBy(() -> messages.parse(bad, 4))
                .isInstanceOf(DistProtocolException.class)
                .hasMessageContaining("malformed control message at packet offset 1");
    }

    // ---- rejections ----

    /** Feeds one frame followed by a valid one; expects one exception, a closed channel, nothing emitted. */
    private DistProtocolException rejected(byte[] badFrame) {
        return pipelines.rejected(
                new DistMessageDecoder(EtfDecoder.standard()), badFrame, packet(new Link(A, B), null));
    }

    @Test
    void rejectsTheDistributionHeaderFraming() {
        byte[] headerFramed = frame(bytes(131, 68, 0), Arrays.copyOfRange(term(new Link(A, B).toTerm()), 1, 1000));
        assertThat(rejected(headerFramed)).hasMessageContaining("distribution header (131, 68)");
    }

    @Test
    void rejectsAnUnknownPacketType() {
        assertThat(rejected(frame(bytes(113), term(new Link(A, B).toTerm()))))
                .hasMessageContaining("packet starts with 113");
        assertThat(rejected(frame(bytes(131)))).hasMessageContaining("packet starts with 131");
    }

    @Test
    void rejectsAMissingPayload() {
        byte[] controlOnly = frame(bytes(112), term(new RegSend(A, Atom.of("echo")).toTerm()));
        assertThat(rejected(controlOnly)).hasMessageContaining("operation 6 needs a payload term");
    }

    @Test
    void rejectsAPayloadAfterAControlMessageThatHasNone() {
        byte[] extra = frame(bytes(112), term(new Link(A, B).toTerm()), term(Atom.OK));
        assertThat(rejected(extra)).hasMessageContaining("bytes follow the control message of operation 1");
    }

    @Test
    void rejectsBytesAfterThePayload() {
        byte[] trailing = frame(bytes(112), term(new SendSender(A, B).toTerm()), term(Atom.OK), bytes(0));
        assertThat(rejected(trailing)).hasMessageContaining("1 bytes follow the payload");
    }

    @Test
    void rejectsAControlTermThatIsNotAControlMessage() {
        assertThat(rejected(frame(bytes(112), term(Atom.of("link"))))).hasMessageContaining("must be a tuple");
        assertThat(rejected(frame(bytes(112), term(Tuple.of(Atom.OK))))).hasMessageContaining("operation code");
    }

    @Test
    void rejectsATermWithoutItsVersionByte() {
        byte[] bare = Arrays.copyOfRange(term(new Link(A, B).toTerm()), 1, 1000);
        assertThat(rejected(frame(bytes(112), bare))).hasCauseInstanceOf(EtfDecodeException.class);
    }

    @Test
    void rejectsEveryTruncationOfAPacket() {
        byte[] packet = packet(new RegSend(A, Atom.of("echo")), Tuple.of(A, Atom.of("hello")));
        byte[] content = Arrays.copyOfRange(packet, 4, packet.length);
        int controlEnd = 1 + term(new RegSend(A, Atom.of("echo")).toTerm()).length;
        for (int length = 1; length < content.length; length++) {
            DistProtocolException e = rejected(frame(Arrays.copyOf(content, length)));
            if (length == controlEnd) {
                assertThat(e).hasMessageContaining("needs a payload term");
            } else {
                assertThat(e)
                        .as("cut to %d bytes", length)
                        .hasMessageContaining(length < controlEnd ? "malformed control message" : "malformed payload")
                        .hasCauseInstanceOf(EtfDecodeException.class);
            }
        }
    }

    @Test
    void appliesTheTermDecodersLimits() {
        EmbeddedChannel channel = pipelines.bare(new DistFrameDecoder(
                MAX_FRAME,
                DistFrameDecoder.DEFAULT_FRAMES_PER_TURN,
                new DistMessageDecoder(new EtfDecoder(EtfLimits.DEFAULTS.withMaxDepth(3)))));
        Tuple deep = Tuple.of(Tuple.of(Tuple.of(Tuple.of(Atom.OK))));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(packet(new SendSender(A, B), deep))))
                .isInstanceOf(DistProtocolException.class)
                .hasMessageContaining("malformed payload");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void reportsOnlyTheFirstBadFrameOfAConnection() {
        EmbeddedChannel channel = channel();
        byte[] bad = frame(bytes(113));
        channel.writeInbound(Unpooled.wrappedBuffer(bad, bad, bad), Unpooled.wrappedBuffer(bad));
        assertThat(caught).hasSize(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void rejectsAnEmptyPacket() {
        DistMessageDecoder messages = new DistMessageDecoder(EtfDecoder.standard());
        assertThatThrownBy(() -> messages.parse(Unpooled.buffer(0), 0))
                .isInstanceOf(DistProtocolException.class)
                .hasMessageContaining("empty packet");
    }
}

package dev.nodemesh.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.dist.ControlMessage.Link;
import dev.nodemesh.dist.ControlMessage.RegSend;
import dev.nodemesh.dist.ControlSamples.Sample;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.term.etf.EtfDecodeException;
import dev.nodemesh.term.etf.EtfDecoder;
import dev.nodemesh.term.etf.EtfEncoder;
import dev.nodemesh.transport.DistFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DistFrameDecoder} and {@link DistMessageDecoder} in distribution-header framing, with a
 * connection's {@link DistHeaderReader}: OTP's real packets, hand-made ones that use the cache
 * the way the spec allows, and every way a header can be wrong.
 */
class DistHeaderDecoderTest {

    /**
     * docs/erlang-distribution.md §4.3: the first packet OTP 25.2.3 node {@code b@vm} sent to
     * {@code a@vm} after the handshake, 79 bytes without the length field.
     */
    private static final String CAPTURED = String.join(
            " ",
            "83 44 04 8f dc 00",
            "db 04 62 40 76 6d",
            "05 00",
            "76 03 72 65 78",
            "06 10 66 65 61 74 75 72 65 73 5f 72 65 71 75 65 73 74",
            "68 04 61 06 58 52 00 00 00 00 36 00 00 00 00 6b 04 8d cb 52 01 52 02",
            "68 02 58 52 00 00 00 00 36 00 00 00 00 6b 04 8d cb 52 03");

    private static final Atom B_VM = Atom.of("b@vm");
    private static final Pid B_PID = new Pid(B_VM, 54, 0, 0x6b048dcb);

    private final InboundPipelines pipelines = new InboundPipelines();
    private final List<Throwable> caught = pipelines.caught;
    private DistHeaderReader headers;

    @AfterEach
    void closeChannels() {
        pipelines.close();
    }

    /** A new header-framed decoder, with a new cache that {@link #headers} then names. */
    private DistMessageDecoder messages() {
        headers = new DistHeaderReader(EtfDecoder.standard());
        return new DistMessageDecoder(EtfDecoder.standard(), headers);
    }

    /** A connection's inbound pipeline in header framing, with a new cache. */
    private EmbeddedChannel channel() {
        return pipelines.open(messages());
    }

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private static byte[] frame(byte[]... parts) {
        return InboundPipelines.frame(parts);
    }

    /** A term without its version byte, as it follows a distribution header. */
    private static byte[] body(Term term) {
        byte[] versioned = EtfEncoder.standard().encode(term);
        return Arrays.copyOfRange(versioned, 1, versioned.length);
    }

    private static DistMessage receive(EmbeddedChannel channel, byte[] frame) {
        channel.writeInbound(Unpooled.wrappedBuffer(frame));
        return channel.readInbound();
    }

    /**
     * Builds a normal distribution header by the spec's rules: references in order, one nibble of
     * flags each (low nibble for even indexes), then the LongAtoms nibble.
     */
    private static final class Header {

        private final ByteArrayOutputStream refs = new ByteArrayOutputStream();
        private final List<Integer> nibbles = new ArrayList<>();
        private boolean longAtoms;

        Header longAtoms() {
            longAtoms = true;
            return this;
        }

        /** A new entry: it fills slot {@code (segment, index)} with {@code text}. */
        Header fill(int segment, int index, String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            nibbles.add(8 | segment);
            refs.write(index);
            if (longAtoms) {
                refs.write(bytes.length >>> 8);
            }
            refs.write(bytes.length);
            refs.writeBytes(bytes);
            return this;
        }

        /** An old entry: it reads slot {@code (segment, index)}. */
        Header read(int segment, int index) {
            nibbles.add(segment);
            refs.write(index);
            return this;
        }

        byte[] bytes() {
            int count = nibbles.size();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(131);
            out.write(68);
            out.write(count);
            if (count > 0) {
                byte[] flags = new byte[count / 2 + 1];
                for (int i = 0; i <= count; i++) {
                    int nibble = i < count ? nibbles.get(i) : (longAtoms ? 1 : 0);
                    flags[i / 2] |= (byte) (i % 2 == 0 ? nibble : nibble << 4);
                }
                out.writeBytes(flags);
                out.writeBytes(refs.toByteArray());
            }
            return out.toByteArray();
        }
    }

    // ---- OTP's packet and the cache rules ----

    @Test
    void theHeaderBuilderFollowsTheLayoutOfOtpsPacket() {
        byte[] built = new Header()
                .fill(7, 0xdb, "b@vm")
                .fill(0, 0x05, "")
                .fill(4, 0x76, "rex")
                .fill(5, 0x06, "features_request")
                .bytes();
        assertThat(built).isEqualTo(Arrays.copyOf(hex(CAPTURED), built.length));
    }

    @Test
    void decodesTheRealPacketOtpSentFirst() {
        byte[] content = hex(CAPTURED);
        assertThat(content).hasSize(79);

        DistMessage message = receive(channel(), frame(content));

        assertThat(message.control()).isEqualTo(new RegSend(B_PID, Atom.of("rex")));
        assertThat(message.control().toTerm()).isEqualTo(Tuple.of(Int.of(6), B_PID, Atom.EMPTY, Atom.of("rex")));
        assertThat(message.payload()).isEqualTo(Tuple.of(B_PID, Atom.of("features_request")));
        assertThat(headers.newEntries()).isEqualTo(4);
        assertThat(headers.cacheHits()).isZero();
        assertThat(caught).isEmpty();
    }

    @Test
    void laterPacketsNameTheSlotsEarlierOnesFilled() {
        EmbeddedChannel channel = channel();
        receive(channel, frame(hex(CAPTURED)));

        // N = 3 (odd: the LongAtoms nibble is the high nibble of the last flag byte): two old
        // references, one new
        byte[] odd =
                new Header().read(7, 0xdb).read(0, 0x05).fill(4, 0x77, "hello").bytes();
        assertThat(odd).startsWith(131, 68, 3, 0x07, 0x0c);
        byte[] control = hex("68 04 61 06 58 52 00 00 00 00 36 00 00 00 00 6b 04 8d cb 52 01 52 02");
        DistMessage second = receive(channel, frame(odd, control, hex("68 02 52 02 52 01")));
        assertThat(second)
                .isEqualTo(
                        new DistMessage(new RegSend(B_PID, Atom.of("hello")), Tuple.of(Atom.of("hello"), Atom.EMPTY)));

        // N = 2 (even: the LongAtoms nibble is the low nibble of a byte of its own), LongAtoms set,
        // overwriting the slot that held 'rex' with an atom of 300 bytes
        String wide = "é".repeat(150);
        byte[] even = new Header().longAtoms().read(7, 0xdb).fill(4, 0x76, wide).bytes();
        assertThat(even).startsWith(131, 68, 2, 0xc7, 0x01, 0xdb, 0x76, 0x01, 0x2c);
        // atoms may be references and full text side by side: the unused '' here is written out
        byte[] mixed = hex("68 04 61 06 58 52 00 00 00 00 36 00 00 00 00 6b 04 8d cb 77 00 52 01");
        DistMessage third = receive(channel, frame(even, mixed, hex("52 00")));
        assertThat(third).isEqualTo(new DistMessage(new RegSend(B_PID, Atom.of(wide)), B_VM));

        // the overwritten slot now reads as the new atom
        byte[] later = new Header().read(4, 0x76).read(7, 0xdb).bytes();
        DistMessage fourth = receive(channel, frame(later, body(new Link(B_PID, B_PID).toTerm())));
        assertThat(fourth.control()).isEqualTo(new Link(B_PID, B_PID));
        byte[] link = hex("68 03 61 01 58 52 01 00 00 00 36 00 00 00 00 6b 04 8d cb"
                + " 58 52 00 00 00 00 36 00 00 00 00 6b 04 8d cb");
        assertThat(receive(channel, frame(later, link)).control())
                .isEqualTo(new Link(B_PID, new Pid(Atom.of(wide), 54, 0, 0x6b048dcb)));
        assertThat(headers.cacheHits()).isEqualTo(2 + 1 + 2 + 2);
        assertThat(caught).isEmpty();
    }

    @Test
    void overwritingASlotChangesWhatLaterReferencesMean() {
        EmbeddedChannel channel = channel();
        byte[] link = hex(
                "68 03 61 01 58 52 00 00 00 00 01 00 00 00 00 00 00 00 01 58 52 00 00 00 00 02 00 00 00 00 00 00 00 01");
        Pid one = new Pid(Atom.of("x@h"), 1, 0, 1);
        Pid two = new Pid(Atom.of("x@h"), 2, 0, 1);
        assertThat(receive(channel, frame(new Header().fill(3, 9, "x@h").bytes(), link))
                        .control())
                .isEqualTo(new Link(one, two));
        assertThat(receive(channel, frame(new Header().fill(3, 9, "y@h").bytes(), link))
                        .control())
                .isEqualTo(new Link(new Pid(Atom.of("y@h"), 1, 0, 1), new Pid(Atom.of("y@h"), 2, 0, 1)));
        assertThat(receive(channel, frame(new Header().read(3, 9).bytes(), link))
                        .control())
                .isEqualTo(new Link(new Pid(Atom.of("y@h"), 1, 0, 1), new Pid(Atom.of("y@h"), 2, 0, 1)));
        assertThat(headers.cacheHits()).isEqualTo(1);
    }

    @Test
    void theMostReferencesAHeaderCanCarryAreAllUsable() {
        EmbeddedChannel channel = channel();
        Header fill = new Header().longAtoms();
        Header read = new Header();
        Term[] atoms = new Term[255];
        StringBuilder list = new StringBuilder("6c 00 00 00 ff");
        for (int i = 0; i < 255; i++) {
            fill.fill(i % 8, 255 - i, "atom_" + i);
            read.read(i % 8, 255 - i);
            atoms[i] = Atom.of("atom_" + i);
            list.append(String.format(" 52 %02x", i));
        }
        list.append(" 6a");
        byte[] sendSender = body(new ControlMessage.SendSender(B_PID, B_PID).toTerm());
        TermList expected = TermList.of(atoms);
        assertThat(receive(channel, frame(fill.bytes(), sendSender, hex(list.toString())))
                        .payload())
                .isEqualTo(expected);
        assertThat(receive(channel, frame(read.bytes(), sendSender, hex(list.toString())))
                        .payload())
                .isEqualTo(expected);
        assertThat(headers.cacheHits()).isEqualTo(255);
    }

    @Test
    void decodesDirectFramesSmallAndLarge() {
        // a frame up to 16 KiB is copied to a heap buffer, a larger one is decoded where it is
        EmbeddedChannel channel = pipelines.open(messages());
        byte[] large = new byte[20_000];
        Arrays.fill(large, (byte) 7);
        byte[] control = hex(
                "68 03 61 16 58 52 00 00 00 00 36 00 00 00 00 6b 04 8d cb 58 52 00 00 00 00 36 00 00 00 00 6b 04 8d cb");
        for (Term payload : List.of(Tuple.of(Atom.OK), Binary.of(large))) {
            byte[] packet =
                    InboundPipelines.frame(new Header().fill(2, 1, "b@vm").bytes(), control, body(payload));
            channel.writeInbound(Unpooled.directBuffer().writeBytes(packet));
            assertThat((DistMessage) channel.readInbound())
                    .isEqualTo(new DistMessage(new ControlMessage.SendSender(B_PID, B_PID), payload));
        }
        assertThat(headers.newEntries()).isEqualTo(2);
    }

    @Test
    void aHeaderWithoutReferencesMayComeAtAnyTime() {
        EmbeddedChannel channel = channel();
        byte[] none = hex("83 44 00");
        Link link = new Link(B_PID, B_PID);
        assertThat(receive(channel, frame(none, body(link.toTerm()))).control()).isEqualTo(link);
        receive(channel, frame(hex(CAPTURED)));
        assertThat(receive(channel, frame(none, body(link.toTerm()))).control()).isEqualTo(link);
        assertThat(caught).isEmpty();
    }

    @Test
    void eachConnectionHasItsOwnCache() {
        receive(channel(), frame(hex(CAPTURED)));
        DistProtocolException e =
                rejected(frame(new Header().read(7, 0xdb).bytes(), body(new Link(B_PID, B_PID).toTerm())));
        assertThat(e).hasMessageContaining("names segment 7 entry 219, which no earlier packet filled");
    }

    @Test
    void decodesWhatTheEncoderWritesInHeaderFraming() {
        EmbeddedChannel channel = channel();
        for (Sample sample : ControlSamples.all()) {
            ByteBuf packet = DistFrames.encode(
                    UnpooledByteBufAllocator.DEFAULT,
                    DistFraming.DISTRIBUTION_HEADER,
                    sample.message(),
                    sample.payloadTerm());
            byte[] bytes = ByteBufUtil.getBytes(packet);
            packet.release();
            assertThat(receive(channel, bytes))
                    .as(sample.toString())
                    .isEqualTo(new DistMessage(sample.message(), sample.payloadTerm()));
        }
        assertThat(caught).isEmpty();
    }

    // ---- rejections ----

    /** Feeds one frame followed by a valid one; expects one exception, a closed channel, nothing emitted. */
    private DistProtocolException rejected(byte[] badFrame) {
        return pipelines.rejected(messages(), badFrame, frame(hex("83 44 00"), body(new Link(B_PID, B_PID).toTerm())));
    }

    static List<Arguments> badHeaders() {
        String link =
                "68 03 61 01 58 52 00 00 00 00 01 00 00 00 00 00 00 00 01 58 52 00 00 00 00 02 00 00 00 00 00 00 00 01";
        return List.of(
                Arguments.of(
                        "an old reference to an empty slot",
                        "83 44 01 07 05 " + link,
                        "atom cache reference 0 names segment 7 entry 5, which no earlier packet filled"),
                Arguments.of(
                        "ATOM_CACHE_REF beyond the references",
                        "83 44 01 08 05 01 61 68 02 61 01 52 01",
                        "ATOM_CACHE_REF index 1 is not below the 1 atom cache references"),
                Arguments.of(
                        "ATOM_CACHE_REF with no references",
                        "83 44 00 " + link,
                        "ATOM_CACHE_REF index 0 is not below the 0"),
                Arguments.of(
                        "the number of references missing",
                        "83 44",
                        "distribution header ends before its number of atom cache references"),
                Arguments.of(
                        "the flags cut",
                        "83 44 04 8f dc",
                        "announces 4 atom cache references, but ends within their 3 flag bytes"),
                Arguments.of(
                        "255 references announced, nothing else",
                        "83 44 ff",
                        "announces 255 atom cache references, but ends within their 128 flag bytes"),
                Arguments.of("a reference missing", "83 44 02 88 00 05 01 61", "ends within reference 1"),
                Arguments.of("a new entry without its length", "83 44 01 08 05", "ends within reference 0"),
                Arguments.of("a long length cut", "83 44 01 18 05 00", "ends within reference 0"),
                Arguments.of(
                        "a length beyond the packet",
                        "83 44 01 08 05 c8 61 62 63",
                        "atom text length 200 exceeds the 3 bytes that remain"),
                Arguments.of("atom text that is not UTF-8", "83 44 01 08 05 02 c0 80", "atom text is not valid UTF-8"),
                Arguments.of(
                        "an atom of 256 characters",
                        "83 44 01 18 05 01 00 " + "61 ".repeat(256),
                        "atom text has 256 characters, more than the limit of 255"),
                Arguments.of("no control message", "83 44 00", "malformed control message at packet offset 3"),
                Arguments.of(
                        "a fragment start",
                        "83 45 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 02 00",
                        "packet is a message fragment (131, 69), but fragments were not negotiated"),
                Arguments.of(
                        "a fragment continuation",
                        "83 46 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 01 00",
                        "packet is a message fragment (131, 70)"),
                Arguments.of(
                        "a pass-through packet",
                        "70 83 68 01 61 63",
                        "packet uses pass-through framing (112), but the distribution header (131, 68) was negotiated"),
                Arguments.of("a lone 131", "83", "packet starts with 131, expected a distribution header (131, 68)"),
                Arguments.of(
                        "another header kind",
                        "83 47 00",
                        "packet starts with 131, 71, expected a distribution header"),
                Arguments.of("another first byte", "71 00", "packet starts with 113, expected a distribution header"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeaders")
    void rejectsABadPacketAndClosesTheConnection(String what, String content, String message) {
        assertThat(rejected(frame(hex(content)))).hasMessageContaining(message);
    }

    @Test
    void rejectsEveryTruncationOfOtpsPacket() {
        byte[] content = hex(CAPTURED);
        for (int length = 1; length < content.length; length++) {
            DistProtocolException e = rejected(frame(Arrays.copyOf(content, length)));
            if (length > 37 && length != 60) { // 37: the header ends; 60: the control message ends
                assertThat(e).as("cut to %d bytes", length).hasCauseInstanceOf(EtfDecodeException.class);
            }
        }
    }
}

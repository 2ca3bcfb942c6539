package dev.nodemesh.term.etf;

import static dev.nodemesh.term.etf.Bytes.u16;
import static dev.nodemesh.term.etf.Bytes.u32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.BitString;
import dev.nodemesh.term.ExternalFun;
import dev.nodemesh.term.Fun;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.LocalTerm;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Port;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoder on well-formed input OTP does not write today (legacy and redundant encodings,
 * which OTP still accepts), and on every kind of {@link ByteBuf}.
 */
class EtfDecoderTest {

    private static final EtfDecoder DECODER = EtfDecoder.standard();
    private static final EtfEncoder ENCODER = EtfEncoder.standard();
    private static final Atom AB = Atom.of("a@b");

    private static Term decode(Object... parts) {
        return DECODER.decode(Bytes.of(131, Bytes.of(parts)));
    }

    private static byte[] encode(Term term) {
        return ENCODER.encode(term);
    }

    @Test
    void legacyPidPortAndReferenceDecodeAndReEncodeAsOtpDoes() {
        // OTP 25: binary_to_term of each, then term_to_binary(T, [{minor_version, 2}])
        assertThat(decode(103, 119, 3, "a@b", u32(1), u32(2), 3)).isEqualTo(new Pid(AB, 1, 2, 3));
        assertThat(encode(decode(103, 119, 3, "a@b", u32(1), u32(2), 3)))
                .isEqualTo(Bytes.of(131, 88, 119, 3, "a@b", u32(1), u32(2), u32(3)));
        assertThat(decode(102, 119, 3, "a@b", u32(1), 3)).isEqualTo(new Port(AB, 1, 3));
        assertThat(decode(101, 119, 3, "a@b", u32(1), 3)).isEqualTo(Ref.of(AB, 3, 1));
        assertThat(encode(decode(114, u16(2), 119, 3, "a@b", 3, u32(1), u32(2))))
                .isEqualTo(Bytes.of(131, 90, u16(2), 119, 3, "a@b", u32(3), u32(1), u32(2)));
        assertThat(decode(100, u16(3), "a@b")).isEqualTo(AB);
        assertThat(decode(88, 100, u16(3), "a@b", u32(1), u32(2), u32(3))).isEqualTo(new Pid(AB, 1, 2, 3));
    }

    @Test
    void legacyCreationOutsideTwoBitsIsRejectedAsOtpDoes() {
        assertThatThrownBy(() -> decode(103, 119, 3, "a@b", u32(1), u32(2), 7))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("PID_EXT creation 7 is not 0..3");
    }

    @Test
    void referencesNeedOneToFiveWords() {
        assertThatThrownBy(() -> decode(90, u16(0), 119, 3, "a@b", u32(1)))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("has 0 id words; 1 to 5 are allowed");
        assertThatThrownBy(() -> decode(90, u16(6), 119, 3, "a@b", u32(1), new byte[24]))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("has 6 id words");
        assertThat(decode(90, u16(5), 119, 3, "a@b", u32(1), u32(1), u32(2), u32(3), u32(4), u32(5)))
                .isEqualTo(Ref.of(AB, 1, 1, 2, 3, 4, 5));
    }

    @Test
    void latin1AtomsDecodeAsLatin1() {
        assertThat(decode(115, 2, 0xe9, 0xe9)).isEqualTo(Atom.of("éé"));
        assertThat(decode(100, u16(5), "h", 0xe9, "llo")).isEqualTo(Atom.of("héllo"));
        assertThat(decode(119, 6, "h", 0xc3, 0xa9, "llo")).isEqualTo(Atom.of("héllo"));
    }

    @Test
    void redundantIntegerEncodingsAreNormalised() {
        assertThat(decode(110, 0, 0)).isEqualTo(Int.ZERO);
        assertThat(decode(110, 1, 1, 0)).isEqualTo(Int.ZERO);
        assertThat(decode(110, 2, 0, 5, 0)).isEqualTo(Int.of(5));
        assertThat(decode(111, u32(1), 0, 5)).isEqualTo(Int.of(5));
        assertThat(decode(98, 0, 0, 0, 7)).isEqualTo(Int.of(7));
        // OTP reads any non-zero sign byte as negative
        assertThat(decode(110, 1, 2, 5)).isEqualTo(Int.of(-5));
        assertThat(decode(110, 8, 1, 0, 0, 0, 0, 0, 0, 0, 0x80)).isEqualTo(Int.of(Long.MIN_VALUE));
        assertThat(encode(decode(110, 2, 0, 5, 0))).isEqualTo(Bytes.of(131, 97, 5));
    }

    @Test
    void largeTupleOfFewElementsIsATuple() {
        assertThat(decode(105, u32(2), 97, 1, 97, 2)).isEqualTo(Tuple.of(Int.of(1), Int.of(2)));
    }

    @Test
    void listsDecodeInEveryShape() {
        // LIST_EXT with no elements stands for its tail, as in OTP
        assertThat(decode(108, u32(0), 106)).isEqualTo(TermList.EMPTY);
        assertThat(decode(108, u32(0), 97, 1)).isEqualTo(Int.of(1));
        assertThat(decode(107, u16(0))).isEqualTo(TermList.EMPTY);
        // list and string tails are the same list: [1 | [2]] is [1, 2]
        assertThat(decode(108, u32(1), 97, 1, 108, u32(1), 97, 2, 106)).isEqualTo(TermList.of(Int.of(1), Int.of(2)));
        assertThat(decode(108, u32(1), 97, 1, 107, u16(2), 2, 3))
                .isEqualTo(TermList.of(Int.of(1), Int.of(2), Int.of(3)));
        assertThat(decode(108, u32(1), 97, 1, 108, u32(1), 97, 2, 97, 3))
                .isEqualTo(TermList.improper(List.of(Int.of(1), Int.of(2)), Int.of(3)));
        assertThat(decode(108, u32(1), 97, 1, 104, 1, 97, 2))
                .isEqualTo(TermList.improper(List.of(Int.of(1)), Tuple.of(Int.of(2))));
        assertThat(encode(decode(108, u32(1), 97, 1, 108, u32(1), 97, 2, 106)))
                .isEqualTo(Bytes.of(131, 107, u16(2), 1, 2));
    }

    @Test
    void bitBinariesFollowOtpRules() {
        assertThat(decode(77, u32(0), 0)).isEqualTo(Binary.EMPTY);
        assertThat(decode(77, u32(1), 8, 5)).isEqualTo(Binary.of(new byte[] {5}));
        // unused low bits are dropped: <<255:3>> is <<7:3>>
        assertThat(decode(77, u32(1), 3, 0xff)).isEqualTo(BitString.of(new byte[] {(byte) 0xe0}, 3));
        assertThatThrownBy(() -> decode(77, u32(0), 3))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("0 bits go with 0 bytes only");
        assertThatThrownBy(() -> decode(77, u32(1), 0, 5)).isInstanceOf(EtfDecodeException.class);
        assertThatThrownBy(() -> decode(77, u32(1), 9, 5))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("9 bits in its last byte");
    }

    @Test
    void exportArityMayBeAnIntegerExt() {
        assertThat(decode(113, 119, 1, "a", 119, 1, "b", 98, u32(1)))
                .isEqualTo(new ExternalFun(Atom.of("a"), Atom.of("b"), 1));
        assertThatThrownBy(() -> decode(113, 119, 1, "a", 119, 1, "b", 98, u32(256)))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("EXPORT_EXT arity 256 is not 0..255");
    }

    @Test
    void floatTextDecodesUpToItsFirstNul() {
        byte[] field = Arrays.copyOf("1.5".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 31);
        field[4] = '9';
        assertThat(DECODER.decode(Bytes.of(131, 99, field))).isEqualTo(dev.nodemesh.term.Float64.of(1.5));
    }

    @Test
    void funKeepsItsExactBytesAndExposesItsHeader() {
        byte[] fun = EtfDecoderHostileInputTest.goodFun();
        Term term = DECODER.decode(Bytes.of(131, fun));
        assertThat(term).isInstanceOfSatisfying(Fun.class, decoded -> {
            assertThat(decoded.encoded()).isEqualTo(fun);
            assertThat(decoded.module()).isEqualTo(Atom.of("m"));
            assertThat(decoded.arity()).isEqualTo(1);
            assertThat(decoded.oldIndex()).isZero();
        });
        assertThat(encode(term)).isEqualTo(Bytes.of(131, fun));
        // inside a tuple, followed by more terms
        assertThat(DECODER.decode(Bytes.of(131, 104, 2, fun, 97, 9))).isEqualTo(Tuple.of(term, Int.of(9)));
    }

    @Test
    void localExtTakesTheRestOfTheInput() {
        byte[] input = Bytes.of(131, 121, 0xde, 0xad, 0xbe, 0xef, 104, 0);
        Term term = DECODER.decode(input);
        assertThat(term).isInstanceOf(LocalTerm.class);
        assertThat(((LocalTerm) term).encoded()).isEqualTo(Arrays.copyOfRange(input, 1, input.length));
        assertThat(encode(term)).isEqualTo(input);
        ByteBuf body = Unpooled.wrappedBuffer(Arrays.copyOfRange(input, 1, input.length));
        assertThat(DECODER.decodeBody(body)).isEqualTo(term);
        assertThat(body.isReadable()).isFalse();
    }

    @Test
    void localExtMayBeCompressed() {
        byte[] local = Bytes.of(121, 1, 2, 3);
        Deflater deflater = new Deflater();
        deflater.setInput(local);
        deflater.finish();
        byte[] stream = new byte[64];
        int length = deflater.deflate(stream);
        deflater.end();
        Term term = DECODER.decode(Bytes.of(131, 80, u32(local.length), Arrays.copyOf(stream, length)));
        assertThat(term).isEqualTo(LocalTerm.of(local));
    }

    @Test
    void repeatedAtomsAreTheSameInstance() {
        Tuple pair = (Tuple) decode(104, 2, 119, 5, "hello", 119, 5, "hello");
        assertThat(pair.get(0)).isSameAs(pair.get(1));
        assertThat(decode(119, 5, "world")).isSameAs(decode(119, 5, "world"));
        assertThat(decode(100, u16(5), "world")).isEqualTo(decode(119, 5, "world"));
    }

    // ---- buffers ----

    static List<Function<byte[], ByteBuf>> buffers() {
        return List.of(
                Unpooled::wrappedBuffer,
                bytes -> Unpooled.directBuffer(bytes.length).writeBytes(bytes),
                EtfDecoderTest::splitIntoThreeComponents);
    }

    private static ByteBuf splitIntoThreeComponents(byte[] bytes) {
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        int a = bytes.length / 3;
        int b = 2 * bytes.length / 3;
        composite.addComponent(true, Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, 0, a)));
        composite.addComponent(true, Unpooled.directBuffer().writeBytes(Arrays.copyOfRange(bytes, a, b)));
        composite.addComponent(true, Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, b, bytes.length)));
        return composite;
    }

    @ParameterizedTest
    @MethodSource("buffers")
    void decodesFromHeapDirectAndCompositeBuffersAndAdvancesPastOneTerm(Function<byte[], ByteBuf> wrap) {
        for (GoldenCorpus.Entry entry : GoldenCorpus.all()) {
            byte[] twice = Bytes.of(entry.bytes(), entry.bytes());
            ByteBuf in = wrap.apply(twice);
            try {
                Term expected = DECODER.decode(entry.bytes());
                assertThat(DECODER.decode(in)).as(entry.label()).isEqualTo(expected);
                assertThat(in.readerIndex()).isEqualTo(entry.bytes().length);
                assertThat(DECODER.decode(in)).isEqualTo(expected);
                assertThat(in.isReadable()).isFalse();
            } finally {
                in.release();
            }
        }
    }

    @Test
    void decodeStartsAtTheReaderIndexAndCountsOffsetsFromThere() {
        ByteBuf in = Unpooled.wrappedBuffer(Bytes.of(1, 2, 3, 131, 109, u32(10), 1, 2));
        in.readerIndex(3);
        assertThatThrownBy(() -> DECODER.decode(in))
                .isInstanceOfSatisfying(
                        EtfDecodeException.class, e -> assertThat(e.offset()).isEqualTo(1));
        assertThat(in.readerIndex()).isEqualTo(3);
    }

    @Test
    void decodeBodyReadsTermsAfterADistributionHeader() {
        ByteBuf in = Unpooled.wrappedBuffer(Bytes.of(104, 2, 97, 1, 119, 2, "ok", 97, 7));
        assertThat(DECODER.decodeBody(in)).isEqualTo(Tuple.of(Int.of(1), Atom.OK));
        assertThat(DECODER.decodeBody(in)).isEqualTo(Int.of(7));
        assertThat(in.isReadable()).isFalse();
    }

    @Test
    void binaryViewsShareTheInputMemoryOfAHeapBuffer() {
        byte[] input = Bytes.of(131, 104, 2, 109, u32(32), new byte[32], 109, u32(4), 1, 2, 3, 4);
        Tuple tuple = (Tuple) DECODER.withBinaryViews(16).decode(Unpooled.wrappedBuffer(input));
        input[8] = 42; // the first byte of the 32-byte binary
        input[input.length - 1] = 42; // the last byte of the 4-byte binary, below the threshold
        assertThat(((Binary) tuple.get(0)).byteAt(0)).isEqualTo((byte) 42);
        assertThat(((Binary) tuple.get(1)).byteAt(3)).isEqualTo((byte) 4);
    }

    @Test
    void binaryViewsShareTheInputMemoryOfADirectBuffer() {
        ByteBuf direct = Unpooled.directBuffer().writeBytes(Bytes.of(131, 109, u32(64), new byte[64]));
        try {
            Binary binary = (Binary) DECODER.withBinaryViews(1).decode(direct);
            direct.setByte(6, 99);
            assertThat(binary.byteAt(0)).isEqualTo((byte) 99);
        } finally {
            direct.release();
        }
    }

    @Test
    void binariesAreCopiesWithoutViews() {
        byte[] input = Bytes.of(131, 109, u32(64), new byte[64]);
        Binary binary = (Binary) DECODER.decode(input);
        input[6] = 99;
        assertThat(binary.byteAt(0)).isZero();
    }

    @Test
    void binaryViewsNeedAPositiveThreshold() {
        assertThatThrownBy(() -> DECODER.withBinaryViews(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(DECODER.withBinaryViews(8).limits()).isEqualTo(DECODER.limits());
    }
}

package dev.nodemesh.term.etf;

import static dev.nodemesh.term.etf.Bytes.u16;
import static dev.nodemesh.term.etf.Bytes.u32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.LocalTerm;
import dev.nodemesh.term.Port;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoder's choices, each as OTP 25's {@code term_to_binary(T, [{minor_version, 2}])} makes it. */
class EtfEncoderTest {

    private static final EtfEncoder ENCODER = EtfEncoder.standard();
    private static final Atom NODE = Atom.of("chip@host");

    private static byte[] encode(Term term) {
        return ENCODER.encode(term);
    }

    @Test
    void integersTakeTheSmallestForm() {
        assertThat(encode(Int.of(255))).isEqualTo(Bytes.of(131, 97, 255));
        assertThat(encode(Int.of(256))).isEqualTo(Bytes.of(131, 98, 0, 0, 1, 0));
        assertThat(encode(Int.of(-1))).isEqualTo(Bytes.of(131, 98, 255, 255, 255, 255));
        assertThat(encode(Int.of(2147483648L))).isEqualTo(Bytes.of(131, 110, 4, 0, 0, 0, 0, 128));
        assertThat(encode(Int.of(-2147483649L))).isEqualTo(Bytes.of(131, 110, 4, 1, 1, 0, 0, 128));
        assertThat(encode(Int.of(Long.MIN_VALUE))).isEqualTo(Bytes.of(131, 110, 8, 1, new byte[7], 128));
        byte[] large = encode(Int.of(BigInteger.ONE.shiftLeft(2040)));
        assertThat(large)
                .startsWith(Bytes.of(131, 111, u32(256), 0))
                .endsWith(1)
                .hasSize(263);
    }

    @Test
    void floatsKeepNegativeZero() {
        assertThat(encode(Float64.of(-0.0))).isEqualTo(Bytes.of(131, 70, 128, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void atomsOverTwoHundredFiftyFiveBytesUseTheLongForm() {
        Atom greek = Atom.of("α".repeat(200));
        assertThat(encode(greek)).startsWith(Bytes.of(131, 118, u16(400))).hasSize(404);
        assertThat(encode(Atom.of("a".repeat(255)))).startsWith(Bytes.of(131, 119, 255));
    }

    @Test
    void byteListsUpTo65535ElementsAreStringsAtAnyDepth() {
        assertThat(encode(TermList.of(Collections.nCopies(65535, Int.of(1)))))
                .startsWith(Bytes.of(131, 107, 255, 255))
                .hasSize(65539);
        assertThat(encode(TermList.of(Collections.nCopies(65536, Int.of(1)))))
                .startsWith(Bytes.of(131, 108, u32(65536)));
        assertThat(encode(Tuple.of(TermMap.of(Atom.of("k"), TermList.of(Int.of(1))))))
                .isEqualTo(Bytes.of(131, 104, 1, 116, u32(1), 119, 1, "k", 107, u16(1), 1));
        assertThat(encode(TermList.of(Int.of(255), Int.of(256))))
                .isEqualTo(Bytes.of(131, 108, u32(2), 97, 255, 98, 0, 0, 1, 0, 106));
        assertThat(encode(TermList.improper(List.of(Int.of(1), Int.of(2)), Int.of(3))))
                .isEqualTo(Bytes.of(131, 108, u32(2), 97, 1, 97, 2, 97, 3));
    }

    @Test
    void smallMapsAreWrittenInMapKeyOrderWhateverTheInsertionOrder() {
        TermMap map = TermMap.of(Int.of(2), Atom.of("a"), Float64.of(1.5), Atom.of("b"), Int.of(1), Atom.of("c"));
        // OTP: #{2 => a, 1.5 => b, 1 => c} has the keys [1, 2, 1.5]
        assertThat(encode(map))
                .isEqualTo(Bytes.of(
                        131,
                        116,
                        u32(3),
                        97,
                        1,
                        119,
                        1,
                        "c",
                        97,
                        2,
                        119,
                        1,
                        "a",
                        70,
                        0x3f,
                        0xf8,
                        new byte[6],
                        119,
                        1,
                        "b"));
    }

    @Test
    void largeMapsAreWrittenInIterationOrder() {
        TermMap.Builder builder = TermMap.builder();
        for (int k = 33; k >= 1; k--) {
            builder.put(Int.of(k), Int.of(k));
        }
        byte[] bytes = encode(builder.build());
        assertThat(bytes).startsWith(Bytes.of(131, 116, u32(33), 97, 33, 97, 33, 97, 32, 97, 32));
    }

    @Test
    void portsOverTwentyEightBitsUseV4PortExtAsOtpDoes() {
        assertThat(encode(new Port(NODE, 0x0fff_ffffL, 1))).startsWith(Bytes.of(131, 89));
        assertThat(encode(new Port(NODE, 0x1000_0000L, 1)))
                .isEqualTo(Bytes.of(131, 120, 119, 9, "chip@host", u32(0), u32(0x1000_0000L), u32(1)));
    }

    @Test
    void localTermIsOnlyEncodableOutermostAndAFailureLeavesTheBufferAsItWas() {
        LocalTerm local = LocalTerm.of(Bytes.of(121, 1, 2));
        assertThat(encode(local)).isEqualTo(Bytes.of(131, 121, 1, 2));
        ByteBuf out = Unpooled.buffer().writeBytes(Bytes.of(9, 9));
        assertThatThrownBy(() -> ENCODER.encode(Tuple.of(Atom.OK, local), out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LocalTerm can only be encoded as the outermost term");
        assertThat(out.writerIndex()).isEqualTo(2);
    }

    @Test
    void encodeAppendsToTheBufferAndBodyOmitsTheVersionByte() {
        ByteBuf out = Unpooled.directBuffer().writeByte(7);
        try {
            ENCODER.encode(Atom.OK, out);
            ENCODER.encodeBody(Atom.OK, out);
            byte[] written = new byte[out.readableBytes()];
            out.getBytes(0, written);
            assertThat(written).isEqualTo(Bytes.of(7, 131, 119, 2, "ok", 119, 2, "ok"));
        } finally {
            out.release();
        }
    }

    @Test
    void deepTermsEncodeWithoutStackOverflow() {
        int depth = 100_000;
        Term term = TermList.EMPTY;
        for (int i = 0; i < depth; i++) {
            term = i % 2 == 0 ? Tuple.of(term) : TermList.of(term);
        }
        byte[] bytes = encode(term);
        assertThat(bytes).hasSize(1 + depth / 2 * 2 + depth / 2 * 6 + 1);
        Term decoded = new EtfDecoder(EtfLimits.DEFAULTS.withMaxDepth(depth)).decode(bytes);
        int levels = 0;
        while (decoded instanceof Tuple || (decoded instanceof TermList list && !list.isEmpty())) {
            decoded = decoded instanceof Tuple tuple ? tuple.get(0) : ((TermList) decoded).get(0);
            levels++;
        }
        assertThat(levels).isEqualTo(depth);
    }
}

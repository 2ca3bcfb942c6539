package dev.nodemesh.term.etf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nodemesh.term.LocalTerm;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermArbitraries;
import dev.nodemesh.testsupport.Slow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips through our own encoder and decoder, and decoding of arbitrary bytes. */
@Slow
class EtfRoundTripTest {

    private static final EtfEncoder ENCODER = EtfEncoder.standard();
    private static final EtfDecoder DECODER = EtfDecoder.standard();

    @Provide
    Arbitrary<Term> terms() {
        return TermArbitraries.terms();
    }

    @Property(tries = 1000)
    void decodingWhatWeEncodeGivesTheSameTerm(@ForAll("terms") Term term) {
        byte[] bytes = ENCODER.encode(term);
        assertThat(DECODER.decode(bytes)).isEqualTo(term);
    }

    @Property(tries = 300)
    void encodingIsCanonicalSoDecodedTermsEncodeToTheSameBytes(@ForAll("terms") Term term) {
        byte[] bytes = ENCODER.encode(term);
        assertThat(ENCODER.encode(DECODER.decode(bytes))).isEqualTo(bytes);
    }

    @Property(tries = 300)
    void bodiesRoundTripThroughOneBufferOneAfterAnother(@ForAll("terms") Term first, @ForAll("terms") Term second) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            ENCODER.encodeBody(first, buffer);
            ENCODER.encodeBody(second, buffer);
            assertThat(DECODER.decodeBody(buffer)).isEqualTo(first);
            assertThat(DECODER.decodeBody(buffer)).isEqualTo(second);
            assertThat(buffer.isReadable()).isFalse();
        } finally {
            buffer.release();
        }
    }

    @Property(tries = 100)
    void localTermsComeBackByteForByte(@ForAll("localTerms") LocalTerm local) {
        byte[] bytes = ENCODER.encode(local);
        assertThat(bytes[0] & 0xff).isEqualTo(EtfTags.VERSION);
        assertThat(DECODER.decode(bytes)).isEqualTo(local);
    }

    @Provide
    Arbitrary<LocalTerm> localTerms() {
        return TermArbitraries.localTerms();
    }

    @Property(tries = 1000)
    void randomBytesDecodeToATermOrFailWithEtfDecodeException(@ForAll("randomTerms") byte[] bytes) {
        assertDecodesOrFailsCleanly(bytes);
    }

    /** Arbitrary bytes after the version byte, starting with a real tag most of the time. */
    @Provide
    Arbitrary<byte[]> randomTerms() {
        Arbitrary<Integer> tags = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(validTags())),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 255)));
        return Combinators.combine(tags, Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((tag, rest) -> {
                    byte[] bytes = new byte[rest.length + 2];
                    bytes[0] = (byte) EtfTags.VERSION;
                    bytes[1] = tag.byteValue();
                    System.arraycopy(rest, 0, bytes, 2, rest.length);
                    return bytes;
                });
    }

    @Property(tries = 1000)
    void corruptedEncodingsDecodeToATermOrFailWithEtfDecodeException(@ForAll("corrupted") byte[] bytes) {
        assertDecodesOrFailsCleanly(bytes);
    }

    /** Valid encodings with a few bytes overwritten: they get much further into the decoder. */
    @Provide
    Arbitrary<byte[]> corrupted() {
        return Combinators.combine(
                        TermArbitraries.terms(),
                        Arbitraries.integers()
                                .between(1, Integer.MAX_VALUE)
                                .list()
                                .ofMinSize(1)
                                .ofMaxSize(3),
                        Arbitraries.bytes().list().ofSize(3))
                .as((term, positions, values) -> {
                    byte[] bytes = ENCODER.encode(term);
                    for (int i = 0; i < positions.size(); i++) {
                        bytes[1 + positions.get(i) % (bytes.length - 1)] = values.get(i);
                    }
                    return bytes;
                });
    }

    private static void assertDecodesOrFailsCleanly(byte[] bytes) {
        Term term;
        try {
            term = DECODER.decode(bytes);
        } catch (EtfDecodeException e) {
            assertThat(e.offset()).isBetween(0, bytes.length);
            return;
        } catch (Throwable e) {
            throw new AssertionError("decoding " + ByteBufUtil.hexDump(bytes) + " threw " + e, e);
        }
        // whatever decodes must survive our own round trip
        Throwable failure = catchThrowable(
                () -> assertThat(DECODER.decode(ENCODER.encode(term))).isEqualTo(term));
        assertThat(failure)
                .as("round trip of a term decoded from %s", ByteBufUtil.hexDump(bytes))
                .isNull();
    }

    private static List<Integer> validTags() {
        return List.of(
                70, 77, 80, 82, 88, 89, 90, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112,
                113, 114, 115, 116, 117, 118, 119, 120, 121);
    }
}

package dev.nodemesh.term.etf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nodemesh.term.Term;
import dev.nodemesh.testsupport.ThreadAllocation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Coverage-guided fuzzing of {@link EtfDecoder}: whatever the bytes, decoding ends in a term or an
 * {@link EtfDecodeException}; a failure leaves the buffer's reader index where it was; a decoded
 * term encodes and decodes back to itself; and no input makes the decoder allocate more than a
 * bounded multiple of what the limits allow. In {@code ./mvnw verify} this runs the committed
 * inputs of {@code EtfDecoderFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes (docs/reliability.md).
 */
class EtfDecoderFuzzTest {

    /** Small limits, so that the fuzzer reaches every limit check with short inputs. */
    private static final EtfLimits SMALL = new EtfLimits(16, 32, 4096, 4096);

    private static final EtfDecoder STANDARD = EtfDecoder.standard();
    private static final EtfDecoder LIMITED = new EtfDecoder(SMALL);

    /**
     * Far above what a decode within {@link #SMALL} needs (terms cost tens of bytes per input
     * byte), far below what an allocation driven by a claimed length (up to 4 GiB) would take.
     */
    private static final long ALLOCATION_PER_BYTE = 512;

    private static final long ALLOCATION_BASE = 1 << 20;

    @FuzzTest(maxDuration = "10m")
    void decode(byte[] input) {
        Term term = decodeOrNull(STANDARD, input);
        if (term != null) {
            assertThat(STANDARD.decode(EtfEncoder.standard().encode(term)))
                    .as("the decoded term re-encoded and decoded")
                    .isEqualTo(term);
        }
        long before = ThreadAllocation.sofar();
        Term limited = decodeOrNull(LIMITED, input);
        long allocated = ThreadAllocation.sofar() - before;
        assertThat(allocated)
                .as("bytes allocated decoding %d input bytes within %s", input.length, SMALL)
                .isLessThan(ALLOCATION_BASE + ALLOCATION_PER_BYTE * (input.length + SMALL.maxDecompressedBytes()));
        if (limited != null) {
            assertThat(limited)
                    .as("a term within the small limits decodes the same with the defaults")
                    .isEqualTo(term);
        }
    }

    /**
     * The same bytes in a heap buffer, a direct buffer and a composite of two heap buffers (the
     * decoder reads arrays on a fast path and anything else through the buffer) decode to equal
     * terms, consume as many bytes, or all fail.
     */
    @FuzzTest(maxDuration = "10m")
    void decodeFromEveryKindOfBuffer(byte[] input) {
        Term heap = decodeOrNull(STANDARD, Unpooled.wrappedBuffer(input));
        ByteBuf direct = Unpooled.directBuffer(Math.max(1, input.length)).writeBytes(input);
        int half = input.length / 2;
        ByteBuf composite = Unpooled.wrappedBuffer(
                Unpooled.wrappedBuffer(input, 0, half), Unpooled.wrappedBuffer(input, half, input.length - half));
        try {
            assertThat(decodeOrNull(STANDARD, direct))
                    .as("from a direct buffer")
                    .isEqualTo(heap);
            assertThat(decodeOrNull(STANDARD, composite))
                    .as("from a composite buffer")
                    .isEqualTo(heap);
            assertThat(direct.readerIndex())
                    .as("bytes consumed from a direct and a composite buffer")
                    .isEqualTo(composite.readerIndex());
        } finally {
            direct.release();
            composite.release();
        }
    }

    private static Term decodeOrNull(EtfDecoder decoder, byte[] input) {
        return decodeOrNull(decoder, Unpooled.wrappedBuffer(input));
    }

    /** Decodes from a buffer; returns null after checking that a failure left the reader index alone. */
    private static Term decodeOrNull(EtfDecoder decoder, ByteBuf buffer) {
        try {
            return decoder.decode(buffer);
        } catch (EtfDecodeException expected) {
            assertThat(buffer.readerIndex()).as("reader index after a failure").isZero();
            return null;
        }
    }
}

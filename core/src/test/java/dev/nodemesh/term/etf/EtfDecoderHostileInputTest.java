package dev.nodemesh.term.etf;

import static dev.nodemesh.term.etf.Bytes.allocatedBy;
import static dev.nodemesh.term.etf.Bytes.u16;
import static dev.nodemesh.term.etf.Bytes.u32;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.term.etf.GoldenCorpus.Entry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs built to hurt: lengths far beyond the input, nesting far beyond the stack, zip bombs,
 * and everything the spec forbids. Each must fail with {@link EtfDecodeException}, quickly, and
 * without allocating in proportion to what the input claims.
 */
class EtfDecoderHostileInputTest {

    private static final EtfDecoder DECODER = EtfDecoder.standard();

    /** Far less than any of the claimed sizes below; a decode that allocated them would exceed it. */
    private static final long SMALL_ALLOCATION = 256 * 1024;

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] input) {
        return assertThatThrownBy(() -> DECODER.decode(input)).isInstanceOf(EtfDecodeException.class);
    }

    private static void assertRejectedBeforeAllocation(byte[] input, String message) {
        assertRejected(input).hasMessageContaining(message);
        assertThat(allocatedBy(() -> DECODER.decode(input)))
                .as("bytes allocated while rejecting")
                .isLessThan(SMALL_ALLOCATION);
    }

    @Test
    void allocationMeasurementSeesWhatADecodeAllocates() {
        // keeps the "before allocation" assertions honest: a real 1 MiB binary is measured
        byte[] input = Bytes.of(131, 109, u32(1 << 20), new byte[1 << 20]);
        assertThat(allocatedBy(() -> DECODER.decode(input))).isGreaterThan(1 << 20);
    }

    // ---- truncation ----

    static Iterable<Entry> corpus() {
        return GoldenCorpus.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyGoldenEncodingCutShortAtAnyOffsetIsRejected(Entry entry) {
        byte[] bytes = entry.bytes();
        for (int length = 0; length < bytes.length; length++) {
            byte[] prefix = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> DECODER.decode(prefix))
                    .as("%s cut to %d bytes", entry.label(), length)
                    .isInstanceOf(EtfDecodeException.class);
            ByteBuf buffer = Unpooled.wrappedBuffer(prefix);
            assertThatThrownBy(() -> DECODER.decode(buffer)).isInstanceOf(EtfDecodeException.class);
            assertThat(buffer.readerIndex()).as("reader index after a failure").isZero();
        }
    }

    // ---- lengths beyond the input ----

    @ParameterizedTest
    @ValueSource(longs = {0xffff_ffffL, 0x7fff_fff0L, 1000})
    void listLengthBeyondInputIsRejectedBeforeAllocation(long length) {
        assertRejectedBeforeAllocation(
                Bytes.of(131, 108, u32(length), 97, 1, 106), "LIST_EXT length " + length + " needs at least");
    }

    @Test
    void listOfNElementsNeedsNPlusOneBytes() {
        // three elements and no tail: 3 bytes remain but 4 are needed
        assertRejected(Bytes.of(131, 108, u32(3), 106, 106, 106)).hasMessageContaining("needs at least 4");
        assertThat(DECODER.decode(Bytes.of(131, 108, u32(3), 106, 106, 106, 106)))
                .isEqualTo(TermList.of(TermList.EMPTY, TermList.EMPTY, TermList.EMPTY));
    }

    @Test
    void binaryLengthBeyondInputIsRejectedBeforeAllocation() {
        byte[] input = Bytes.of(131, 109, u32(0xffff_ffffL), new byte[12]);
        assertRejectedBeforeAllocation(input, "BINARY_EXT length 4294967295 exceeds the 12 bytes that remain");
        assertThatThrownBy(() -> DECODER.decode(input))
                .isInstanceOfSatisfying(
                        EtfDecodeException.class, e -> assertThat(e.offset()).isEqualTo(1));
    }

    @ParameterizedTest
    @ValueSource(longs = {0xffff_ffffL, 0x7fff_fff0L})
    void largeBigWithBillionsOfDigitsIsRejectedBeforeAllocation(long digits) {
        assertRejectedBeforeAllocation(
                Bytes.of(131, 111, u32(digits), 0, new byte[16]), "LARGE_BIG_EXT length " + digits + " exceeds");
    }

    @Test
    void stringLongerThanInputIsRejected() {
        assertRejectedBeforeAllocation(Bytes.of(131, 107, u16(0xffff), 1, 2, 3), "STRING_EXT length 65535 exceeds");
    }

    @Test
    void tupleArityBeyondInputIsRejectedBeforeAllocation() {
        assertRejectedBeforeAllocation(Bytes.of(131, 105, u32(0x7fff_fff0L), 106), "LARGE_TUPLE_EXT length");
        assertRejectedBeforeAllocation(Bytes.of(131, 104, 200, 106), "SMALL_TUPLE_EXT length 200 needs at least 200");
    }

    @Test
    void mapOfNPairsNeedsTwoNBytes() {
        assertRejectedBeforeAllocation(Bytes.of(131, 116, u32(0x7fff_fff0L), 106, 106), "MAP_EXT length");
        assertRejected(Bytes.of(131, 116, u32(2), 97, 1, 106)).hasMessageContaining("needs at least 4");
    }

    @Test
    void atomLongerThanInputIsRejected() {
        assertRejected(Bytes.of(131, 118, u16(200), "abc")).hasMessageContaining("ATOM_UTF8_EXT length 200 exceeds");
    }

    @Test
    void nestedContainersCannotEachClaimTheWholeInput() {
        // every level claims as many elements as bytes remain; without counting what the outer
        // levels still need, 1000 levels would allocate 1000 arrays of ~250k elements (~1 GiB)
        int levels = 1000;
        int size = 256 * 1024;
        byte[] input = new byte[size];
        input[0] = (byte) 131;
        int pos = 1;
        for (int level = 0; level < levels; level++) {
            input[pos] = 108;
            System.arraycopy(u32(size - pos - 6), 0, input, pos + 1, 4);
            pos += 5;
        }
        Arrays.fill(input, pos, size, (byte) 106);
        assertRejected(input).hasMessageContaining("that the enclosing terms still need");
        assertThat(allocatedBy(() -> DECODER.decode(input))).isLessThan(4L * size * 8);
    }

    @Test
    void binaryThatWouldEatTheBytesItsSiblingsNeedIsRejected() {
        // {<<...all remaining bytes...>>, x, y}: the binary may only use what x and y leave
        byte[] input = Bytes.of(131, 104, 3, 109, u32(4), 1, 2, 3, 4);
        assertRejected(input).hasMessageContaining("BINARY_EXT length 4 exceeds the 2 bytes that remain after the 2");
    }

    // ---- depth ----

    @Test
    void hundredThousandNestedTuplesAreRejectedAtTheDepthLimitWithoutStackOverflow() {
        byte[] input = Bytes.of(131, Bytes.repeat(new byte[] {104, 1}, 100_000), 106);
        assertRejected(input).hasMessageContaining("nests deeper than the limit of 1024 (EtfLimits.maxDepth)");
    }

    @Test
    void hundredThousandNestedListsAreRejectedAtTheDepthLimitWithoutStackOverflow() {
        byte[] input = Bytes.of(
                131, Bytes.repeat(Bytes.of(108, u32(1)), 100_000), 106, Bytes.repeat(new byte[] {106}, 100_000));
        assertRejected(input).hasMessageContaining("nests deeper than the limit of 1024");
    }

    @Test
    void hundredThousandNestedTuplesDecodeWithoutStackOverflowWhenTheLimitAllowsIt() {
        int depth = 100_000;
        byte[] input = Bytes.of(131, Bytes.repeat(new byte[] {104, 1}, depth), 106);
        EtfDecoder deep = new EtfDecoder(EtfLimits.DEFAULTS.withMaxDepth(depth));
        Term term = deep.decode(input);
        int levels = 0;
        while (term instanceof Tuple tuple) {
            term = tuple.get(0);
            levels++;
        }
        assertThat(levels).isEqualTo(depth);
        assertThat(term).isEqualTo(TermList.EMPTY);
    }

    @Test
    void listTailChainsOfAnyLengthCostNoDepth() {
        // [0 | [1 | [2 | ... ]]] written as 100,000 nested LIST_EXT tails is one flat list
        int length = 100_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(131);
        for (int i = 0; i < length; i++) {
            out.writeBytes(Bytes.of(108, u32(1), 97, i & 0xff));
        }
        out.write(106);
        Term term = DECODER.decode(out.toByteArray());
        assertThat(term).isInstanceOfSatisfying(TermList.class, list -> {
            assertThat(list.size()).isEqualTo(length);
            assertThat(list.isProper()).isTrue();
            assertThat(list.get(length - 1)).isEqualTo(Int.of((length - 1) & 0xff));
        });
    }

    // ---- compressed ----

    private static byte[] zlib(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION))) {
            deflater.write(data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] compressed(long claimed, byte[] stream) {
        return Bytes.of(131, 80, u32(claimed), stream);
    }

    @Test
    void compressedTermClaimingTwoGigabytesIsRejectedBeforeInflating() {
        byte[] input = compressed(0x8000_0000L, zlib(new byte[] {106}));
        assertRejectedBeforeAllocation(
                input, "COMPRESSED term claims 2147483648 bytes, more than the limit of 67108864");
    }

    @Test
    void compressedTermOverTheDecompressedLimitIsRejected() {
        EtfDecoder strict = new EtfDecoder(EtfLimits.DEFAULTS.withMaxDecompressedBytes(100));
        byte[] body = Bytes.of(109, u32(200), new byte[200]);
        assertThatThrownBy(() -> strict.decode(compressed(body.length, zlib(body))))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("EtfLimits.maxDecompressedBytes");
    }

    @Test
    void zipBombSmallerThanItsOutputIsStoppedOneBytePastItsClaim() {
        // 32 MiB of zeros compress to ~32 KiB; the term claims 1000 bytes
        byte[] bomb = zlib(new byte[32 << 20]);
        byte[] input = compressed(1000, bomb);
        assertRejected(input).hasMessageContaining("inflates to more than the 1000 bytes it claims");
        assertThat(allocatedBy(() -> DECODER.decode(input))).isLessThan(SMALL_ALLOCATION + 2L * bomb.length);
    }

    @Test
    void compressedClaimFarAboveWhatTheStreamHoldsCostsOnlyWhatArrives() {
        byte[] body = Bytes.of(109, u32(10), new byte[10]);
        byte[] input = compressed(60 << 20, zlib(body));
        assertRejected(input).hasMessageContaining("inflates to only 15 of the 62914560 bytes it claims");
        assertThat(allocatedBy(() -> DECODER.decode(input))).isLessThan(SMALL_ALLOCATION);
    }

    @Test
    void compressedStreamShorterThanClaimedIsRejected() {
        byte[] body = Bytes.of(107, u16(3), 1, 2, 3);
        assertRejected(compressed(body.length + 1, zlib(body))).hasMessageContaining("inflates to only 6 of the 7");
    }

    @Test
    void compressedStreamLongerThanClaimedIsRejected() {
        byte[] body = Bytes.of(107, u16(3), 1, 2, 3);
        assertRejected(compressed(body.length - 1, zlib(body))).hasMessageContaining("more than the 5 bytes");
    }

    @Test
    void truncatedCompressedStreamIsRejected() {
        byte[] body = Bytes.of(109, u32(1000), new byte[1000]);
        byte[] stream = zlib(body);
        assertRejected(compressed(body.length, Arrays.copyOf(stream, stream.length - 3)))
                .hasMessageContaining("ends before its zlib stream does");
    }

    @Test
    void corruptCompressedStreamIsRejected() {
        assertRejected(compressed(10, Bytes.of(0x78, 0x9c, 0xff, 0xff, 0xff, 0xff)))
                .hasMessageContaining("not a valid zlib stream");
    }

    @Test
    void compressedTermWithBytesAfterItsTermIsRejected() {
        byte[] body = Bytes.of(97, 1, 97, 2);
        assertRejected(compressed(body.length, zlib(body))).hasMessageContaining("2 bytes follow the term");
    }

    @Test
    void compressedInsideATermOrInsideCompressedIsRejected() {
        byte[] inner = compressed(2, zlib(Bytes.of(97, 1)));
        assertRejected(Bytes.of(131, 104, 1, Arrays.copyOfRange(inner, 1, inner.length)))
                .hasMessageContaining("COMPRESSED may only stand directly after the version byte");
        byte[] twice = Bytes.of(Arrays.copyOfRange(inner, 1, inner.length));
        assertRejected(compressed(twice.length, zlib(twice))).hasMessageContaining("of the decompressed data");
    }

    @Test
    void compressedZeroBytesIsRejected() {
        assertRejected(compressed(0, zlib(new byte[0]))).hasMessageContaining("claims 0 bytes");
    }

    // ---- forbidden values ----

    @Test
    void duplicateMapKeysAreRejected() {
        assertThatThrownBy(() -> DECODER.decode(Bytes.of(131, 116, u32(2), 97, 1, 97, 2, 97, 1, 97, 3)))
                .isInstanceOfSatisfying(EtfDecodeException.class, e -> {
                    assertThat(e).hasMessageContaining("MAP_EXT has a key twice");
                    assertThat(e.offset()).isEqualTo(10);
                });
    }

    @Test
    void duplicateCompoundMapKeysAreRejected() {
        byte[] key = Bytes.of(104, 2, 119, 1, "a", 107, u16(2), 1, 2);
        assertRejected(Bytes.of(131, 116, u32(2), key, 97, 1, key, 97, 2)).hasMessageContaining("a key twice");
    }

    @Test
    void atomOf256CharactersIsRejected() {
        assertRejected(Bytes.of(131, 100, u16(256), "a".repeat(256)))
                .hasMessageContaining("ATOM_EXT length 256 is longer than the limit of 255 characters");
        byte[] greek = "α".repeat(256).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertRejected(Bytes.of(131, 118, u16(greek.length), greek))
                .hasMessageContaining("ATOM_UTF8_EXT has 256 characters, more than the limit of 255");
    }

    @Test
    void atomLengthLimitCanBeLowered() {
        EtfDecoder strict = new EtfDecoder(EtfLimits.DEFAULTS.withMaxAtomLength(3));
        assertThat(strict.decode(Bytes.of(131, 119, 3, "abc"))).isNotNull();
        assertThatThrownBy(() -> strict.decode(Bytes.of(131, 119, 4, "abcd")))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("limit of 3");
        byte[] twoBytesEach = "ααα".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(strict.decode(Bytes.of(131, 119, twoBytesEach.length, twoBytesEach)))
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c328", "c080", "eda080", "f4908080", "f8888080", "e282", "80", "ff", "61c3"})
    void invalidUtf8AtomIsRejected(String hex) {
        byte[] text = io.netty.buffer.ByteBufUtil.decodeHexDump(hex);
        assertRejected(Bytes.of(131, 119, text.length, text)).hasMessageContaining("is not valid UTF-8");
        assertRejected(Bytes.of(131, 118, u16(text.length), text)).hasMessageContaining("is not valid UTF-8");
    }

    @ParameterizedTest
    @ValueSource(
            longs = {0x7ff8_0000_0000_0000L, 0x7ff0_0000_0000_0000L, 0xfff0_0000_0000_0000L, 0x7ff0_0000_0000_0001L})
    void nanAndInfinityFloatBitsAreRejected(long bits) {
        assertRejected(Bytes.of(131, 70, u32(bits >>> 32), u32(bits))).hasMessageContaining("which an Erlang float");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nan", "inf", "-inf", "1.0e400", "15", "1.5 x", " 1.5", "0x1.8p1", "1.5e", ".5", "1.5f"})
    void floatTextThatIsNotAFiniteFloatIsRejected(String text) {
        byte[] field = Arrays.copyOf(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 31);
        assertRejected(Bytes.of(131, 99, field)).hasMessageContaining("FLOAT_EXT text");
    }

    @Test
    void unknownTagsAreRejected() {
        java.util.Set<Integer> known = java.util.Set.of(
                70, 77, 80, 82, 88, 89, 90, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112,
                113, 114, 115, 116, 117, 118, 119, 120, 121);
        for (int tag = 0; tag < 256; tag++) {
            if (!known.contains(tag)) {
                assertRejected(Bytes.of(131, tag, new byte[40])).hasMessageContaining("unknown tag " + tag);
            }
        }
    }

    @Test
    void atomCacheReferenceIsRejectedWithoutADistributionHeader() {
        assertRejected(Bytes.of(131, 82, 0)).hasMessageContaining("ATOM_CACHE_REF refers to the atom cache");
        assertRejected(Bytes.of(131, 88, 82, 0, new byte[12])).hasMessageContaining("NEW_PID_EXT node");
    }

    @Test
    void removedFunExtIsRejected() {
        assertRejected(Bytes.of(131, 117, new byte[40]))
                .hasMessageContaining("FUN_EXT is the fun encoding OTP removed");
    }

    @Test
    void localExtInsideATermIsRejected() {
        assertRejected(Bytes.of(131, 104, 1, 121, 1, 2)).hasMessageContaining("LOCAL_EXT may only be the outermost");
    }

    @Test
    void wrongVersionByteAndEmptyInputAreRejected() {
        assertRejected(new byte[0]).hasMessageContaining("input is empty");
        assertRejected(Bytes.of(130, 97, 1)).hasMessageContaining("expected the version byte 131 but got 130");
        assertRejected(Bytes.of(131)).hasMessageContaining("expected a term but the input ends");
    }

    @Test
    void funWhoseSizeDisagreesWithItsContentIsRejected() {
        byte[] fun = goodFun();
        byte[] tooBig = fun.clone();
        tooBig[4] += 1;
        assertRejected(Bytes.of(131, tooBig, 106)).hasMessageContaining("NEW_FUN_EXT says it ends at offset");
        byte[] manyFree = fun.clone();
        System.arraycopy(u32(0x7fff_ffffL), 0, manyFree, 26, 4);
        assertRejected(Bytes.of(131, manyFree))
                .hasMessageContaining("leaves no room for its 2147483647 free variables");
        byte[] noPid = fun.clone();
        noPid[noPid.length - 20] = 97; // the creator pid's tag becomes SMALL_INTEGER_EXT
        assertRejected(Bytes.of(131, noPid)).hasMessageContaining("expected a pid for the NEW_FUN_EXT creator");
        assertRejected(Bytes.of(131, 112, u32(3))).hasMessageContaining("smaller than its own size field");
    }

    /** A fun of module m with one free variable, the integer 5, created by {@code <0.1.0>} on a@b. */
    static byte[] goodFun() {
        byte[] body = Bytes.of(
                1,
                new byte[16],
                u32(0),
                u32(1),
                119,
                1,
                "m",
                97,
                0,
                97,
                0,
                88,
                119,
                3,
                "a@b",
                u32(1),
                u32(0),
                u32(0),
                97,
                5);
        return Bytes.of(112, u32(body.length + 4), body);
    }

    @Test
    void termOverTheSizeLimitIsRejected() {
        EtfDecoder small = new EtfDecoder(EtfLimits.DEFAULTS.withMaxTermBytes(50));
        byte[] input = Bytes.of(131, 109, u32(100), new byte[100]);
        assertThatThrownBy(() -> small.decode(input))
                .isInstanceOf(EtfDecodeException.class)
                .hasMessageContaining("within the limit of 50 bytes (EtfLimits.maxTermBytes)");
        assertThat(small.decode(Bytes.of(131, 109, u32(40), new byte[40]))).isNotNull();
    }

    @Test
    void bytesAfterTheTermAreRejectedForAnArray() {
        assertThatThrownBy(() -> DECODER.decode(Bytes.of(131, 97, 1, 97, 2)))
                .isInstanceOfSatisfying(EtfDecodeException.class, e -> {
                    assertThat(e).hasMessageContaining("2 bytes follow the term");
                    assertThat(e.offset()).isEqualTo(3);
                });
    }
}

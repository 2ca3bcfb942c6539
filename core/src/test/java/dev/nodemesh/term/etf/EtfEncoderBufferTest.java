package dev.nodemesh.term.etf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.LocalTerm;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encoder writes the same bytes into every kind of output buffer: heap, pooled direct, a
 * composite whose writable range spans components (no single view: the ByteBuf path), a buffer
 * that must grow many times, and from a non-zero writer index; and a term deeper than the
 * recursive pass goes through the explicit-stack path mid-stream.
 */
class EtfEncoderBufferTest {

    private static final EtfEncoder ENCODER = EtfEncoder.standard();

    static Stream<Arguments> outputs() {
        return Stream.of(
                Arguments.of("unpooled heap", (Supplier<ByteBuf>) () -> Unpooled.buffer(1)),
                Arguments.of("unpooled direct", (Supplier<ByteBuf>) () -> Unpooled.directBuffer(1)),
                Arguments.of("pooled heap", (Supplier<ByteBuf>) () -> PooledByteBufAllocator.DEFAULT.heapBuffer(1)),
                Arguments.of("pooled direct", (Supplier<ByteBuf>) () -> PooledByteBufAllocator.DEFAULT.directBuffer(1)),
                Arguments.of("composite of two components", (Supplier<ByteBuf>) EtfEncoderBufferTest::twoComponents),
                Arguments.of("prefilled at a non-zero writer index", (Supplier<ByteBuf>)
                        () -> Unpooled.buffer(8).writeBytes(new byte[] {9, 9, 9})));
    }

    private static ByteBuf twoComponents() {
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(false, Unpooled.buffer(16, 16));
        composite.addComponent(false, Unpooled.buffer(4096, 4096));
        return composite;
    }

    static Stream<Term> terms() {
        TermMap.Builder big = TermMap.builder();
        for (int i = 0; i < 40; i++) {
            big.put(Atom.of("key_" + i), Binary.of("value " + i));
        }
        Term deep = Int.of(7);
        for (int i = 0; i < 1000; i++) {
            deep = i % 2 == 0 ? Tuple.of(deep, Atom.OK) : TermList.of(deep);
        }
        return Stream.of(
                Tuple.of(
                        Atom.of("send"), new Pid(Atom.of("chip@localhost"), 42, 0, 7), Binary.of("binary"), Int.of(42)),
                big.build(),
                Binary.wrap(new byte[70_000]),
                Tuple.of(Atom.of("deep"), deep, Atom.of("after")));
    }

    static Stream<Arguments> outputsAndTerms() {
        return outputs().flatMap(output -> terms().map(term -> Arguments.of(output.get()[0], output.get()[1], term)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputsAndTerms")
    void everyBufferKindGetsTheSameBytes(String kind, Supplier<ByteBuf> output, Term term) {
        byte[] expected = ENCODER.encode(term);
        ByteBuf out = output.get();
        try {
            int before = out.writerIndex();
            byte[] prefix = ByteBufUtil.getBytes(out, 0, before);
            ENCODER.encode(term, out);
            assertThat(out.writerIndex() - before).isEqualTo(expected.length);
            assertThat(ByteBufUtil.getBytes(out, 0, before)).isEqualTo(prefix);
            assertThat(ByteBufUtil.getBytes(out, before, expected.length)).isEqualTo(expected);
            assertThat(EtfDecoder.standard().decode(expected)).isEqualTo(term);
        } finally {
            out.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void aFailureDeepInsideTheTermLeavesTheBufferAsItWas(String kind, Supplier<ByteBuf> output) {
        ByteBuf out = output.get();
        try {
            int before = out.writerIndex();
            Term bad = Tuple.of(Binary.wrap(new byte[5000]), TermList.of(LocalTerm.of(new byte[] {121, 1})));
            assertThatThrownBy(() -> ENCODER.encode(bad, out)).isInstanceOf(IllegalArgumentException.class);
            assertThat(out.writerIndex()).isEqualTo(before);
        } finally {
            out.release();
        }
    }
}

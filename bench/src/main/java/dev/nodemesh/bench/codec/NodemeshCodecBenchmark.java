package dev.nodemesh.bench.codec;

import dev.nodemesh.term.Term;
import dev.nodemesh.term.etf.EtfDecoder;
import dev.nodemesh.term.etf.EtfEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and decode of the {@link CodecPayloads} with nodemesh's codec.
 *
 * <p>Encoding writes into a reused buffer, as the transport does per connection: {@code
 * encodeHeap} into a heap buffer (the same shape as JInterface's byte-array stream), {@code
 * encodeDirect} into a pooled direct one (what goes to the socket). Decoding reads a heap
 * buffer; {@code decodeView} hands out binaries of 1 KiB or more as views of the input; {@code
 * decodeDirect} reads a direct buffer, as a frame from the socket larger than the transport copies
 * to the heap, which the decoder's iterative reader reads through a {@code ByteBuffer} view.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NodemeshCodecBenchmark {

    @Param({"SMALL", "MAP_1K", "BINARY_64K"})
    CodecPayloads payload;

    private Term term;
    private EtfEncoder encoder;
    private EtfDecoder decoder;
    private EtfDecoder viewDecoder;
    private ByteBuf heapOut;
    private ByteBuf directOut;
    private ByteBuf encoded;
    private ByteBuf encodedDirect;

    @Setup(Level.Trial)
    public void setUp() {
        term = payload.term();
        encoder = EtfEncoder.standard();
        decoder = EtfDecoder.standard();
        viewDecoder = decoder.withBinaryViews(1024);
        byte[] bytes = encoder.encode(term);
        encoded = Unpooled.wrappedBuffer(bytes);
        encodedDirect = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        heapOut = Unpooled.buffer(bytes.length);
        directOut = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
        if (!decoder.decode(bytes).equals(term)) {
            throw new IllegalStateException("round trip failed for " + payload);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        directOut.release();
        encodedDirect.release();
    }

    @Benchmark
    public int encodeHeap() {
        heapOut.clear();
        encoder.encode(term, heapOut);
        return heapOut.writerIndex();
    }

    @Benchmark
    public int encodeDirect() {
        directOut.clear();
        encoder.encode(term, directOut);
        return directOut.writerIndex();
    }

    @Benchmark
    public Term decode() {
        encoded.readerIndex(0);
        return decoder.decode(encoded);
    }

    @Benchmark
    public Term decodeView() {
        encoded.readerIndex(0);
        return viewDecoder.decode(encoded);
    }

    @Benchmark
    public Term decodeDirect() {
        encodedDirect.readerIndex(0);
        return decoder.decode(encodedDirect);
    }
}

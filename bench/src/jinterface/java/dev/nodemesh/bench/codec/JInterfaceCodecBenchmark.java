package dev.nodemesh.bench.codec;

import com.ericsson.otp.erlang.OtpErlangDecodeException;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpInputStream;
import com.ericsson.otp.erlang.OtpOutputStream;
import dev.nodemesh.term.etf.EtfEncoder;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same payloads and operations as {@link NodemeshCodecBenchmark}, with JInterface 1.13
 * (Debian's {@code erlang-jinterface}): its terms are built by decoding nodemesh's encoding, so
 * both sides work on the same value. Encoding reuses one {@code OtpOutputStream} (reset per
 * operation), JInterface's cheapest path; decoding needs a new {@code OtpInputStream} per term,
 * as JInterface's API has no other way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JInterfaceCodecBenchmark {

    @Param({"SMALL", "MAP_1K", "BINARY_64K"})
    CodecPayloads payload;

    private byte[] encoded;
    private OtpErlangObject term;
    private OtpOutputStream out;

    @Setup(Level.Trial)
    public void setUp() throws OtpErlangDecodeException {
        encoded = EtfEncoder.standard().encode(payload.term());
        term = new OtpInputStream(encoded).read_any();
        out = new OtpOutputStream();
    }

    @Benchmark
    public int encode() {
        out.reset();
        out.write1(131);
        out.write_any(term);
        return out.size();
    }

    @Benchmark
    public OtpErlangObject decode() throws OtpErlangDecodeException {
        return new OtpInputStream(encoded).read_any();
    }
}

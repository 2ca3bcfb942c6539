package dev.nodemesh.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.dist.ControlSamples.Sample;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Our packets as real OTP reads them: {@code erl} splits each packet by its length, the
 * pass-through byte and {@code binary_to_term(Bin, [used])}, checks that re-encoding each term
 * gives our bytes back, and reports the op, arity and payload presence of every control tuple.
 * Skipped without {@code erl}, failed on CI without it.
 */
@Interop
class DistFramesErlangTest {

    private static final String CHECK = String.join(
            " ",
            "Check = fun(P) ->",
            "  <<Len:32, 112, Rest/binary>> = P,",
            "  Len = 1 + byte_size(Rest),",
            "  {Ctrl, Used} = binary_to_term(Rest, [used]),",
            "  <<CtrlBin:Used/binary, PayloadBin/binary>> = Rest,",
            "  CtrlBin = term_to_binary(Ctrl, [{minor_version, 2}]),",
            "  HasPayload = case PayloadBin of",
            "    <<>> -> false;",
            "    _ -> {Payload, PayloadUsed} = binary_to_term(PayloadBin, [used]),",
            "         PayloadUsed = byte_size(PayloadBin),",
            "         PayloadBin = term_to_binary(Payload, [{minor_version, 2}]),",
            "         true",
            "  end,",
            "  io:format(\"~w ~w ~w~n\", [element(1, Ctrl), tuple_size(Ctrl), HasPayload])",
            "end");

    private static String erlangBinary(ByteBuf packet) {
        StringBuilder out = new StringBuilder("<<");
        for (int i = packet.readerIndex(); i < packet.writerIndex(); i++) {
            if (i > packet.readerIndex()) {
                out.append(',');
            }
            out.append(packet.getUnsignedByte(i));
        }
        return out.append(">>").toString();
    }

    @Test
    void otpReadsEveryPacketAndWouldWriteTheSameBytes() {
        ErlangRuntime.requireErl();
        List<Sample> samples = ControlSamples.all();
        StringBuilder packets = new StringBuilder("[");
        for (Sample sample : samples) {
            ByteBuf packet =
                    DistFrames.encode(UnpooledByteBufAllocator.DEFAULT, sample.message(), sample.payloadTerm());
            try {
                packets.append(packets.length() > 1 ? "," : "").append(erlangBinary(packet));
            } finally {
                packet.release();
            }
        }
        packets.append(']');

        String output = ErlangRuntime.eval(CHECK + ", lists:foreach(Check, " + packets + ")");

        String expected = samples.stream()
                .map(sample -> sample.op() + " " + sample.tuple().size() + " " + sample.payload())
                .collect(Collectors.joining("\n", "", "\n"));
        assertThat(output).isEqualTo(expected);
    }
}

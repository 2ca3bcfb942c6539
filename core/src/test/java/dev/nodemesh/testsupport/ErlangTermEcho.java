package dev.nodemesh.testsupport;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A long-running {@code erl} that answers each external-format term it is sent with
 * {@code term_to_binary(binary_to_term(Bytes), [{minor_version, 2}])}: the way to ask real OTP
 * how it decodes and re-encodes our bytes, thousands of times per second.
 *
 * <p>Frames on stdin/stdout are {@code u32 length | bytes}. Bytes OTP cannot decode come back as
 * the encoding of {@code {'$nodemesh_echo_error', Class, Reason}}.
 */
public final class ErlangTermEcho implements AutoCloseable {

    private static final String LOOP = "process_flag(trap_exit, true),"
            + "P = open_port({fd, 0, 1}, [binary, {packet, 4}, eof]),"
            + "Loop = fun L() -> receive"
            + "  {P, {data, B}} ->"
            + "    R = try term_to_binary(binary_to_term(B), [{minor_version, 2}])"
            + "        catch C:E -> term_to_binary({'$nodemesh_echo_error', C, E}, [{minor_version, 2}]) end,"
            + "    port_command(P, R), L();"
            + "  {P, eof} -> halt(0);"
            + "  {'EXIT', P, _} -> halt(0)"
            + " end end,"
            + "Loop().";

    private final ExternalProcess process;
    private final DataOutputStream toErl;
    private final DataInputStream fromErl;

    private ErlangTermEcho(ExternalProcess process) {
        this.process = process;
        this.toErl = new DataOutputStream(process.process().getOutputStream());
        this.fromErl = new DataInputStream(process.process().getInputStream());
    }

    /**
     * Starts the echo process (skipping or failing the test when erl is missing).
     *
     * @return the running echo
     */
    public static ErlangTermEcho start() {
        return new ErlangTermEcho(ErlLauncher.erl()
                .erlFlags("-noshell", "-noinput")
                .eval(LOOP)
                .discardStderr()
                .start());
    }

    /**
     * Sends external-format bytes (starting with 131) and returns OTP's re-encoding.
     *
     * @param externalFormat the bytes to decode in erl
     * @return {@code term_to_binary(binary_to_term(externalFormat), [{minor_version, 2}])}
     */
    public synchronized byte[] roundTrip(byte[] externalFormat) {
        try {
            toErl.writeInt(externalFormat.length);
            toErl.write(externalFormat);
            toErl.flush();
            int length = fromErl.readInt();
            byte[] answer = new byte[length];
            fromErl.readFully(answer);
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("erl echo process failed", e);
        }
    }

    @Override
    public void close() {
        try {
            toErl.close();
        } catch (IOException ignored) {
            // the process is killed below anyway
        }
        process.close();
    }
}

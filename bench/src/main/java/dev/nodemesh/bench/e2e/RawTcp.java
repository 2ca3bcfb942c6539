package dev.nodemesh.bench.e2e;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The floor: plain blocking sockets between two threads of this JVM on loopback, {@code
 * TCP_NODELAY} on, no protocol, no encoding. A ping-pong of fixed-size messages (the size of a
 * ping packet of the distribution protocol) and a one-way stream of 64 KiB writes, ended by a
 * one-byte acknowledgement once the reader has every byte.
 */
final class RawTcp {

    /** About the size of {@code {ping, Pid, I}} as a distribution packet, length field included. */
    static final int PING_BYTES = 96;

    private RawTcp() {}

    /**
     * Makes {@code n} round trips of {@link #PING_BYTES} bytes each way.
     *
     * @param n how many
     * @return the round-trip times
     */
    static Percentiles pingPong(int n) {
        long[] times = new long[n];
        run(
                (in, out) -> {
                    byte[] buf = new byte[PING_BYTES];
                    for (int i = 0; i < n; i++) {
                        in.readFully(buf);
                        out.write(buf);
                    }
                },
                (in, out) -> {
                    byte[] buf = new byte[PING_BYTES];
                    for (int i = 0; i < n; i++) {
                        long t0 = System.nanoTime();
                        out.write(buf);
                        in.readFully(buf);
                        times[i] = System.nanoTime() - t0;
                    }
                });
        return Percentiles.of(times);
    }

    /**
     * Writes {@code n} chunks of {@code size} bytes; the reader acknowledges the last byte.
     *
     * @param n how many chunks
     * @param size the chunk size
     * @return microseconds from the first write until the acknowledgement
     */
    static long stream(int n, int size) {
        long[] micros = new long[1];
        run(
                (in, out) -> {
                    byte[] buf = new byte[size];
                    long left = (long) n * size;
                    while (left > 0) {
                        int read = in.read(buf, 0, (int) Math.min(buf.length, left));
                        if (read < 0) {
                            throw new IOException("stream ended early");
                        }
                        left -= read;
                    }
                    out.write(1);
                },
                (in, out) -> {
                    byte[] buf = new byte[size];
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        out.write(buf);
                    }
                    if (in.read() != 1) {
                        throw new IOException("no acknowledgement");
                    }
                    micros[0] = (System.nanoTime() - t0) / 1000;
                });
        return micros[0];
    }

    private interface Side {
        void run(DataInputStream in, OutputStream out) throws IOException;
    }

    private static void run(Side server, Side client) {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IOException[] serverFailure = new IOException[1];
            Thread thread = new Thread(
                    () -> {
                        try (Socket socket = listener.accept()) {
                            socket.setTcpNoDelay(true);
                            server.run(new DataInputStream(socket.getInputStream()), socket.getOutputStream());
                        } catch (IOException e) {
                            serverFailure[0] = e;
                        }
                    },
                    "raw-tcp-server");
            thread.start();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                socket.setTcpNoDelay(true);
                client.run(new DataInputStream(socket.getInputStream()), socket.getOutputStream());
            }
            NodemeshEndpoint.join(thread);
            if (serverFailure[0] != null) {
                throw serverFailure[0];
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

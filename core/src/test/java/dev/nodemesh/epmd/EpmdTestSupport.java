package dev.nodemesh.epmd;

import dev.nodemesh.testsupport.TestPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HexFormat;

/** Ports, raw connections and byte helpers for the EPMD tests. */
final class EpmdTestSupport {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private EpmdTestSupport() {}

    /** A port that was free a moment ago, outside the kernel's ephemeral range. */
    static int freePort() {
        return TestPorts.freePort();
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(LOOPBACK, port);
    }

    static InetSocketAddress freeAddress() {
        return loopback(freePort());
    }

    /** Whether a listener could bind the port now, i.e. nothing holds it. */
    static boolean portIsFree(int port) {
        return TestPorts.isFree(port);
    }

    static long nodemeshEpmdThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("nodemesh-epmd"))
                .count();
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    /** A plain socket to an EPMD, for sending exact (or hostile) bytes. */
    static final class Raw implements AutoCloseable {
        final Socket socket;

        Raw(int port) throws IOException {
            socket = new Socket();
            socket.connect(loopback(port), 5000);
            socket.setSoTimeout(5000);
        }

        Raw send(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return this;
        }

        Raw send(String hex) throws IOException {
            return send(hex(hex));
        }

        /** Reads exactly n bytes. */
        byte[] read(int n) throws IOException {
            return socket.getInputStream().readNBytes(n);
        }

        /** Reads until EOF (fails the read with a timeout after five seconds of silence). */
        byte[] readToEnd() throws IOException {
            return socket.getInputStream().readAllBytes();
        }

        /**
         * Tells whether the peer closed the connection within the socket timeout, discarding
         * what it sent before.
         */
        boolean closedByPeer() throws IOException {
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // discard
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Builds an ALIVE2_REQ with its length prefix. */
    static byte[] alive2(String name, int port, int highest, int lowest, byte[] extra) {
        byte[] nameBytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int length = 13 + nameBytes.length + extra.length;
        out.write(length >>> 8);
        out.write(length);
        out.write(120);
        out.write(port >>> 8);
        out.write(port);
        out.write(77);
        out.write(0);
        out.write(highest >>> 8);
        out.write(highest);
        out.write(lowest >>> 8);
        out.write(lowest);
        out.write(nameBytes.length >>> 8);
        out.write(nameBytes.length);
        out.writeBytes(nameBytes);
        out.write(extra.length >>> 8);
        out.write(extra.length);
        out.writeBytes(extra);
        return out.toByteArray();
    }
}

package dev.nodemesh.epmd;

import static dev.nodemesh.epmd.EpmdProtocol.format;

import dev.nodemesh.epmd.EpmdException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A blocking client for one EPMD (host and port).
 *
 * <p>{@link #register} keeps its connection open for as long as the returned {@link
 * EpmdRegistration} lives; every other request uses a connection of its own. Connecting and
 * each whole request are bounded by the timeout given at construction. Replies are validated
 * completely; one that does not parse fails with {@link EpmdException.Kind#PROTOCOL}.
 *
 * <pre>{@code
 * EpmdClient epmd = new EpmdClient(new InetSocketAddress("127.0.0.1", EpmdClient.defaultPort()),
 *         Duration.ofSeconds(5));
 * try (EpmdRegistration registration = epmd.register("chip", 41234)) {
 *     OptionalInt dale = epmd.portOf("dale");
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class EpmdClient {

    /** The port EPMD listens on unless {@code ERL_EPMD_PORT} says otherwise. */
    public static final int DEFAULT_PORT = 4369;

    private final InetSocketAddress address;
    private final Duration timeout;
    private final int timeoutMillis;

    /**
     * Creates a client; nothing is connected until a request is made.
     *
     * @param epmd where EPMD listens, for example {@code 127.0.0.1:4369}
     * @param timeout how long connecting, and each request, may take; positive
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public EpmdClient(InetSocketAddress epmd, Duration timeout) {
        this.address = Objects.requireNonNull(epmd, "epmd");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /**
     * Returns the EPMD port of this host: the environment variable {@code ERL_EPMD_PORT} if it
     * holds a valid port number (as {@code erl} and {@code epmd} read it), else {@value
     * #DEFAULT_PORT}.
     *
     * @return the port, 1..65535
     */
    public static int defaultPort() {
        return portFromEnvironment(System.getenv("ERL_EPMD_PORT"));
    }

    static int portFromEnvironment(String value) {
        if (value == null) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.trim());
            return port >= 1 && port <= 0xffff ? port : DEFAULT_PORT;
        } catch (NumberFormatException e) {
            return DEFAULT_PORT;
        }
    }

    /**
     * Returns the EPMD address this client talks to.
     *
     * @return host and port
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Registers a node (ALIVE2_REQ, answered by ALIVE2_X_RESP) and keeps the connection open: the
     * name stays registered until the returned registration is closed or EPMD goes away.
     *
     * @param alive the alive part of the node name (before {@code @}), 1 to 255 bytes of UTF-8
     * @param distributionPort where the node accepts distribution connections, 1..65535
     * @return the live registration with its creation
     * @throws EpmdException {@code NAME_IN_USE} if the name is taken, {@code UNREACHABLE} if no
     *     EPMD listens, {@code TIMEOUT} or {@code PROTOCOL} if it does not answer properly
     * @throws IllegalArgumentException if the name or port is invalid
     */
    public EpmdRegistration register(String alive, int distributionPort) throws EpmdException {
        byte[] name = EpmdProtocol.aliveBytes(alive);
        EpmdProtocol.checkPort(distributionPort, "distribution port");
        byte[] request = new byte[2 + EpmdProtocol.ALIVE2_FIXED_LENGTH + name.length];
        int i = putU16(request, 0, EpmdProtocol.ALIVE2_FIXED_LENGTH + name.length);
        request[i++] = (byte) EpmdProtocol.ALIVE2_REQ;
        i = putU16(request, i, distributionPort);
        request[i++] = (byte) EpmdProtocol.NODE_TYPE_NORMAL;
        request[i++] = (byte) EpmdProtocol.PROTOCOL_TCP;
        i = putU16(request, i, EpmdProtocol.DIST_VERSION);
        i = putU16(request, i, EpmdProtocol.DIST_VERSION);
        i = putU16(request, i, name.length);
        System.arraycopy(name, 0, request, i, name.length);
        i += name.length;
        putU16(request, i, 0); // no extra

        Exchange exchange = open("ALIVE2_REQ for '" + alive + "'");
        boolean registered = false;
        try {
            exchange.send(request);
            int tag = exchange.u8();
            int result;
            long creation;
            if (tag == EpmdProtocol.ALIVE2_X_RESP) {
                result = exchange.u8();
                creation = exchange.u32();
            } else if (tag == EpmdProtocol.ALIVE2_RESP) {
                result = exchange.u8();
                creation = exchange.u16();
            } else {
                throw exchange.protocol("the reply starts with tag " + tag + ", expected " + EpmdProtocol.ALIVE2_X_RESP
                        + " (ALIVE2_X_RESP)");
            }
            if (result != 0) {
                throw new EpmdException(
                        Kind.NAME_IN_USE,
                        "node name '" + alive + "' is already registered with EPMD at " + format(address)
                                + " (result " + result + "): another node on this host runs under that name."
                                + " Stop that node or choose another name.");
            }
            if (creation == 0) {
                throw exchange.protocol("the reply has creation 0, which is not a valid creation");
            }
            EpmdRegistration registration = new EpmdRegistration(alive, address, exchange.socket, (int) creation);
            registered = true;
            return registration;
        } finally {
            if (!registered) {
                exchange.close();
            }
        }
    }

    /**
     * Looks up the distribution port of a node (PORT_PLEASE2_REQ).
     *
     * @param alive the alive part of the node name
     * @return the port, or empty if the name is not registered
     * @throws EpmdException if EPMD cannot be reached or answers badly
     * @throws IllegalArgumentException if the name is invalid
     */
    public OptionalInt portOf(String alive) throws EpmdException {
        Optional<EpmdEntry> entry = lookup(alive);
        return entry.isPresent() ? OptionalInt.of(entry.get().port()) : OptionalInt.empty();
    }

    /**
     * Looks up everything EPMD knows about a node (PORT_PLEASE2_REQ): port, node type and the
     * distribution versions it announced.
     *
     * @param alive the alive part of the node name
     * @return the entry, or empty if the name is not registered
     * @throws EpmdException if EPMD cannot be reached or answers badly
     * @throws IllegalArgumentException if the name is invalid
     */
    public Optional<EpmdEntry> lookup(String alive) throws EpmdException {
        byte[] name = EpmdProtocol.aliveBytes(alive);
        byte[] request = new byte[3 + name.length];
        int i = putU16(request, 0, 1 + name.length);
        request[i++] = (byte) EpmdProtocol.PORT_PLEASE2_REQ;
        System.arraycopy(name, 0, request, i, name.length);
        try (Exchange exchange = open("PORT_PLEASE2_REQ for '" + alive + "'")) {
            exchange.send(request);
            int tag = exchange.u8();
            if (tag != EpmdProtocol.PORT2_RESP) {
                throw exchange.protocol(
                        "the reply starts with tag " + tag + ", expected " + EpmdProtocol.PORT2_RESP + " (PORT2_RESP)");
            }
            if (exchange.u8() != 0) {
                return Optional.empty();
            }
            int port = exchange.u16();
            int nodeType = exchange.u8();
            int protocol = exchange.u8();
            int highest = exchange.u16();
            int lowest = exchange.u16();
            int nameLength = exchange.u16();
            if (nameLength != name.length) {
                throw exchange.protocol(
                        "the reply names a node of " + nameLength + " bytes, but '" + alive + "' has " + name.length);
            }
            byte[] echoed = exchange.bytes(nameLength);
            if (!Arrays.equals(echoed, name)) {
                throw exchange.protocol(
                        "the reply is for another node, '" + new String(echoed, StandardCharsets.UTF_8) + "'");
            }
            exchange.skip(exchange.u16()); // extra
            if (port == 0) {
                throw exchange.protocol("the reply has port 0");
            }
            return Optional.of(new EpmdEntry(alive, port, nodeType, protocol, highest, lowest));
        }
    }

    /**
     * Lists the registered nodes (NAMES_REQ).
     *
     * @return alive name to distribution port, in the order EPMD listed them
     * @throws EpmdException if EPMD cannot be reached or answers badly
     */
    public Map<String, Integer> names() throws EpmdException {
        try (Exchange exchange = open("NAMES_REQ")) {
            exchange.send(new byte[] {0, 1, (byte) EpmdProtocol.NAMES_REQ});
            exchange.u32(); // EPMD's own port
            byte[] lines = exchange.readToEnd(EpmdProtocol.MAX_NAMES_REPLY_BYTES);
            try {
                return parseNames(lines);
            } catch (IllegalArgumentException e) {
                throw exchange.protocol(e.getMessage());
            }
        }
    }

    /**
     * Parses the text of a NAMES reply: lines {@code name <Name> at port <Port>\n}.
     *
     * @throws IllegalArgumentException if a line does not have that form
     */
    static Map<String, Integer> parseNames(byte[] text) {
        Map<String, Integer> names = new LinkedHashMap<>();
        int start = 0;
        while (start < text.length) {
            int end = start;
            while (end < text.length && text[end] != '\n') {
                end++;
            }
            if (end == text.length) {
                throw new IllegalArgumentException("the last line of the names list does not end with a newline");
            }
            String line = new String(text, start, end - start, StandardCharsets.UTF_8);
            int at = line.lastIndexOf(" at port ");
            if (!line.startsWith("name ") || at < 5) {
                throw new IllegalArgumentException("a line of the names list is not 'name <Name> at port <Port>'");
            }
            String name = line.substring(5, at);
            String digits = line.substring(at + 9);
            int port = parsePort(digits);
            if (name.isEmpty() || port < 0) {
                throw new IllegalArgumentException("a line of the names list has no name or an invalid port: 'name "
                        + name + " at port " + digits.substring(0, Math.min(digits.length(), 16)) + "'");
            }
            names.put(name, port);
            start = end + 1;
        }
        return Collections.unmodifiableMap(names);
    }

    private static int parsePort(String digits) {
        if (digits.isEmpty() || digits.length() > 5) {
            return -1;
        }
        int port = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port >= 1 && port <= 0xffff ? port : -1; // 0 is no port, as lookup() holds too
    }

    /**
     * Tells whether something accepts TCP connections at the EPMD address within the timeout.
     *
     * @return whether a connection could be opened
     */
    public boolean isReachable() {
        try {
            open("a reachability probe").close();
            return true;
        } catch (EpmdException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "EpmdClient[" + format(address) + ", timeout " + timeout + "]";
    }

    private static int putU16(byte[] into, int at, int value) {
        into[at] = (byte) (value >>> 8);
        into[at + 1] = (byte) value;
        return at + 2;
    }

    private Exchange open(String request) throws EpmdException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, timeoutMillis);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new EpmdException(
                    Kind.TIMEOUT,
                    "could not connect to EPMD at " + format(address) + " within " + timeout + " (" + request
                            + "). Check that EPMD runs and is not overloaded, or raise the timeout.",
                    e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw new EpmdException(
                    Kind.UNREACHABLE,
                    "no EPMD answers at " + format(address) + " (" + e.getMessage() + "). Start one with 'epmd"
                            + " -daemon' (add '-port N' and set ERL_EPMD_PORT=N for another port than "
                            + DEFAULT_PORT + "), or check the EPMD address and port.",
                    e);
        }
        return new Exchange(socket, request, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** One request and its reply on one socket, all within one deadline. */
    private final class Exchange implements AutoCloseable {
        final Socket socket;
        private final String request;
        private final long deadline;
        private final byte[] buffer = new byte[512];
        private InputStream in;
        private int position;
        private int limit;
        private long received;

        Exchange(Socket socket, String request, long deadline) {
            this.socket = socket;
            this.request = request;
            this.deadline = deadline;
        }

        void send(byte[] bytes) throws EpmdException {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes);
                out.flush();
                in = socket.getInputStream();
            } catch (IOException e) {
                throw failed(e);
            }
        }

        int u8() throws EpmdException {
            return read(true);
        }

        int u16() throws EpmdException {
            return (u8() << 8) | u8();
        }

        long u32() throws EpmdException {
            return ((long) u16() << 16) | u16();
        }

        byte[] bytes(int count) throws EpmdException {
            byte[] bytes = new byte[count];
            for (int i = 0; i < count; i++) {
                bytes[i] = (byte) u8();
            }
            return bytes;
        }

        void skip(int count) throws EpmdException {
            for (int i = 0; i < count; i++) {
                u8();
            }
        }

        byte[] readToEnd(int max) throws EpmdException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            int b;
            while ((b = read(false)) >= 0) {
                if (bytes.size() == max) {
                    throw protocol("the reply is longer than " + max + " bytes");
                }
                bytes.write(b);
            }
            return bytes.toByteArray();
        }

        /** Reads one byte; at the end of the stream returns -1, or fails if {@code required}. */
        private int read(boolean required) throws EpmdException {
            if (position == limit && !fill()) {
                if (required) {
                    throw protocol(
                            received == 0
                                    ? "EPMD closed the connection without answering"
                                    : "EPMD closed the connection after " + received + " bytes of its reply");
                }
                return -1;
            }
            return buffer[position++] & 0xff;
        }

        private boolean fill() throws EpmdException {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                if (left <= 0) {
                    throw new SocketTimeoutException("deadline passed");
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                int n = in.read(buffer);
                if (n <= 0) {
                    return false;
                }
                position = 0;
                limit = n;
                received += n;
                return true;
            } catch (SocketTimeoutException e) {
                throw new EpmdException(
                        Kind.TIMEOUT,
                        "EPMD at " + format(address) + " did not answer " + request + " within " + timeout
                                + ". Check that the process on that port is an EPMD, or raise the timeout.",
                        e);
            } catch (IOException e) {
                throw failed(e);
            }
        }

        EpmdException protocol(String problem) {
            return new EpmdException(
                    Kind.PROTOCOL,
                    "EPMD at " + format(address) + " gave an invalid answer to " + request + ": " + problem
                            + ". Check that the process on that port is an EPMD.");
        }

        private EpmdException failed(IOException e) {
            return new EpmdException(
                    Kind.UNREACHABLE,
                    "the connection to EPMD at " + format(address) + " failed during " + request + " (" + e.getMessage()
                            + ")",
                    e);
        }

        @Override
        public void close() {
            closeQuietly(socket);
        }
    }
}

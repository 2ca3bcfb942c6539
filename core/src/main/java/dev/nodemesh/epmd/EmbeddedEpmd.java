package dev.nodemesh.epmd;

import static dev.nodemesh.epmd.EpmdProtocol.format;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An EPMD server inside the JVM, speaking the protocol of the real {@code epmd}: real {@code erl}
 * nodes register with it and look nodes up through it, and so does {@link EpmdClient}.
 *
 * <p>It answers ALIVE2_REQ (ALIVE2_X_RESP for HighestVersion 6 and up, the legacy ALIVE2_RESP
 * below), PORT_PLEASE2_REQ, NAMES_REQ and DUMP_REQ; KILL_REQ and STOP_REQ are refused by closing
 * the connection, as {@code epmd} does without {@code -relaxed_command_check}. A registration
 * lives exactly as long as its connection. As {@code epmd}, it takes registrations and answers
 * DUMP_REQ only from peers on this host: a connection from a loopback address ({@code 127.0.0.0/8},
 * {@code ::1}), or from the very address it was made to (the host talking to itself over one of
 * its own interfaces); from anyone else these requests close the connection unanswered. Creations follow {@code epmd}: the current Unix time in seconds
 * plus one for a name never seen, one more for each re-registration of a name, never zero.
 *
 * <p>Hostile input closes only the connection it came on, with at most one DEBUG log line:
 * requests are at most {@value EpmdProtocol#MAX_REQUEST_LENGTH} bytes, a connection must complete
 * its request (and a one-shot connection its whole exchange) within a deadline of 10 seconds, and
 * at most 4096 connections are served at once.
 *
 * <p>It runs on one Netty event loop thread of its own, which {@link #close()} releases.
 */
public final class EmbeddedEpmd implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedEpmd.class);

    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_MAX_CONNECTIONS = 4096;
    private static final int REMEMBERED_CREATIONS = 4096;
    private static final byte[] NAME_IN_USE_X = {(byte) EpmdProtocol.ALIVE2_X_RESP, 1, 0, 0, 0, 99};
    private static final byte[] NAME_IN_USE_LEGACY = {(byte) EpmdProtocol.ALIVE2_RESP, 1, 0, 0};
    private static final byte[] NOT_FOUND = {(byte) EpmdProtocol.PORT2_RESP, 1};

    private final long requestTimeoutNanos;
    private final int maxConnections;
    private final EventLoopGroup group;
    private final ChannelGroup connections;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object lock = new Object();
    private final Map<String, Node> nodes = new LinkedHashMap<>(); // guarded by lock
    private final Map<String, Long> creations = new LinkedHashMap<>() { // guarded by lock
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                    return size() > REMEMBERED_CREATIONS;
                }
            };
    private volatile Thread.UncaughtExceptionHandler onError;
    private volatile Consumer<Throwable> failureObserver = cause -> {};
    private volatile Channel listener;
    private volatile Channel loopbackListener;
    private volatile InetSocketAddress address;
    private long connectionSerial; // event loop only

    private EmbeddedEpmd(Duration requestTimeout, int maxConnections) {
        this.requestTimeoutNanos = requestTimeout.toNanos();
        this.maxConnections = maxConnections;
        this.group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("nodemesh-epmd-server", true), NioIoHandler.newFactory());
        this.connections = new DefaultChannelGroup("nodemesh-epmd", group.next());
    }

    /**
     * Starts an EPMD listening at {@code bind}; when that is one address other than every
     * interface or {@code 127.0.0.1}, also on {@code 127.0.0.1} at the same port, as {@code epmd}
     * adds loopback to the addresses given with {@code -address}, since nodes register there.
     *
     * @param bind the address to listen on, for example {@code 127.0.0.1:4369}; port 0 picks a
     *     free port
     * @return the running EPMD
     * @throws BindException if the port is taken (typically by another EPMD) or the address is
     *     not one of this host's
     * @throws IOException if listening fails otherwise
     */
    public static EmbeddedEpmd start(InetSocketAddress bind) throws IOException {
        return start(bind, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * Starts an EPMD with its own limits (for tests).
     *
     * @param requestTimeout how long a connection may take to send a complete request, and a
     *     one-shot connection to finish altogether
     * @param maxConnections how many connections are served at once
     */
    static EmbeddedEpmd start(InetSocketAddress bind, Duration requestTimeout, int maxConnections) throws IOException {
        Objects.requireNonNull(bind, "bind");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        EmbeddedEpmd epmd = new EmbeddedEpmd(requestTimeout, maxConnections);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(epmd.group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        epmd.accept(channel);
                    }
                });
        ChannelFuture bound = bootstrap.bind(bind).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            epmd.shutdownGroup();
            throw bindFailure(bind, bound.cause());
        }
        epmd.listener = bound.channel();
        epmd.address = (InetSocketAddress) epmd.listener.localAddress();
        InetAddress host = epmd.address.getAddress();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        if (!host.isAnyLocalAddress() && !host.equals(loopback)) {
            // as epmd -address: nodes on this host register at loopback, whatever else is given
            InetSocketAddress local = new InetSocketAddress(loopback, epmd.address.getPort());
            ChannelFuture also = bootstrap.bind(local).awaitUninterruptibly();
            if (!also.isSuccess()) {
                epmd.listener.close().awaitUninterruptibly();
                epmd.shutdownGroup();
                throw bindFailure(local, also.cause());
            }
            epmd.loopbackListener = also.channel();
            log.info("embedded EPMD listening on {} and {}", format(epmd.address), format(local));
        } else {
            log.info("embedded EPMD listening on {}", format(epmd.address));
        }
        return epmd;
    }

    private static IOException bindFailure(InetSocketAddress bind, Throwable cause) {
        if (cause instanceof BindException) {
            BindException e = new BindException("cannot start an embedded EPMD on " + format(bind) + ": "
                    + cause.getMessage() + " (is another EPMD running there?)");
            e.initCause(cause);
            return e;
        }
        if (cause instanceof IOException) {
            return (IOException) cause;
        }
        return new IOException("cannot start an embedded EPMD on " + format(bind) + ": " + cause, cause);
    }

    /**
     * Hands every {@link Error} raised on this EPMD's thread (out of memory, a stack overflow) to a
     * handler, on that thread: the node that hosts this EPMD closes, and the others re-register.
     * Without one, the connection that met the error is closed and the error logged at DEBUG.
     *
     * @param handler the handler
     */
    public void onError(Thread.UncaughtExceptionHandler handler) {
        this.onError = handler;
    }

    /**
     * Returns the port this EPMD listens on.
     *
     * @return the port
     */
    public int port() {
        return address.getPort();
    }

    /**
     * Returns the address this EPMD listens on.
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Returns a snapshot of the registered nodes.
     *
     * @return alive name to distribution port, oldest registration first
     */
    public Map<String, Integer> registrations() {
        Map<String, Integer> copy = new LinkedHashMap<>();
        synchronized (lock) {
            nodes.forEach((name, node) -> copy.put(name, node.port));
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Stops listening, closes every connection (which unregisters those nodes; they see their
     * registration lost) and releases the thread. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listener.close().awaitUninterruptibly();
        if (loopbackListener != null) {
            loopbackListener.close().awaitUninterruptibly();
        }
        connections.close().awaitUninterruptibly();
        synchronized (lock) {
            nodes.clear();
        }
        shutdownGroup();
        log.debug("embedded EPMD on {} stopped", format(address));
    }

    private void shutdownGroup() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "EmbeddedEpmd[" + (address == null ? "unbound" : format(address)) + (closed.get() ? ", closed" : "")
                + "]";
    }

    /**
     * For tests: shows every exception a client connection meets (a reset by the peer as much as a
     * bug), before the connection is closed.
     *
     * @param observer called on this EPMD's thread
     */
    void observeFailures(Consumer<Throwable> observer) {
        this.failureObserver = Objects.requireNonNull(observer, "observer");
    }

    /** Serves a new client connection (package-private so that tests can serve in-memory channels). */
    void accept(Channel channel) {
        connections.add(channel);
        if (closed.get()) {
            channel.close();
        } else if (connections.size() > maxConnections) {
            log.debug(
                    "embedded EPMD {}: closing connection from {}: more than {} connections",
                    listenPort(channel),
                    channel.remoteAddress(),
                    maxConnections);
            channel.close();
        } else {
            channel.pipeline().addLast(new Connection(++connectionSerial));
        }
    }

    private static int listenPort(Channel channel) {
        SocketAddress local = channel.localAddress();
        return local instanceof InetSocketAddress ? ((InetSocketAddress) local).getPort() : 0;
    }

    private static boolean isLocalPeer(Channel channel) {
        SocketAddress remote = channel.remoteAddress();
        SocketAddress local = channel.localAddress();
        if (!(remote instanceof InetSocketAddress) || !(local instanceof InetSocketAddress)) {
            return false;
        }
        InetAddress peer = ((InetSocketAddress) remote).getAddress();
        return peer != null && (peer.isLoopbackAddress() || peer.equals(((InetSocketAddress) local).getAddress()));
    }

    private static String decodeName(byte[] bytes, int offset, int length) {
        try {
            String name = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
            return name.indexOf('\0') >= 0 ? null : name;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int u16(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
    }

    /**
     * Seeds the creation of a name seen for the first time: about the Unix time, as epmd does, plus
     * a random offset, so that an EPMD taking over from another one in the same second does not hand
     * out a creation the old one gave the same name (which would make a restarted node's pids equal
     * to its previous incarnation's).
     */
    private static long firstCreation() {
        long seconds = System.currentTimeMillis() / 1000 + 1;
        return (seconds + java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 16)) & 0xffffffffL;
    }

    /** Assigns the creation for a registration of {@code name}; called under the lock. */
    private long nextCreation(String name) {
        Long previous = creations.remove(name);
        long creation = previous == null ? firstCreation() : (previous + 1) & 0xffffffffL;
        if (creation == 0) {
            creation = 1;
        }
        creations.put(name, creation);
        return creation;
    }

    /** A registered node, as its ALIVE2_REQ gave it. */
    private static final class Node {
        final String name;
        final byte[] nameBytes;
        final int port;
        final int nodeType;
        final int protocol;
        final int highest;
        final int lowest;
        final byte[] extra;
        final long serial;

        Node(String name, byte[] request, int nameLength, long serial) {
            this.name = name;
            this.nameBytes = Arrays.copyOfRange(request, 11, 11 + nameLength);
            this.port = u16(request, 1);
            this.nodeType = request[3] & 0xff;
            this.protocol = request[4] & 0xff;
            this.highest = u16(request, 5);
            this.lowest = u16(request, 7);
            this.extra = Arrays.copyOfRange(request, 13 + nameLength, request.length);
            this.serial = serial;
        }
    }

    private enum State {
        READING,
        REGISTERED,
        REPLIED,
        CLOSED
    }

    /** One client connection: reads one request, then either registers or replies and closes. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private final long serial;
        private final byte[] header = new byte[2];
        private int headerRead;
        private byte[] request;
        private int requestRead;
        private State state = State.READING;
        private ScheduledFuture<?> deadline;
        private Node node;

        Connection(long serial) {
            this.serial = serial;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            deadline = ctx.executor().schedule(() -> expire(ctx), requestTimeoutNanos, TimeUnit.NANOSECONDS);
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (node != null) {
                boolean removed;
                synchronized (lock) {
                    removed = nodes.remove(node.name, node);
                }
                if (removed) {
                    log.debug("embedded EPMD {}: '{}' unregistered", listenPort(ctx.channel()), node.name);
                }
            }
            state = State.CLOSED;
            ctx.fireChannelInactive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            ByteBuf in = (ByteBuf) msg;
            try {
                while (state == State.READING && in.isReadable()) {
                    if (headerRead < 2) {
                        header[headerRead++] = in.readByte();
                        if (headerRead == 2) {
                            int length = u16(header, 0);
                            if (length == 0 || length > EpmdProtocol.MAX_REQUEST_LENGTH) {
                                reject(
                                        ctx,
                                        "request length " + length + " is not 1.." + EpmdProtocol.MAX_REQUEST_LENGTH);
                                return;
                            }
                            request = new byte[length];
                        }
                    } else {
                        int n = Math.min(in.readableBytes(), request.length - requestRead);
                        in.readBytes(request, requestRead, n);
                        requestRead += n;
                        if (requestRead == request.length) {
                            handle(ctx, request);
                        }
                    }
                }
                // after the one request, anything else the peer sends is ignored
            } finally {
                in.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failureObserver.accept(cause);
            Thread.UncaughtExceptionHandler handler = onError;
            if (cause instanceof Error error && handler != null) {
                handler.uncaughtException(Thread.currentThread(), error);
            }
            if (state != State.CLOSED) {
                state = State.CLOSED;
                log.debug(
                        "embedded EPMD {}: connection from {} failed: {}",
                        listenPort(ctx.channel()),
                        ctx.channel().remoteAddress(),
                        cause.toString());
            }
            ctx.close();
        }

        private void expire(ChannelHandlerContext ctx) {
            if (state == State.READING) {
                reject(ctx, "no complete request within " + Duration.ofNanos(requestTimeoutNanos));
            } else if (state == State.REPLIED) {
                state = State.CLOSED;
                ctx.close();
            }
        }

        private void reject(ChannelHandlerContext ctx, String reason) {
            state = State.CLOSED;
            log.debug(
                    "embedded EPMD {}: closing connection from {}: {}",
                    listenPort(ctx.channel()),
                    ctx.channel().remoteAddress(),
                    reason);
            ctx.close();
        }

        private void reply(ChannelHandlerContext ctx, ByteBuf answer) {
            state = State.REPLIED;
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        }

        private void handle(ChannelHandlerContext ctx, byte[] request) {
            int tag = request[0] & 0xff;
            switch (tag) {
                case EpmdProtocol.ALIVE2_REQ:
                    alive2(ctx, request);
                    break;
                case EpmdProtocol.PORT_PLEASE2_REQ:
                    portPlease(ctx, request);
                    break;
                case EpmdProtocol.NAMES_REQ:
                    names(ctx, request, false);
                    break;
                case EpmdProtocol.DUMP_REQ:
                    if (isLocalPeer(ctx.channel())) {
                        names(ctx, request, true);
                    } else {
                        reject(ctx, "DUMP_REQ from a non-local address");
                    }
                    break;
                case EpmdProtocol.KILL_REQ:
                case EpmdProtocol.STOP_REQ:
                    reject(ctx, (tag == EpmdProtocol.KILL_REQ ? "KILL_REQ" : "STOP_REQ") + " refused");
                    break;
                default:
                    reject(ctx, "unknown request tag " + tag);
            }
        }

        private void alive2(ChannelHandlerContext ctx, byte[] request) {
            int length = request.length;
            if (length < EpmdProtocol.ALIVE2_FIXED_LENGTH) {
                reject(ctx, "ALIVE2_REQ of " + length + " bytes is too short");
                return;
            }
            int nameLength = u16(request, 9);
            if (nameLength < 1
                    || nameLength > EpmdProtocol.MAX_NAME_BYTES
                    || EpmdProtocol.ALIVE2_FIXED_LENGTH + nameLength > length
                    || EpmdProtocol.ALIVE2_FIXED_LENGTH + nameLength + u16(request, 11 + nameLength) != length) {
                reject(ctx, "ALIVE2_REQ lengths do not add up (name " + nameLength + ", request " + length + ")");
                return;
            }
            String name = decodeName(request, 11, nameLength);
            if (name == null) {
                reject(ctx, "ALIVE2_REQ name is not UTF-8 without NUL");
                return;
            }
            if (u16(request, 1) == 0) {
                reject(ctx, "ALIVE2_REQ with port 0");
                return;
            }
            if (!isLocalPeer(ctx.channel())) {
                reject(ctx, "ALIVE2_REQ from a non-local address");
                return;
            }
            Node candidate = new Node(name, request, nameLength, serial);
            long creation = -1;
            synchronized (lock) {
                if (!closed.get() && !nodes.containsKey(name)) {
                    creation = nextCreation(name);
                    nodes.put(name, candidate);
                }
            }
            boolean extended = candidate.highest >= EpmdProtocol.DIST_VERSION;
            if (creation < 0) {
                log.debug("embedded EPMD {}: '{}' is already registered", listenPort(ctx.channel()), name);
                reply(ctx, ctx.alloc().buffer(6).writeBytes(extended ? NAME_IN_USE_X : NAME_IN_USE_LEGACY));
                return;
            }
            node = candidate;
            state = State.REGISTERED;
            deadline.cancel(false);
            ByteBuf answer = ctx.alloc().buffer(6);
            if (extended) {
                answer.writeByte(EpmdProtocol.ALIVE2_X_RESP).writeByte(0).writeInt((int) creation);
            } else {
                answer.writeByte(EpmdProtocol.ALIVE2_RESP).writeByte(0).writeShort((int) (creation % 3) + 1);
            }
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            log.debug(
                    "embedded EPMD {}: '{}' registered on port {}, creation {}",
                    listenPort(ctx.channel()),
                    name,
                    candidate.port,
                    creation);
        }

        private void portPlease(ChannelHandlerContext ctx, byte[] request) {
            int nameLength = request.length - 1;
            if (nameLength < 1 || nameLength > EpmdProtocol.MAX_NAME_BYTES) {
                reject(ctx, "PORT_PLEASE2_REQ name of " + nameLength + " bytes");
                return;
            }
            String name = decodeName(request, 1, nameLength);
            Node found;
            synchronized (lock) {
                found = name == null ? null : nodes.get(name);
            }
            if (found == null) {
                reply(ctx, ctx.alloc().buffer(2).writeBytes(NOT_FOUND));
                return;
            }
            ByteBuf answer = ctx.alloc().buffer(14 + found.nameBytes.length + found.extra.length);
            answer.writeByte(EpmdProtocol.PORT2_RESP)
                    .writeByte(0)
                    .writeShort(found.port)
                    .writeByte(found.nodeType)
                    .writeByte(found.protocol)
                    .writeShort(found.highest)
                    .writeShort(found.lowest)
                    .writeShort(found.nameBytes.length)
                    .writeBytes(found.nameBytes)
                    .writeShort(found.extra.length)
                    .writeBytes(found.extra);
            reply(ctx, answer);
        }

        private void names(ChannelHandlerContext ctx, byte[] request, boolean dump) {
            if (request.length != 1) {
                reject(ctx, (dump ? "DUMP_REQ" : "NAMES_REQ") + " of " + request.length + " bytes");
                return;
            }
            List<Node> listed;
            synchronized (lock) {
                listed = new ArrayList<>(nodes.values());
            }
            StringBuilder text = new StringBuilder(listed.size() * 32);
            for (Node n : listed) {
                if (dump) {
                    text.append("active name     ")
                            .append(n.name)
                            .append(" at port ")
                            .append(n.port)
                            .append(", fd = ")
                            .append(n.serial)
                            .append('\n');
                } else {
                    text.append("name ")
                            .append(n.name)
                            .append(" at port ")
                            .append(n.port)
                            .append('\n');
                }
            }
            byte[] lines = text.toString().getBytes(StandardCharsets.UTF_8);
            reply(
                    ctx,
                    ctx.alloc()
                            .buffer(4 + lines.length)
                            .writeInt(listenPort(ctx.channel()))
                            .writeBytes(lines));
        }
    }
}

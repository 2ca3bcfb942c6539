package dev.nodemesh.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.Future;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one version-6 handshake on a channel, as initiator (the side that dialled) or as acceptor.
 *
 * <p>Every handshake message is framed as {@code u16 length | tag | body}, or {@code u32 length |
 * tag | body} inside TLS ({@link #fourByteLengths()}). A length above {@value
 * #MAX_FRAME} bytes, a zero length, an unexpected tag or a body too short for its message ends the
 * handshake; bytes after the known fields of a message are ignored, as the protocol asks. The
 * whole handshake has one deadline, counted from when the handler is added.
 *
 * <p>The outcome is a user event fired towards the handlers after this one: {@link
 * HandshakeCompleted} on success, after which this handler removes itself and passes any bytes it
 * already received on down the pipeline; or {@link HandshakeFailed}, after which it closes the
 * channel and discards whatever else arrives. The handler logs nothing above DEBUG.
 *
 * <p>An acceptor may also have a shorter deadline for the initiator's first message, its name: a
 * real peer sends it as soon as it has connected, so a connection that stays silent is closed
 * long before the whole handshake's deadline.
 *
 * <pre>{@code
 * pipeline.addLast("handshake", HandshakeHandler.initiator(identity, "erl@host", Duration.ofSeconds(7)));
 * pipeline.addLast("connection", connectionHandler); // installs the framing on HandshakeCompleted
 * }</pre>
 */
public final class HandshakeHandler extends ByteToMessageDecoder {

    /** The longest handshake message accepted, tag included, in bytes. */
    public static final int MAX_FRAME = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final byte TAG_NAME = 'N';
    private static final byte TAG_LEGACY_NAME = 'n';
    private static final byte TAG_STATUS = 's';
    private static final byte TAG_REPLY = 'r';
    private static final byte TAG_ACK = 'a';

    /** The fixed fields of the initiator's {@code 'N'}: flags, creation, name length. */
    private static final int NAME_FIXED = 8 + 4 + 2;
    /** The fixed fields of the acceptor's {@code 'N'}: flags, challenge, creation, name length. */
    private static final int CHALLENGE_FIXED = 8 + 4 + 4 + 2;

    private static final int MAX_SHOWN_CHARS = 300;

    private enum Step {
        /** Initiator, before its name was sent. */
        SEND_NAME,
        AWAIT_STATUS,
        AWAIT_CHALLENGE,
        AWAIT_ACK,
        /** Acceptor. */
        AWAIT_NAME,
        AWAIT_ALIVE_ANSWER,
        AWAIT_REPLY,
        COMPLETED,
        FAILED
    }

    private final boolean initiator;
    private final HandshakeIdentity local;
    private final byte[] cookie;
    private final String expectedPeerName;
    private final HandshakeArbiter arbiter;
    private final long timeoutNanos;
    private final long nameTimeoutNanos;
    private final IntSupplier challenges;

    /** The size of each message's length prefix: 2 on plain TCP, 4 inside TLS. */
    private int lengthBytes = 2;

    private Step step;
    private ChannelHandlerContext ctx;
    private Future<?> deadline;
    private Future<?> nameDeadline;
    private String peerName;
    private long peerFlags;
    private int peerCreation;
    private int ourChallenge;

    private HandshakeHandler(
            boolean initiator,
            HandshakeIdentity local,
            String expectedPeerName,
            HandshakeArbiter arbiter,
            Duration timeout,
            Duration nameTimeout,
            IntSupplier challenges) {
        this.initiator = initiator;
        this.local = Objects.requireNonNull(local, "local");
        this.cookie = local.cookie();
        this.expectedPeerName = expectedPeerName;
        this.arbiter = arbiter;
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeoutNanos = saturatedNanos(timeout);
        Objects.requireNonNull(nameTimeout, "nameTimeout");
        if (nameTimeout.isNegative() || nameTimeout.isZero()) {
            throw new IllegalArgumentException("name timeout must be positive, got " + nameTimeout);
        }
        this.nameTimeoutNanos = Math.min(saturatedNanos(nameTimeout), timeoutNanos);
        this.challenges = Objects.requireNonNull(challenges, "challenges");
        this.step = initiator ? Step.SEND_NAME : Step.AWAIT_NAME;
        this.peerName = expectedPeerName;
    }

    /**
     * Creates the handler for a connection this node dialled.
     *
     * @param local this node's identity
     * @param expectedPeerName the full name of the node dialled; the peer must announce exactly it
     * @param timeout the deadline for the whole handshake, counted from when the handler is added
     * @return a handler for one channel
     * @throws IllegalArgumentException if the name is not {@code alive@host} or the timeout is not
     *     positive
     */
    public static HandshakeHandler initiator(HandshakeIdentity local, String expectedPeerName, Duration timeout) {
        return initiator(local, expectedPeerName, timeout, RANDOM::nextInt);
    }

    static HandshakeHandler initiator(
            HandshakeIdentity local, String expectedPeerName, Duration timeout, IntSupplier challenges) {
        Objects.requireNonNull(expectedPeerName, "expectedPeerName");
        String problem = HandshakeIdentity.nodeNameProblem(expectedPeerName);
        if (problem != null) {
            throw new IllegalArgumentException("invalid peer name '" + expectedPeerName + "': " + problem);
        }
        return new HandshakeHandler(true, local, expectedPeerName, null, timeout, timeout, challenges);
    }

    /**
     * Creates the handler for a connection this node accepted.
     *
     * @param local this node's identity; its name is announced exactly as configured
     * @param arbiter decides whether the initiator may go on
     * @param timeout the deadline for the whole handshake, counted from when the handler is added
     * @return a handler for one channel
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public static HandshakeHandler acceptor(HandshakeIdentity local, HandshakeArbiter arbiter, Duration timeout) {
        return acceptor(local, arbiter, timeout, timeout, RANDOM::nextInt);
    }

    /**
     * Creates the handler for a connection this node accepted, with a shorter deadline for the
     * initiator's name message.
     *
     * @param local this node's identity; its name is announced exactly as configured
     * @param arbiter decides whether the initiator may go on
     * @param timeout the deadline for the whole handshake, counted from when the handler is added
     * @param nameTimeout the deadline for the initiator's complete name message, counted from the
     *     same moment; a longer one than {@code timeout} counts as {@code timeout}
     * @return a handler for one channel
     * @throws IllegalArgumentException if a timeout is not positive
     */
    public static HandshakeHandler acceptor(
            HandshakeIdentity local, HandshakeArbiter arbiter, Duration timeout, Duration nameTimeout) {
        return acceptor(local, arbiter, timeout, nameTimeout, RANDOM::nextInt);
    }

    static HandshakeHandler acceptor(
            HandshakeIdentity local, HandshakeArbiter arbiter, Duration timeout, IntSupplier challenges) {
        return acceptor(local, arbiter, timeout, timeout, challenges);
    }

    static HandshakeHandler acceptor(
            HandshakeIdentity local,
            HandshakeArbiter arbiter,
            Duration timeout,
            Duration nameTimeout,
            IntSupplier challenges) {
        Objects.requireNonNull(arbiter, "arbiter");
        return new HandshakeHandler(false, local, null, arbiter, timeout, nameTimeout, challenges);
    }

    /**
     * Frames this handshake's messages with 4-byte lengths instead of 2-byte ones, as OTP's TLS
     * distribution ({@code inet_tls_dist}) does inside TLS. Call before adding the handler.
     *
     * @return this handler
     */
    public HandshakeHandler fourByteLengths() {
        if (ctx != null) {
            throw new IllegalStateException("the handshake has started");
        }
        this.lengthBytes = 4;
        return this;
    }

    /**
     * Ends the handshake running on a channel with {@link HandshakeFailure#EVICTED}, as if the peer
     * had failed it: the outcome is reported as usual and the channel closed. Does nothing when the
     * handshake is over. May be called from any thread.
     *
     * @param channel the channel
     * @param detail why, for the failure's message
     */
    public static void evict(Channel channel, String detail) {
        try {
            channel.eventLoop().execute(() -> {
                HandshakeHandler handler = channel.pipeline().get(HandshakeHandler.class);
                if (handler != null && handler.ctx != null) {
                    handler.fail(HandshakeFailure.EVICTED, detail, null);
                } else {
                    channel.close();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            channel.close();
        }
    }

    // ---- channel events ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        deadline = ctx.executor().schedule(this::deadlinePassed, timeoutNanos, TimeUnit.NANOSECONDS);
        if (step == Step.AWAIT_NAME && nameTimeoutNanos < timeoutNanos) {
            nameDeadline = ctx.executor().schedule(this::nameDeadlinePassed, nameTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!finished()) {
            fail(
                    HandshakeFailure.CONNECTION_CLOSED,
                    "the connection closed during the handshake" + likelyCause(),
                    null);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent && !finished()) {
            fail(
                    HandshakeFailure.CONNECTION_CLOSED,
                    "the peer shut its output down during the handshake" + likelyCause(),
                    null);
        } else if (evt instanceof SslHandshakeCompletionEvent tls && !tls.isSuccess() && !finished()) {
            fail(HandshakeFailure.TLS_HANDSHAKE, TlsFailures.describe(tls.cause()), tls.cause());
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Error) {
            // out of memory, a stack overflow: not this handshake's fault; the pipeline's end reports it
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (!finished() && TlsFailures.isTls(cause)) {
            // with TLS 1.3 the dialer's TLS handshake ends before the acceptor has checked its
            // certificate: a refusal then arrives as an alert during the cookie handshake
            fail(HandshakeFailure.TLS_HANDSHAKE, TlsFailures.describe(cause), cause);
        } else if (!finished()) {
            fail(HandshakeFailure.CONNECTION_CLOSED, "the connection failed: " + cause, cause);
        } else if (step == Step.FAILED) {
            LOG.debug("ignored after a failed handshake on {}", ctx.channel(), cause);
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelDeadline();
    }

    private void start() {
        if (step != Step.SEND_NAME) {
            return;
        }
        byte[] name = local.nodeName().getBytes(StandardCharsets.UTF_8);
        ByteBuf out = message(1 + NAME_FIXED + name.length);
        out.writeByte(TAG_NAME);
        out.writeLong(local.flags());
        out.writeInt(local.creation());
        out.writeShort(name.length);
        out.writeBytes(name);
        step = Step.AWAIT_STATUS;
        ctx.writeAndFlush(out);
    }

    private void deadlinePassed() {
        if (!finished()) {
            fail(
                    HandshakeFailure.TIMEOUT,
                    "no complete handshake within " + Duration.ofNanos(timeoutNanos) + " ("
                            + (tlsUnfinished()
                                    ? "the TLS handshake did not finish: a silent or plaintext peer?"
                                    : "at step " + step)
                            + ")",
                    null);
        }
    }

    /** Tells whether the connection runs TLS whose handshake is still going on. */
    private boolean tlsUnfinished() {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        return tls != null && !tls.handshakeFuture().isDone();
    }

    private void nameDeadlinePassed() {
        if (step == Step.AWAIT_NAME) {
            fail(
                    HandshakeFailure.TIMEOUT,
                    "no complete name message within " + Duration.ofNanos(nameTimeoutNanos)
                            + (tlsUnfinished() ? " (the TLS handshake did not finish)" : ""),
                    null);
        }
    }

    // ---- decoding ----

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!finished() && in.readableBytes() >= lengthBytes) {
            long length =
                    lengthBytes == 2 ? in.getUnsignedShort(in.readerIndex()) : in.getUnsignedInt(in.readerIndex());
            if (length > MAX_FRAME && lengthBytes == 2 && TlsFailures.startsTlsRecord(in)) {
                fail(
                        HandshakeFailure.TLS_HANDSHAKE,
                        "the peer speaks TLS, but this node has no TLS configured (it expects plain distribution)",
                        null);
                break;
            }
            if (length > MAX_FRAME) {
                fail(
                        HandshakeFailure.FRAME_TOO_LARGE,
                        "handshake message of " + length + " bytes announced, at most " + MAX_FRAME + " allowed",
                        null);
                break;
            }
            if (length == 0) {
                fail(HandshakeFailure.MALFORMED, "empty handshake message", null);
                break;
            }
            if (in.readableBytes() < lengthBytes + length) {
                return;
            }
            in.skipBytes(lengthBytes);
            ByteBuf frame = in.readSlice((int) length);
            if (step == Step.SEND_NAME) {
                fail(HandshakeFailure.MALFORMED, "the acceptor spoke before the initiator sent its name", null);
                break;
            }
            try {
                handle(frame);
            } catch (HandshakeException e) {
                failWith(e);
            }
        }
        if (step == Step.FAILED) {
            in.skipBytes(in.readableBytes());
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // the connection is gone: an incomplete message is already reported as CONNECTION_CLOSED
        in.skipBytes(in.readableBytes());
    }

    private void handle(ByteBuf frame) throws HandshakeException {
        byte tag = frame.readByte();
        switch (step) {
            case AWAIT_STATUS -> onStatus(tag, frame);
            case AWAIT_CHALLENGE -> onChallenge(tag, frame);
            case AWAIT_ACK -> onAck(tag, frame);
            case AWAIT_NAME -> onName(tag, frame);
            case AWAIT_ALIVE_ANSWER -> onAliveAnswer(tag, frame);
            case AWAIT_REPLY -> onReply(tag, frame);
            default -> throw new IllegalStateException("no message expected at step " + step);
        }
    }

    // ---- initiator ----

    private void onStatus(byte tag, ByteBuf frame) throws HandshakeException {
        expectTag(tag, TAG_STATUS, "status");
        String status = frame.toString(StandardCharsets.ISO_8859_1);
        switch (status) {
            case "ok", "ok_simultaneous" -> step = Step.AWAIT_CHALLENGE;
            case "alive" -> {
                // we are dialling, so we consider our old connection to the peer dead
                write(TAG_STATUS, "true".getBytes(StandardCharsets.US_ASCII));
                step = Step.AWAIT_CHALLENGE;
            }
            case "nok" ->
                throw failure(HandshakeFailure.NOK, "the peer keeps its own simultaneous attempt (status nok)");
            case "not_allowed" ->
                throw failure(HandshakeFailure.NOT_ALLOWED, "the peer refused the connection (status not_allowed)");
            default -> {
                if (status.startsWith("named:")) {
                    throw failure(HandshakeFailure.MALFORMED, "the peer assigned a name although none was requested");
                }
                throw failure(HandshakeFailure.MALFORMED, "unknown status '" + printable(status) + "'");
            }
        }
    }

    private void onChallenge(byte tag, ByteBuf frame) throws HandshakeException {
        expectTag(tag, TAG_NAME, "challenge");
        expectBytes(frame, CHALLENGE_FIXED, "challenge");
        long flags = frame.readLong();
        int challenge = frame.readInt();
        int creation = frame.readInt();
        int nameLength = frame.readUnsignedShort();
        expectBytes(frame, nameLength, "challenge name");
        byte[] name = new byte[nameLength];
        frame.readBytes(name);
        if (!Arrays.equals(name, expectedPeerName.getBytes(StandardCharsets.UTF_8))) {
            throw failure(
                    HandshakeFailure.NAME_MISMATCH,
                    "the peer announced '" + printable(new String(name, StandardCharsets.UTF_8)) + "'");
        }
        requireMandatory(flags);
        peerFlags = DistFlags.expand(flags);
        peerCreation = creation;
        ourChallenge = challenges.getAsInt();
        ByteBuf reply = message(1 + 4 + CookieDigest.LENGTH);
        reply.writeByte(TAG_REPLY);
        reply.writeInt(ourChallenge);
        reply.writeBytes(CookieDigest.of(cookie, challenge));
        step = Step.AWAIT_ACK;
        ctx.writeAndFlush(reply);
    }

    private void onAck(byte tag, ByteBuf frame) throws HandshakeException {
        expectTag(tag, TAG_ACK, "challenge ack");
        expectBytes(frame, CookieDigest.LENGTH, "challenge ack");
        byte[] digest = new byte[CookieDigest.LENGTH];
        frame.readBytes(digest);
        if (!CookieDigest.matches(CookieDigest.of(cookie, ourChallenge), digest)) {
            throw failure(HandshakeFailure.BAD_DIGEST, "the peer's challenge ack does not match our cookie");
        }
        complete();
    }

    // ---- acceptor ----

    private void onName(byte tag, ByteBuf frame) throws HandshakeException {
        cancelNameDeadline();
        if (tag == TAG_LEGACY_NAME) {
            throw failure(HandshakeFailure.UNSUPPORTED_VERSION, "the peer sent a version-5 name message ('n')");
        }
        expectTag(tag, TAG_NAME, "name");
        expectBytes(frame, NAME_FIXED, "name");
        long flags = frame.readLong();
        int creation = frame.readInt();
        int nameLength = frame.readUnsignedShort();
        expectBytes(frame, nameLength, "name");
        String name;
        try {
            name = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(frame.nioBuffer(frame.readerIndex(), nameLength))
                    .toString();
        } catch (CharacterCodingException e) {
            refuse();
            throw failure(HandshakeFailure.INVALID_NAME, "the announced name is not valid UTF-8");
        }
        if ((flags & DistFlags.NAME_ME) != 0) {
            // Checked first: a peer asking for a name sends only its host, which is no node name.
            refuse();
            throw failure(
                    HandshakeFailure.INVALID_NAME,
                    "the peer '" + printable(name)
                            + "' asked for a dynamic name (NAME_ME), which nodemesh does not give");
        }
        String problem = HandshakeIdentity.nodeNameProblem(name);
        if (problem != null) {
            refuse();
            throw failure(HandshakeFailure.INVALID_NAME, "invalid node name '" + printable(name) + "': " + problem);
        }
        peerName = name;
        try {
            requireMandatory(flags);
        } catch (HandshakeException e) {
            refuse();
            throw e;
        }
        peerFlags = DistFlags.expand(flags);
        peerCreation = creation;
        HandshakeArbiter.Decision decision;
        try {
            decision = Objects.requireNonNull(
                    arbiter.admit(peerName, peerFlags, ctx.channel()), "the arbiter returned no decision");
        } catch (RuntimeException e) {
            throw new HandshakeException(HandshakeFailure.NOT_ALLOWED, peerName, "the arbiter failed: " + e, e);
        }
        switch (decision) {
            case OK -> {
                writeStatus("ok");
                sendChallenge();
            }
            case OK_SIMULTANEOUS -> {
                writeStatus("ok_simultaneous");
                sendChallenge();
            }
            case NOK -> {
                writeStatus("nok");
                throw failure(HandshakeFailure.NOK, "our own attempt towards the peer wins (status nok)");
            }
            case NOT_ALLOWED -> {
                refuse();
                throw failure(HandshakeFailure.NOT_ALLOWED, "the arbiter refused the peer");
            }
            case ALIVE -> {
                writeStatus("alive");
                step = Step.AWAIT_ALIVE_ANSWER;
            }
        }
    }

    private void onAliveAnswer(byte tag, ByteBuf frame) throws HandshakeException {
        expectTag(tag, TAG_STATUS, "answer to status alive");
        String answer = frame.toString(StandardCharsets.ISO_8859_1);
        switch (answer) {
            case "true" -> sendChallenge();
            case "false" ->
                throw failure(
                        HandshakeFailure.ALIVE_REFUSED,
                        "the peer keeps its existing connection (answered false to alive)");
            default -> throw failure(HandshakeFailure.MALFORMED, "answer '" + printable(answer) + "' to status alive");
        }
    }

    private void sendChallenge() {
        byte[] name = local.nodeName().getBytes(StandardCharsets.UTF_8);
        ourChallenge = challenges.getAsInt();
        ByteBuf out = message(1 + CHALLENGE_FIXED + name.length);
        out.writeByte(TAG_NAME);
        out.writeLong(local.flags());
        out.writeInt(ourChallenge);
        out.writeInt(local.creation());
        out.writeShort(name.length);
        out.writeBytes(name);
        step = Step.AWAIT_REPLY;
        ctx.writeAndFlush(out);
    }

    private void onReply(byte tag, ByteBuf frame) throws HandshakeException {
        expectTag(tag, TAG_REPLY, "challenge reply");
        expectBytes(frame, 4 + CookieDigest.LENGTH, "challenge reply");
        int peerChallenge = frame.readInt();
        byte[] digest = new byte[CookieDigest.LENGTH];
        frame.readBytes(digest);
        if (!CookieDigest.matches(CookieDigest.of(cookie, ourChallenge), digest)) {
            // as OTP: close without a message
            throw failure(HandshakeFailure.BAD_DIGEST, "the peer's challenge reply does not match our cookie");
        }
        // The ack waits unflushed while the connection is entered in the table: once the peer
        // reads it and its connect returns, this node lists the peer too.
        ctx.write(frame(TAG_ACK, CookieDigest.of(cookie, peerChallenge)));
        complete();
        ctx.flush();
    }

    // ---- common ----

    private void requireMandatory(long flags) throws HandshakeException {
        List<String> missing = DistFlags.missingMandatory(flags);
        if (!missing.isEmpty()) {
            throw failure(
                    HandshakeFailure.MISSING_FLAGS,
                    "the peer lacks mandatory flags " + missing + " (it sent 0x" + Long.toHexString(flags) + ")");
        }
    }

    private void expectTag(byte tag, byte expected, String message) throws HandshakeException {
        if (tag != expected) {
            throw failure(
                    HandshakeFailure.MALFORMED,
                    "expected the " + message + " message ('" + (char) expected + "'), got tag " + (tag & 0xff));
        }
    }

    private void expectBytes(ByteBuf frame, int needed, String message) throws HandshakeException {
        if (frame.readableBytes() < needed) {
            throw failure(
                    HandshakeFailure.MALFORMED,
                    "the " + message + " message is too short: " + needed + " more bytes expected, "
                            + frame.readableBytes() + " left");
        }
    }

    private HandshakeException failure(HandshakeFailure failure, String detail) {
        return new HandshakeException(failure, peerName, detail);
    }

    private void refuse() {
        writeStatus("not_allowed");
    }

    private void writeStatus(String status) {
        write(TAG_STATUS, status.getBytes(StandardCharsets.US_ASCII));
    }

    private void write(byte tag, byte[] body) {
        ctx.writeAndFlush(frame(tag, body));
    }

    private ByteBuf frame(byte tag, byte[] body) {
        ByteBuf out = message(1 + body.length);
        out.writeByte(tag);
        out.writeBytes(body);
        return out;
    }

    /** Starts a message of {@code length} bytes (tag included) with its length prefix. */
    private ByteBuf message(int length) {
        ByteBuf out = ctx.alloc().buffer(lengthBytes + length);
        if (lengthBytes == 2) {
            out.writeShort(length);
        } else {
            out.writeInt(length);
        }
        return out;
    }

    private boolean finished() {
        return step == Step.COMPLETED || step == Step.FAILED;
    }

    private void complete() {
        step = Step.COMPLETED;
        cancelDeadline();
        ctx.fireUserEventTriggered(new HandshakeCompleted(peerName, peerFlags, peerCreation, initiator));
        if (!ctx.isRemoved()) {
            // deferred by ByteToMessageDecoder until decode() returns; the bytes after the last
            // handshake message then go on to the handlers the listener installed
            ctx.pipeline().remove(this);
        }
    }

    /**
     * What a close during the handshake most likely means: an acceptor that closes right after our
     * challenge reply found our digest wrong (OTP, like this node, closes without a word then).
     */
    private String likelyCause() {
        return step == Step.AWAIT_ACK
                ? ", right after our challenge reply: the peer most likely has another cookie (it checks"
                        + " our digest first and closes without a message when it does not match)"
                : "";
    }

    private void fail(HandshakeFailure failure, String detail, Throwable cause) {
        failWith(new HandshakeException(failure, peerName, detail, cause));
    }

    private void failWith(HandshakeException e) {
        if (finished()) {
            return;
        }
        step = Step.FAILED;
        cancelDeadline();
        ByteBuf pending = internalBuffer();
        pending.skipBytes(pending.readableBytes());
        LOG.debug("handshake on {} failed: {}", ctx.channel(), e.getMessage());
        ctx.fireUserEventTriggered(new HandshakeFailed(e));
        ctx.close();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        cancelNameDeadline();
    }

    private void cancelNameDeadline() {
        if (nameDeadline != null) {
            nameDeadline.cancel(false);
            nameDeadline = null;
        }
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Peer-supplied text for a message: control characters escaped, length bounded. */
    static String printable(String text) {
        StringBuilder shown = new StringBuilder(Math.min(text.length(), MAX_SHOWN_CHARS) + 8);
        for (int i = 0; i < text.length() && shown.length() < MAX_SHOWN_CHARS; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                shown.append(String.format("\\x%02x", (int) c));
            } else {
                shown.append(c);
            }
        }
        if (shown.length() >= MAX_SHOWN_CHARS) {
            shown.append('…');
        }
        return shown.toString();
    }
}

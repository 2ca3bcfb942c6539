package dev.nodemesh.dist;

import dev.nodemesh.handshake.DistFlags;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.transport.DirectSocketChannel;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An established connection to one peer node.
 *
 * <p>Sending is safe from any thread: the packet is encoded on the caller's thread straight into
 * the connection's current batch, a pooled direct buffer that many packets share; one task on the
 * channel's event loop takes every batch filled so far, writes them and flushes once, so a burst
 * of sends costs one buffer, one write and one flush per batch rather than per packet.
 *
 * <p>The backlog is bounded as OTP bounds it with {@code dist_buf_busy_limit}: when the bytes
 * waiting to be written (in batches and in the socket's outbound buffer) pass the high water mark,
 * a sender blocks until they fall below the low water mark, or the connection closes. Network
 * threads never block: what they send (replies, signals) is queued whatever the backlog.
 */
public final class Connection {

    private final Channel channel;
    private final Atom peer;
    private final long peerFlags;
    private final int peerCreation;
    private final boolean visible;
    private final boolean initiator;
    private final boolean sendsSender;
    private final DistFraming framing;
    /** The sending side's atom cache, used under the send lock; null in pass-through framing. */
    private final SendAtomCache sendAtoms;
    /** The receiving side's atom cache and header reader; null in pass-through framing. */
    private final DistHeaderReader headers;

    private final Instant connectedAt = Instant.now();
    private final int lowWaterMark;
    private final int highWaterMark;
    private final Runnable drain = this::drainOnEventLoop;
    private final AtomicBoolean downFired = new AtomicBoolean();

    /**
     * Guards the batches, the backlog count and the drain flags. Held across I/O only for a
     * packet written at once, one non-blocking write to an idle socket.
     */
    private final Object sendLock = new Object();

    private ByteBuf batch;
    private final ArrayDeque<ByteBuf> sealed = new ArrayDeque<>();
    private boolean drainScheduled;

    /** The event loop has taken batches and not finished handing them to the socket. */
    private boolean draining;

    /** When a packet was last written, by the event loop or at once; see {@link #idle()}. */
    private long lastWriteNanos;

    /** Packets written at once since the last pause of {@link #QUIET_NANOS}; see {@link #idle()}. */
    private int directWritesInBurst;

    /** The buffer packets written at once are encoded into, kept between writes. */
    private ByteBuf spare;

    /** The channel when it allows writes from other threads, else null. */
    private final DirectSocketChannel direct;

    private boolean released;
    private int blockedSenders;

    private volatile DisconnectReason closeReason;
    private volatile long messagesIn;
    private volatile long messagesOut;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile long directWrites;
    private final AtomicLong limitRefusals = new AtomicLong();
    private volatile long lastActivityMillis = System.currentTimeMillis();

    Connection(
            Channel channel,
            Atom peer,
            long peerFlags,
            int peerCreation,
            boolean visible,
            boolean initiator,
            DistHeaderReader headers,
            int lowWaterMark,
            int highWaterMark,
            boolean directWritesEnabled) {
        this.lowWaterMark = lowWaterMark;
        this.highWaterMark = highWaterMark;
        this.channel = channel;
        this.peer = peer;
        this.peerFlags = peerFlags;
        this.peerCreation = peerCreation;
        this.visible = visible;
        this.initiator = initiator;
        this.sendsSender = (peerFlags & DistFlags.SEND_SENDER) != 0;
        this.headers = headers;
        this.framing = headers == null ? DistFraming.PASS_THROUGH : DistFraming.DISTRIBUTION_HEADER;
        this.sendAtoms = headers == null ? null : new SendAtomCache();
        this.direct = directWritesEnabled && channel instanceof DirectSocketChannel socket ? socket : null;
        this.lastWriteNanos = System.nanoTime() - QUIET_NANOS;
    }

    /**
     * Returns the peer's node name.
     *
     * @return the peer
     */
    public Atom peer() {
        return peer;
    }

    /**
     * Returns the flags the peer announced in the handshake.
     *
     * @return the flag word
     */
    public long peerFlags() {
        return peerFlags;
    }

    /**
     * Returns the peer's creation: pids of another creation belong to another incarnation.
     *
     * @return the creation
     */
    public int peerCreation() {
        return peerCreation;
    }

    /**
     * Tells whether both sides announced themselves as published, which makes the connection
     * visible.
     *
     * @return whether visible
     */
    public boolean visible() {
        return visible;
    }

    /**
     * Tells whether this node dialled the peer.
     *
     * @return whether this side initiated
     */
    public boolean initiator() {
        return initiator;
    }

    /**
     * Returns how packets are framed on this connection, in both directions.
     *
     * @return the framing both sides' flags decided
     */
    public DistFraming framing() {
        return framing;
    }

    /**
     * Returns how many atoms the peer sent as references to atom cache entries that an earlier
     * packet filled, instead of as text; always zero in pass-through framing.
     *
     * @return the count since the connection came up
     */
    public long atomCacheHits() {
        return headers == null ? 0 : headers.cacheHits();
    }

    /**
     * Tells whether the peer understands a flag.
     *
     * @param flag a {@link DistFlags} constant
     * @return whether the peer announced it
     */
    public boolean peerHas(long flag) {
        return (DistFlags.expand(peerFlags) & flag) == flag;
    }

    /**
     * Returns the peer's address.
     *
     * @return the remote address, or null when unknown
     */
    public InetSocketAddress remoteAddress() {
        SocketAddress address = channel.remoteAddress();
        return address instanceof InetSocketAddress inet ? inet : null;
    }

    /**
     * Returns when the handshake finished.
     *
     * @return the time
     */
    public Instant connectedAt() {
        return connectedAt;
    }

    /**
     * Returns how many packets came from the peer.
     *
     * @return the count
     */
    public long messagesIn() {
        return messagesIn;
    }

    /**
     * Returns how many packets went to the peer.
     *
     * @return the count
     */
    public long messagesOut() {
        return messagesOut;
    }

    /**
     * Returns how many bytes came from the peer since the handshake, ticks and framing included.
     *
     * @return the count
     */
    public long bytesIn() {
        return bytesIn;
    }

    /**
     * Returns how many bytes went to the peer since the handshake, framing included.
     *
     * @return the count
     */
    public long bytesOut() {
        return bytesOut;
    }

    /**
     * Returns how many packets the sending thread wrote to the socket itself, because the
     * connection was idle, rather than handing them to the event loop.
     *
     * @return the count, included in {@link #messagesOut()}
     */
    public long directWrites() {
        return directWrites;
    }

    /**
     * Returns when a packet last went either way.
     *
     * @return the time
     */
    public Instant lastActivity() {
        return Instant.ofEpochMilli(lastActivityMillis);
    }

    /**
     * Tells whether the connection is still open.
     *
     * @return whether open
     */
    public boolean isOpen() {
        return channel.isActive() && closeReason == null;
    }

    /**
     * Sends one packet. On a closed connection the packet is dropped, as Erlang drops messages to a
     * node that went down. Blocks while the backlog is above the high water mark, unless called on a
     * network thread.
     *
     * @param control the control message
     * @param payload its payload, or null when the control message carries none
     * @throws IllegalArgumentException when a term cannot be encoded; nothing is sent then
     */
    public void send(ControlMessage control, Term payload) {
        send(control, payload, null, null);
    }

    /**
     * Sends two packets that belong together, such as a call's monitor and its request, in one
     * write when the connection is idle (the peer then reads both at once), otherwise one after the
     * other into the batch. Otherwise as {@link #send(ControlMessage, Term)}.
     *
     * @param first the first control message
     * @param firstPayload its payload, or null
     * @param second the second control message
     * @param secondPayload its payload, or null
     * @throws IllegalArgumentException when a term cannot be encoded; nothing is sent then
     */
    public void sendTogether(ControlMessage first, Term firstPayload, ControlMessage second, Term secondPayload) {
        send(first, firstPayload, Objects.requireNonNull(second, "second"), secondPayload);
    }

    /**
     * Sends one message to several processes of the peer node, as many {@link #send} calls with
     * {@code SEND_SENDER} would, in the targets' order, but with the payload encoded once and the
     * connection's lock and back-pressure taken once: a publish to a process group's members on
     * that node. Targets of another incarnation of the peer are skipped. Always batched (the event
     * loop writes), since a fan-out is a burst.
     *
     * @param from the sender
     * @param targets the targets, all processes of the peer node
     * @param start the first target to send to
     * @param end one past the last
     * @param payload the message
     * @return how many targets it was sent to (those of the current incarnation), zero when the
     *     connection is gone
     * @throws IllegalArgumentException when the message cannot be encoded; nothing is sent then
     */
    public int sendToEach(Pid from, Pid[] targets, int start, int end, Term payload) {
        Objects.requireNonNull(payload, "payload");
        if (isLarge(payload)) {
            int sent = 0;
            for (int i = start; i < end; i++) {
                if (targets[i].creation() == peerCreation) {
                    send(new ControlMessage.SendSender(from, targets[i]), payload);
                    sent++;
                }
            }
            return sent;
        }
        ByteBuf encoded = channel.alloc().heapBuffer(256);
        try {
            DistFrames.encodePayload(framing, payload, encoded);
            return sendEncodedToEach(from, targets, start, end, encoded);
        } finally {
            encoded.release();
        }
    }

    private int sendEncodedToEach(Pid from, Pid[] targets, int start, int end, ByteBuf encoded) {
        boolean schedule;
        int sent = 0;
        synchronized (sendLock) {
            if (released) {
                return 0;
            }
            if (busy() && mayBlock()) {
                awaitBacklogBelowLowWaterMark();
                if (released) {
                    return 0;
                }
            }
            for (int i = start; i < end; i++) {
                Pid to = targets[i];
                if (to.creation() != peerCreation) {
                    continue;
                }
                if (batch == null) {
                    batch = channel.alloc().directBuffer(BATCH_BYTES);
                }
                ControlMessage control =
                        sendsSender ? new ControlMessage.SendSender(from, to) : new ControlMessage.Send(to);
                DistFrames.encodeWithEncodedPayload(framing, control, encoded, batch, sendAtoms);
                if (batch.readableBytes() >= BATCH_BYTES) {
                    seal();
                }
                sent++;
            }
            messagesOut += sent;
            schedule = sent > 0 && !drainScheduled;
            if (schedule) {
                drainScheduled = true;
            }
        }
        if (schedule) {
            channel.eventLoop().execute(drain);
        }
        return sent;
    }

    private void send(ControlMessage control, Term payload, ControlMessage second, Term secondPayload) {
        control = supported(control);
        second = second == null ? null : supported(second);
        boolean schedule;
        synchronized (sendLock) {
            if (released) {
                return;
            }
            if (busy() && mayBlock()) {
                awaitBacklogBelowLowWaterMark();
                if (released) {
                    return;
                }
            }
            if (idle(isLarge(payload) || isLarge(secondPayload))) {
                if (writeNow(control, payload, second, secondPayload)) {
                    return;
                }
            } else {
                appendToBatch(control, payload);
                if (second != null) {
                    appendToBatch(second, secondPayload);
                }
            }
            messagesOut += second == null ? 1 : 2;
            schedule = !drainScheduled;
            drainScheduled = true;
        }
        if (schedule) {
            channel.eventLoop().execute(drain);
        }
    }

    /** A SEND_SENDER becomes a plain SEND for a peer that did not announce {@code DFLAG_SEND_SENDER}. */
    private ControlMessage supported(ControlMessage control) {
        return control instanceof ControlMessage.SendSender sendSender && !sendsSender
                ? new ControlMessage.Send(sendSender.to())
                : control;
    }

    /**
     * Tells whether a packet sent now is worth writing at once rather than batching: nothing is
     * waiting to be written, and either nothing was written for {@link #QUIET_NANOS} (the first
     * packet after a pause, typically a request or a reply) or fewer than {@link
     * #DIRECT_WRITES_PER_BURST} packets were written at once since that pause (the few packets of
     * one exchange, such as a call's monitor and request right after the previous call's
     * demonitor, which would otherwise wait for the event loop to wake up), unless one carries a
     * large binary. A longer burst, or a stream of large binaries, is
     * batched by the event loop. Any thread may write, a network thread too: the write does not
     * block. Called with the send lock held.
     */
    private boolean idle(boolean large) {
        if (direct == null || batch != null || drainScheduled || draining || !sealed.isEmpty()) {
            return false;
        }
        // a large binary right after another write is a stream: the event loop writes it better
        return System.nanoTime() - lastWriteNanos >= QUIET_NANOS
                || (!large && directWritesInBurst < DIRECT_WRITES_PER_BURST);
    }

    private static boolean isLarge(Term payload) {
        return payload instanceof Binary binary && binary.size() >= LARGE;
    }

    private void appendToBatch(ControlMessage control, Term payload) {
        int large = payload instanceof Binary binary && binary.size() >= LARGE ? binary.size() : 0;
        if (large > 0 && batch != null && batch.isReadable()) {
            seal();
        }
        if (batch == null) {
            batch = channel.alloc().directBuffer(large > 0 ? large + 512 : BATCH_BYTES);
        }
        DistFrames.encode(framing, control, payload, batch, sendAtoms);
        if (batch.readableBytes() >= BATCH_BYTES) {
            seal();
        }
    }

    /**
     * Writes one packet to the socket on the calling thread (see {@link DirectSocketChannel}).
     * Called with the send lock held, so no other packet of this connection can overtake it; the
     * write does not block. When the channel refuses (something got queued after all), the packet
     * becomes the batch, for the event loop to write, and this returns false.
     */
    private boolean writeNow(ControlMessage control, Term payload, ControlMessage second, Term secondPayload) {
        ByteBuf buffer = spare != null ? spare.clear() : channel.alloc().directBuffer(DIRECT_BYTES);
        spare = null;
        try {
            // a pair is dropped whole when its second packet cannot be encoded: the first must
            // then not have filled cache entries the peer never gets
            SendAtomCache atoms = second == null ? sendAtoms : null;
            DistFrames.encode(framing, control, payload, buffer, atoms);
            if (second != null) {
                DistFrames.encode(framing, second, secondPayload, buffer, atoms);
            }
        } catch (RuntimeException e) {
            buffer.release();
            throw e;
        }
        int size = buffer.readableBytes();
        if (direct.writeNow(buffer) < 0) {
            batch = buffer;
            return false;
        }
        if (buffer.capacity() > DIRECT_BYTES) {
            buffer.release();
        } else {
            spare = buffer;
        }
        messagesOut += second == null ? 1 : 2;
        directWrites++;
        bytesOut += size;
        long now = System.nanoTime();
        directWritesInBurst = now - lastWriteNanos >= QUIET_NANOS ? 1 : directWritesInBurst + 1;
        lastWriteNanos = now;
        lastActivityMillis = System.currentTimeMillis();
        return true;
    }

    /**
     * A packet is written at once from the sending thread when nothing was written for this long;
     * sends closer together are batched. Shorter than any round trip, longer than the gap between
     * the sends of a burst.
     */
    static final long QUIET_NANOS = 10_000;

    /**
     * How many packets sent closer together than {@link #QUIET_NANOS} may still be written at once:
     * a call's demonitor, the next call's monitor and its request.
     */
    static final int DIRECT_WRITES_PER_BURST = 3;

    /** The size of the buffer kept for packets written at once. */
    private static final int DIRECT_BYTES = 1024;

    /** A batch is written once it holds this many bytes, or when the event loop takes it. */
    static final int BATCH_BYTES = 64 * 1024;

    /** Binary payloads of this size or more get a buffer of their own, sized to fit. */
    static final int LARGE = 16 * 1024;

    private void seal() {
        queued += batch.readableBytes();
        sealed.add(batch);
        batch = null;
    }

    private long queued;

    /** Bytes encoded into batches that the event loop has not taken yet. */
    private long batched() {
        return queued + (batch == null ? 0 : batch.readableBytes());
    }

    /**
     * Tells whether the backlog is above the high water mark: the batches not yet taken, or the
     * bytes in the socket's outbound buffer (Netty's writability, with the same water marks).
     */
    private boolean busy() {
        return batched() > highWaterMark || !channel.isWritable();
    }

    /**
     * Tells whether the sender may wait for the backlog to fall: not on a network thread, and not
     * once the connection is closing (the node's last packets, such as the Downs of a graceful
     * stop, are queued whatever the backlog, and the close bounds how long they may take).
     */
    private boolean mayBlock() {
        EventExecutor executor = ThreadExecutorMap.currentExecutor();
        return executor == null && closeReason == null;
    }

    private void awaitBacklogBelowLowWaterMark() {
        blockedSenders++;
        try {
            // Woken by the drain (the batches are taken) and by writability changes (the socket's
            // buffer fell below the low water mark); the timeout only guards against a missed one.
            while (!released
                    && closeReason == null
                    && channel.isActive()
                    && (batched() > lowWaterMark || !channel.isWritable())) {
                sendLock.wait(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            blockedSenders--;
        }
    }

    /** The event loop saw the channel become writable again (or not): blocked senders look again. */
    void writabilityChanged() {
        wakeBlockedSenders();
    }

    /** Blocked senders look again at the backlog, and at whether the connection is closing. */
    void wakeBlockedSenders() {
        synchronized (sendLock) {
            if (blockedSenders > 0) {
                sendLock.notifyAll();
            }
        }
    }

    /**
     * Closes the connection.
     *
     * @param reason the reason peers and listeners are given
     */
    public void close(DisconnectReason reason) {
        markClosing(reason);
        channel.close();
    }

    void markClosing(DisconnectReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    DisconnectReason closeReason() {
        DisconnectReason reason = closeReason;
        return reason == null ? DisconnectReason.CONNECTION_CLOSED : reason;
    }

    boolean markDownFired() {
        return downFired.compareAndSet(false, true);
    }

    Channel channel() {
        return channel;
    }

    /** The reader of the peer's distribution headers; null in pass-through framing. */
    DistHeaderReader headers() {
        return headers;
    }

    void countIn(int bytes) {
        bytesIn += bytes;
        lastActivityMillis = System.currentTimeMillis();
    }

    void countMessageIn() {
        messagesIn++;
    }

    /**
     * Counts a request of the peer refused because the peer holds as much of some kind of state on
     * this node as it may (a monitor or link beyond the per-peer bound).
     *
     * @return true for the first refusal on this connection, which the caller logs; false after
     */
    public boolean countLimitRefusal() {
        return limitRefusals.getAndIncrement() == 0;
    }

    /**
     * Returns how many of the peer's requests were refused because the peer reached a per-peer
     * bound (monitors or links it may hold on this node).
     *
     * @return the count since the connection came up
     */
    public long limitRefusals() {
        return limitRefusals.get();
    }

    /** Runs the drain; an Error in it goes down the pipeline, whose end reports it to the node. */
    private void drainOnEventLoop() {
        try {
            drain();
        } catch (Error e) {
            channel.pipeline().fireExceptionCaught(e);
        }
    }

    private void drain() {
        ByteBuf[] buffers;
        synchronized (sendLock) {
            drainScheduled = false;
            if (batch != null) {
                seal();
            }
            buffers = sealed.toArray(new ByteBuf[0]);
            sealed.clear();
            queued = 0;
            draining = buffers.length > 0;
            if (blockedSenders > 0) {
                sendLock.notifyAll();
            }
        }
        if (!channel.isActive()) {
            for (ByteBuf buffer : buffers) {
                buffer.release();
            }
            drained(0);
            return;
        }
        long bytes = 0;
        for (ByteBuf buffer : buffers) {
            bytes += buffer.readableBytes();
            channel.write(buffer, channel.voidPromise());
        }
        if (buffers.length > 0) {
            channel.flush();
            drained(bytes);
        }
    }

    /** The drain has handed its batches to the socket (or dropped them): packets may go at once again. */
    private void drained(long bytes) {
        synchronized (sendLock) {
            draining = false;
            if (bytes > 0) {
                bytesOut += bytes;
                lastWriteNanos = System.nanoTime();
                // the event loop is writing a burst: the next packets join its batches until a pause
                directWritesInBurst = DIRECT_WRITES_PER_BURST;
                lastActivityMillis = System.currentTimeMillis();
            }
        }
    }

    void releaseQueued() {
        synchronized (sendLock) {
            released = true;
            if (batch != null) {
                batch.release();
                batch = null;
            }
            for (ByteBuf buffer : sealed) {
                buffer.release();
            }
            sealed.clear();
            queued = 0;
            if (spare != null) {
                spare.release();
                spare = null;
            }
            sendLock.notifyAll();
        }
    }

    @Override
    public String toString() {
        return "Connection[" + peer + (visible ? ", visible" : ", hidden") + "]";
    }
}

package dev.nodemesh.dist;

import dev.nodemesh.handshake.DistFlags;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Term;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An established connection to one peer node.
 *
 * <p>Sending is safe from any thread and never blocks: the packet is encoded on the caller's
 * thread into a pooled buffer and queued; one task on the channel's event loop writes everything
 * queued and flushes once, so a burst of sends costs one flush. Counters are written by the event
 * loop only and may be read from anywhere.
 */
public final class Connection {

    private final Channel channel;
    private final Atom peer;
    private final long peerFlags;
    private final int peerCreation;
    private final boolean visible;
    private final boolean initiator;
    private final boolean sendsSender;
    private final Instant connectedAt = Instant.now();
    private final Queue<ByteBuf> outbound = PlatformDependent.newMpscQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    private final AtomicBoolean downFired = new AtomicBoolean();

    private volatile DisconnectReason closeReason;
    private volatile long messagesIn;
    private volatile long messagesOut;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile long lastActivityMillis = System.currentTimeMillis();

    Connection(Channel channel, Atom peer, long peerFlags, int peerCreation, boolean visible, boolean initiator) {
        this.channel = channel;
        this.peer = peer;
        this.peerFlags = peerFlags;
        this.peerCreation = peerCreation;
        this.visible = visible;
        this.initiator = initiator;
        this.sendsSender = (peerFlags & DistFlags.SEND_SENDER) != 0;
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
     * Sends one packet. Never blocks; on a closed connection the packet is dropped, as Erlang
     * drops messages to a node that went down.
     *
     * @param control the control message
     * @param payload its payload, or null when the control message carries none
     */
    public void send(ControlMessage control, Term payload) {
        if (control instanceof ControlMessage.SendSender sendSender && !sendsSender) {
            control = new ControlMessage.Send(sendSender.to());
        }
        ByteBuf frame = DistFrames.encode(channel.alloc(), control, payload);
        outbound.offer(frame);
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drain);
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

    void countIn(int bytes) {
        bytesIn += bytes;
        lastActivityMillis = System.currentTimeMillis();
    }

    void countMessageIn() {
        messagesIn++;
    }

    private void drain() {
        drainScheduled.set(false);
        if (!channel.isActive()) {
            releaseQueued();
            return;
        }
        int count = 0;
        long bytes = 0;
        ByteBuf frame;
        while ((frame = outbound.poll()) != null) {
            bytes += frame.readableBytes();
            count++;
            channel.write(frame, channel.voidPromise());
        }
        if (count > 0) {
            channel.flush();
            messagesOut += count;
            bytesOut += bytes;
            lastActivityMillis = System.currentTimeMillis();
        }
    }

    void releaseQueued() {
        ByteBuf frame;
        while ((frame = outbound.poll()) != null) {
            frame.release();
        }
    }

    @Override
    public String toString() {
        return "Connection[" + peer + (visible ? ", visible" : ", hidden") + "]";
    }
}

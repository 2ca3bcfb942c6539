package dev.nodemesh.dist;

import dev.nodemesh.handshake.DistFlags;
import dev.nodemesh.handshake.HandshakeArbiter;
import dev.nodemesh.handshake.HandshakeCompleted;
import dev.nodemesh.handshake.HandshakeFailure;
import dev.nodemesh.handshake.HandshakeHandler;
import dev.nodemesh.handshake.HandshakeIdentity;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.etf.EtfDecoder;
import dev.nodemesh.tls.TlsConfig;
import dev.nodemesh.transport.Transport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.internal.ThreadExecutorMap;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection table of one node: at most one connection per peer, set up on demand and on
 * accept, with simultaneous connects resolved as OTP does (the greater name wins).
 *
 * <p>Sends to a peer without a connection start one and wait in order until it is up; they are
 * dropped when it cannot be set up, as Erlang drops messages to an unreachable node. Table
 * changes take one lock, never held across I/O; sends on an established connection take none.
 */
public final class ConnectionManager implements HandshakeArbiter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectionManager.class);

    /**
     * Accepted connections still shaking hands, at most: each holds a socket and a slot until its
     * deadline, so strangers opening sockets cannot make the node hold more. When all are taken, a
     * newcomer takes the place of the oldest one still waiting for its peer's name ({@link
     * PendingHandshakes}).
     */
    static final int MAX_PENDING_INCOMING = 256;

    private final DistSettings settings;
    private final InboundListener inbound;
    private final Transport transport;
    private final EtfDecoder decoder;
    private volatile TlsConfig tls;
    private final Object lock = new Object();
    private final Map<Atom, PeerSlot> slots = new HashMap<>();
    private final Map<Atom, Connection> established = new ConcurrentHashMap<>();
    private final Map<Atom, String> lastFailures = new ConcurrentHashMap<>();
    private final PendingHandshakes pendingIncoming;
    private final ConnectionListeners listeners = new ConnectionListeners();
    private final ConnectionLog failureLog = new ConnectionLog();
    private final Dialer dialer;

    private volatile HandshakeIdentity identity;
    private volatile Atom self;
    private volatile boolean closed;
    private Channel server;

    /**
     * Creates a connection table; it accepts nothing until {@link #activate}.
     *
     * @param settings limits and timeouts
     * @param locator finds peers
     * @param inbound receives every packet
     * @param transport the event loops and sockets
     * @param connector runs peer lookups, which may block
     */
    public ConnectionManager(
            DistSettings settings,
            PeerLocator locator,
            InboundListener inbound,
            Transport transport,
            Executor connector) {
        this(settings, locator, inbound, transport, connector, null);
    }

    /**
     * Creates a connection table whose connections run inside TLS, or plain when {@code tls} is
     * null; it accepts nothing until {@link #activate}.
     *
     * @param settings limits and timeouts
     * @param locator finds peers
     * @param inbound receives every packet
     * @param transport the event loops and sockets
     * @param connector runs peer lookups, which may block
     * @param tls the TLS material and rules, or null for plain TCP
     */
    public ConnectionManager(
            DistSettings settings,
            PeerLocator locator,
            InboundListener inbound,
            Transport transport,
            Executor connector,
            TlsConfig tls) {
        this.tls = tls;
        this.settings = settings;
        this.inbound = inbound;
        this.transport = transport;
        this.dialer = new Dialer(locator, transport, connector, settings.handshakeTimeout());
        this.decoder = new EtfDecoder(settings.termLimits());
        this.pendingIncoming = new PendingHandshakes(MAX_PENDING_INCOMING, settings.maxPendingHandshakesPerSource());
    }

    /**
     * Listens for peers.
     *
     * @param address where to listen
     * @param accepting whether to accept connections at once, or only from {@link
     *     #startAccepting()} on (until then they wait in the listen backlog)
     * @return the bound address (with the real port when 0 was asked)
     * @throws IOException when the address cannot be bound
     */
    public InetSocketAddress listen(InetSocketAddress address, boolean accepting) throws IOException {
        server = transport.listen(address, accepting, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                accept(channel);
            }
        });
        return (InetSocketAddress) server.localAddress();
    }

    /**
     * Starts accepting the connections that wait in the listen backlog, and later ones, when the
     * table listens with accepting off; does nothing otherwise.
     */
    public void startAccepting() {
        Channel listening = server;
        if (listening != null && !listening.config().isAutoRead()) {
            listening.config().setAutoRead(true);
        }
    }

    /**
     * Starts accepting and making connections under this node's identity.
     *
     * @param local this node's name, flags, creation and cookie
     */
    public void activate(HandshakeIdentity local) {
        this.self = Atom.of(local.nodeName());
        this.identity = local;
    }

    /**
     * Adds a listener for connections coming up and going down.
     *
     * @param listener the listener
     */
    public void addListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    /**
     * Returns the established connection to a peer.
     *
     * @param peer the peer
     * @return the connection, if up
     */
    public Optional<Connection> connection(Atom peer) {
        return Optional.ofNullable(established.get(peer));
    }

    /**
     * Returns every established connection.
     *
     * @return a snapshot
     */
    public List<Connection> connections() {
        return new ArrayList<>(established.values());
    }

    /**
     * Returns why the last attempt to reach a peer failed.
     *
     * @param peer the peer
     * @return the reason, if the last attempt failed
     */
    public Optional<String> lastFailure(Atom peer) {
        return Optional.ofNullable(lastFailures.get(peer));
    }

    /**
     * Connects to a peer, or joins the attempt in progress.
     *
     * @param peer the peer's full name
     * @return completes with the connection, or exceptionally with a {@link ConnectException} that
     *     says why
     */
    public CompletableFuture<Connection> connect(Atom peer) {
        PeerSlot slot;
        boolean dial = false;
        synchronized (lock) {
            if (closed || identity == null) {
                return CompletableFuture.failedFuture(new ConnectException("the node is not running"));
            }
            if (peer.equals(self)) {
                return CompletableFuture.failedFuture(new ConnectException("a node does not connect to itself"));
            }
            slot = slots.get(peer);
            if (slot == null) {
                slot = newSlot(peer);
                slot.dialing = true; // under the lock: an incoming attempt admitted from now on sees it
                dial = true;
            }
            slot.requested = true;
        }
        if (dial) {
            dial(slot);
        }
        return slot.ready;
    }

    /**
     * Sends a packet to a peer, connecting first when there is no connection. A packet for a pid
     * of another incarnation of the peer is dropped.
     *
     * @param peer the peer
     * @param target the pid the packet is for, or null when it goes to a name
     * @param control the control message
     * @param payload the payload, or null
     */
    public void send(Atom peer, Pid target, ControlMessage control, Term payload) {
        send(peer, target, control, payload, true);
    }

    /**
     * Sends one message to several processes of one peer node: with the payload encoded once on
     * an established connection ({@link Connection#sendToEach}), one send each otherwise (they
     * wait for the connection in order, as any send does).
     *
     * @param peer the node every target belongs to
     * @param from the sender
     * @param targets the targets
     * @param start the first target to send to
     * @param end one past the last
     * @param payload the message
     */
    public void sendToEach(Atom peer, Pid from, Pid[] targets, int start, int end, Term payload) {
        Connection connection = established.get(peer);
        if (connection != null) {
            connection.sendToEach(from, targets, start, end, payload);
            return;
        }
        for (int i = start; i < end; i++) {
            send(peer, targets[i], new ControlMessage.SendSender(from, targets[i]), payload);
        }
    }

    /**
     * Sends two packets that belong together (a call's monitor and its request): in one write on an
     * idle connection, otherwise one after the other, queued in order while connecting.
     *
     * @param peer the peer
     * @param target the pid both packets are for, or null when they go to a name
     * @param first the first control message
     * @param firstPayload its payload, or null
     * @param second the second control message
     * @param secondPayload its payload, or null
     */
    public void sendTogether(
            Atom peer, Pid target, ControlMessage first, Term firstPayload, ControlMessage second, Term secondPayload) {
        Connection connection = established.get(peer);
        if (connection == null) {
            send(peer, target, first, firstPayload);
            send(peer, target, second, secondPayload);
        } else if (target == null || target.creation() == connection.peerCreation()) {
            connection.sendTogether(first, firstPayload, second, secondPayload);
        }
    }

    /**
     * Sends on the established connection to a peer, or queues behind the packets waiting for a
     * connection being set up; never dials: dropped when there is neither.
     *
     * @param peer the peer
     * @param target the pid the packet is for, or null
     * @param control the control message
     * @param payload its payload, or null
     */
    public void sendUnlessDisconnected(Atom peer, Pid target, ControlMessage control, Term payload) {
        send(peer, target, control, payload, false);
    }

    private void send(Atom peer, Pid target, ControlMessage control, Term payload, boolean mayDial) {
        Connection connection = established.get(peer);
        if (connection == null) {
            connection = queueOrConnection(peer, target, control, payload, mayDial);
            if (connection == null) {
                return;
            }
        }
        sendOn(connection, target, control, payload);
    }

    private static void sendOn(Connection connection, Pid target, ControlMessage control, Term payload) {
        if (target == null || target.creation() == connection.peerCreation()) {
            connection.send(control, payload);
        }
    }

    /**
     * The connection to send on now, or null once the packet is queued for a connection being set
     * up (dialled first when {@code mayDial} and there is none), sent after waiting for it, or
     * dropped.
     */
    private Connection queueOrConnection(Atom peer, Pid target, ControlMessage control, Term payload, boolean mayDial) {
        PeerSlot slot;
        boolean dial = false;
        boolean wait = false;
        synchronized (lock) {
            if (closed || identity == null || peer.equals(self)) {
                return null;
            }
            slot = slots.get(peer);
            if (slot != null && slot.connection != null) {
                return slot.connection;
            }
            if (slot == null) {
                if (!mayDial) {
                    return null;
                }
                slot = newSlot(peer);
                slot.dialing = true; // under the lock: an incoming attempt admitted from now on sees it
                dial = true;
            }
            if (mayDial) {
                slot.requested = true;
            }
            if (slot.pending != null
                    && slot.pendingBytes > settings.sendHighWaterMark()
                    && ThreadExecutorMap.currentExecutor() == null) {
                // As a busy connection does: the backlog is bounded, so a sender that may block
                // waits for the connection (then sends on it, with its water marks) or its failure.
                wait = true;
            } else {
                slot.queue(new PeerSlot.PendingSend(target, control, payload), settings.maxPendingSends());
            }
        }
        if (dial) {
            dial(slot);
        }
        if (wait) {
            Connection connection = awaitConnection(slot);
            if (connection != null) {
                sendOn(connection, target, control, payload);
            }
        }
        return null;
    }

    private Connection awaitConnection(PeerSlot slot) {
        try {
            return slot.ready.get(settings.handshakeTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /**
     * Closes the connection to a peer. The peer is gone from {@link #connections()} when this
     * returns; listeners hear of it when the socket has closed.
     *
     * @param peer the peer
     * @return whether there was a connection
     */
    public boolean disconnect(Atom peer) {
        Connection connection;
        synchronized (lock) {
            PeerSlot slot = slots.get(peer);
            if (slot == null || slot.connection == null) {
                return false;
            }
            connection = slot.connection;
            slot.connection = null;
            established.remove(peer, connection);
            if (!slot.hasAttempt()) {
                slots.remove(peer);
            }
        }
        connection.close(DisconnectReason.DISCONNECT);
        return true;
    }

    @Override
    public Decision admit(String peerName, long peerFlags, Channel channel) {
        Atom peer = Atom.of(peerName);
        pendingIncoming.spoke(channel);
        synchronized (lock) {
            if (closed || identity == null || peer.equals(self)) {
                return Decision.NOT_ALLOWED;
            }
            PeerSlot slot = slots.get(peer);
            if (slot == null) {
                slot = newSlot(peer);
                slot.incoming = channel;
                return Decision.OK;
            }
            return slot.admitIncoming(channel, peer.compareTo(self) > 0);
        }
    }

    private PeerSlot newSlot(Atom peer) {
        PeerSlot slot = new PeerSlot(peer);
        slots.put(peer, slot);
        return slot;
    }

    /**
     * Starts the dial that {@code slot.dialing} (set under the lock with the slot) announced. Not
     * set here: a simultaneous attempt of the peer admitted before this runs abandons the dial by
     * clearing the flag, and setting it again would revive it.
     */
    private void dial(PeerSlot slot) {
        dialer.dial(slot.peer, (channel, address) -> startOutgoing(slot, channel, address), (channel, reason) -> {
            if (channel != null) {
                // a socket that never connected is never inactive: it stops being the attempt here
                synchronized (lock) {
                    if (slot.outgoing == channel) {
                        slot.outgoing = null;
                    }
                }
            }
            attemptFailed(slot, null, null, reason);
        });
    }

    private void startOutgoing(PeerSlot slot, SocketChannel channel, InetSocketAddress address) {
        synchronized (lock) {
            // a dial abandoned meanwhile (the peer won a simultaneous connect, or a connection came
            // up) must not open a second connection, least of all after a disconnect
            boolean abandoned = !slot.dialing;
            slot.dialing = false;
            if (closed
                    || abandoned
                    || slots.get(slot.peer) != slot
                    || slot.connection != null
                    || slot.incoming != null) {
                channel.close();
                return;
            }
            slot.outgoing = channel;
        }
        TlsConfig current = tls;
        if (current != null) {
            String name = slot.peer.name();
            channel.pipeline()
                    .addLast(
                            "tls",
                            current.dialerHandler(
                                    channel.alloc(), name.substring(name.indexOf('@') + 1), address.getPort()));
        }
        channel.pipeline()
                .addLast(
                        "handshake",
                        framed(HandshakeHandler.initiator(identity, slot.peer.name(), settings.handshakeTimeout())))
                .addLast("setup", new ConnectionSetupHandler(this, slot));
    }

    private void accept(SocketChannel channel) {
        if (closed || identity == null) {
            channel.close();
            return;
        }
        InetSocketAddress remote = channel.remoteAddress();
        if (remote == null) {
            channel.close();
            return;
        }
        PendingHandshakes.Admission admission = pendingIncoming.admit(channel, remote.getAddress());
        if (!admission.admitted()) {
            failureLog.rejected(String.valueOf(remote), "refused at once: " + admission.reason());
            fireAttemptFailed(null, true, "too_many_pending", admission.reason());
            channel.close();
            return;
        }
        if (admission.evicted() != null) {
            HandshakeHandler.evict(
                    admission.evicted(),
                    "closed before the peer sent its name, to make room for a newer connection from "
                            + remote.getAddress().getHostAddress() + " (" + pendingIncoming.size()
                            + " handshakes pending)");
        }
        TlsConfig current = tls;
        if (current != null) {
            channel.pipeline().addLast("tls", current.acceptorHandler(channel.alloc()));
        }
        channel.pipeline()
                .addLast(
                        "handshake",
                        framed(HandshakeHandler.acceptor(
                                identity, this, settings.handshakeTimeout(), settings.handshakeNameTimeout())))
                .addLast("setup", new ConnectionSetupHandler(this, null));
    }

    /**
     * Uses new TLS material for the connections set up from now on (certificate rotation); the
     * connections that are up, or shaking hands, keep theirs.
     *
     * @param next the new material and rules
     * @throws IllegalStateException when this table runs plain TCP: TLS cannot be turned on (or
     *     off) while the node runs
     */
    public void replaceTls(TlsConfig next) {
        Objects.requireNonNull(next, "next");
        if (tls == null) {
            throw new IllegalStateException("the node runs without TLS; TLS cannot be turned on while it runs");
        }
        tls = next;
    }

    /** Inside TLS the handshake messages carry 4-byte lengths, as with OTP's inet_tls_dist. */
    private HandshakeHandler framed(HandshakeHandler handshake) {
        return tls == null ? handshake : handshake.fourByteLengths();
    }

    /** An accepted connection's handshake ended, either way. */
    void incomingSettled(Channel channel) {
        pendingIncoming.release(channel);
    }

    /**
     * Returns how many accepted connections are in their handshake.
     *
     * @return the count
     */
    int pendingIncoming() {
        return pendingIncoming.size();
    }

    Connection handshakeCompleted(Channel channel, HandshakeCompleted result) {
        Atom peer = Atom.of(result.peerName());
        Connection connection;
        Connection replaced;
        PeerSlot slot;
        synchronized (lock) {
            slot = slots.get(peer);
            if (closed || slot == null || (slot.outgoing != channel && slot.incoming != channel)) {
                return null;
            }
            if (slot.outgoing == channel) {
                slot.outgoing = null;
            } else {
                slot.incoming = null;
            }
            boolean visible =
                    (identity.flags() & DistFlags.PUBLISHED) != 0 && (result.peerFlags() & DistFlags.PUBLISHED) != 0;
            DistFraming framing = DistFraming.negotiated(identity.flags(), result.peerFlags());
            connection = new Connection(
                    channel,
                    peer,
                    result.peerFlags(),
                    result.peerCreation(),
                    visible,
                    result.initiator(),
                    framing == DistFraming.DISTRIBUTION_HEADER ? new DistHeaderReader(decoder) : null,
                    settings.sendLowWaterMark(),
                    settings.sendHighWaterMark(),
                    // a direct write would put plain bytes on a TLS socket
                    settings.directWrites() && tls == null);
            replaced = slot.connection;
            slot.connection = connection;
            slot.awaitingPeer = null;
            slot.dialing = false;
            if (slot.pending != null) {
                for (PeerSlot.PendingSend send : slot.pending) {
                    if (send.target() == null || send.target().creation() == connection.peerCreation()) {
                        connection.send(send.control(), send.payload());
                    }
                }
                slot.pending = null;
            }
            // only now: a sender that finds the connection here must not overtake the queued sends
            // (the ack, and so the peer's connect, still waits for this: see HandshakeHandler)
            established.put(peer, connection);
            lastFailures.remove(peer);
        }
        if (slot.droppedPending > 0) {
            log.warn(
                    "dropped {} messages to {} queued while connecting (limit {})",
                    slot.droppedPending,
                    peer.name(),
                    settings.maxPendingSends());
        }
        if (replaced != null) {
            replaced.markClosing(DisconnectReason.REPLACED);
            replaced.channel().close();
            fireDown(replaced);
        }
        slot.ready.complete(connection);
        return connection;
    }

    void connectionUp(Connection connection) {
        log.info(
                "connected to {} ({}, {})",
                connection.peer().name(),
                connection.visible() ? "visible" : "hidden",
                connection.initiator() ? "outgoing" : "incoming");
        listeners.connectionUp(connection);
    }

    void connectionClosed(Connection connection) {
        synchronized (lock) {
            PeerSlot slot = slots.get(connection.peer());
            if (slot != null && slot.connection == connection) {
                slot.connection = null;
                established.remove(connection.peer(), connection);
                if (!slot.hasAttempt()) {
                    slots.remove(connection.peer());
                }
            }
        }
        connection.releaseQueued();
        fireDown(connection);
    }

    private void fireDown(Connection connection) {
        if (!connection.markDownFired()) {
            return;
        }
        DisconnectReason reason = connection.closeReason();
        log.info(
                "disconnected from {}: {}",
                connection.peer().name(),
                reason.atom().name());
        listeners.connectionDown(connection, reason);
    }

    /**
     * Handles an attempt that failed before the connection came up.
     *
     * @param slot the peer's slot, or null for an incoming attempt that never named its peer
     * @param channel the attempt's channel, or null when it failed before having one
     * @param failure the handshake failure, or null for other failures
     * @param reason what went wrong, for the log and {@link #lastFailure}
     */
    void attemptFailed(PeerSlot slot, Channel channel, HandshakeFailure failure, String reason) {
        String kind = failure == null
                ? (channel == null ? "unreachable" : "connection_closed")
                : failure.name().toLowerCase(Locale.ROOT);
        boolean incoming = slot == null;
        if (slot == null) {
            slot = slotOfIncoming(channel);
            if (slot == null) {
                if (failure == HandshakeFailure.NOK) {
                    failureLog.gaveWay(channel == null ? "?" : channel.remoteAddress());
                } else {
                    failureLog.rejected(channel == null ? "?" : String.valueOf(channel.remoteAddress()), reason);
                }
                fireAttemptFailed(null, true, kind, reason);
                return;
            }
        }
        fireAttemptFailed(slot.peer, incoming, kind, reason);
        boolean failSlot;
        String previousFailure = null;
        synchronized (lock) {
            if (slots.get(slot.peer) != slot) {
                return;
            }
            if (channel == null) {
                slot.dialing = false;
            } else if (slot.outgoing == channel) {
                slot.outgoing = null;
            } else if (slot.incoming == channel) {
                slot.incoming = null;
            } else {
                return;
            }
            failSlot = slot.connection == null && !slot.hasAttempt();
            if (failSlot && failure == HandshakeFailure.NOK) {
                awaitIncoming(slot);
                return;
            }
            if (failSlot) {
                slots.remove(slot.peer);
                if (slot.requested) {
                    // only for names this node asked for: strangers must not grow the map
                    previousFailure = lastFailures.put(slot.peer, reason);
                }
                slot.pending = null;
            }
        }
        if (failSlot) {
            if (slot.requested && reason.equals(previousFailure)) {
                // a retry that fails as the previous attempt did (a startup connection to an absent
                // node, every few seconds): warned about once, until a connection succeeds
                failureLog.failedAgain(slot.peer.name(), reason);
            } else if (slot.requested) {
                failureLog.failed(slot.peer.name(), reason);
            } else {
                failureLog.rejected(
                        slot.peer.name() + (channel == null ? "" : " at " + channel.remoteAddress()), reason);
            }
            slot.ready.completeExceptionally(new ConnectException("cannot connect to " + slot.peer + ": " + reason));
        } else if (channel != null) {
            failureLog.attemptEnded(slot.peer.name(), reason);
        }
    }

    private void fireAttemptFailed(Atom peer, boolean incoming, String kind, String detail) {
        listeners.attemptFailed(peer, incoming, kind, detail);
    }

    private void awaitIncoming(PeerSlot slot) {
        // The peer won a simultaneous connect: its own attempt towards us carries on. If it has
        // not been admitted by the deadline (and no connection came up), the slot fails.
        Object wait = new Object();
        slot.awaitingPeer = wait;
        transport
                .group()
                .next()
                .schedule(
                        () -> awaitedAttemptMissing(slot, wait),
                        settings.handshakeTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    private void awaitedAttemptMissing(PeerSlot slot, Object wait) {
        synchronized (lock) {
            if (slots.get(slot.peer) != slot || slot.awaitingPeer != wait) {
                return; // the peer's attempt came, or this slot has moved on
            }
            slot.awaitingPeer = null;
            if (slot.connection != null || slot.hasAttempt()) {
                return;
            }
        }
        attemptFailed(slot, null, null, "lost a simultaneous connect and the peer's attempt never came");
    }

    private PeerSlot slotOfIncoming(Channel channel) {
        if (channel == null) {
            return null;
        }
        synchronized (lock) {
            for (PeerSlot slot : slots.values()) {
                if (slot.incoming == channel) {
                    return slot;
                }
            }
        }
        return null;
    }

    /**
     * Takes what a connection's pipeline caught: an {@link Error} (out of memory, a stack overflow)
     * is the node's, not the connection's, and goes to {@link Transport#fatalError}.
     *
     * @param cause what was caught
     * @return whether it was an Error, now reported
     */
    boolean reportedFatal(Throwable cause) {
        if (cause instanceof Error error) {
            transport.fatalError(error);
            return true;
        }
        return false;
    }

    EtfDecoder decoder() {
        return decoder;
    }

    DistSettings settings() {
        return settings;
    }

    InboundListener inbound() {
        return inbound;
    }

    /**
     * Marks every connection as closing for a shutdown, before the node sends its last packets
     * (the Downs and exit signals of its closed mailboxes): from now on no sender waits for a
     * connection's backlog to fall, so a peer that does not read cannot hold the close up; what
     * is sent is queued and written by {@link #close()} within its bound.
     */
    public void beginShutdown() {
        synchronized (lock) {
            for (PeerSlot slot : slots.values()) {
                if (slot.connection != null) {
                    slot.connection.markClosing(DisconnectReason.SHUTDOWN);
                }
            }
        }
        for (Connection connection : connections()) {
            connection.wakeBlockedSenders();
        }
    }

    /**
     * Stops listening and closes every connection; peers see the connection close. What was sent
     * on a connection before (the Downs and exit signals of the node's closed mailboxes) is written
     * and flushed first, for up to two seconds, unless called on a network thread.
     */
    @Override
    public void close() {
        List<Channel> established = new ArrayList<>();
        List<Channel> channels = new ArrayList<>();
        List<PeerSlot> unfinished = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (PeerSlot slot : slots.values()) {
                if (slot.connection != null) {
                    slot.connection.markClosing(DisconnectReason.SHUTDOWN);
                    established.add(slot.connection.channel());
                    channels.add(slot.connection.channel());
                } else {
                    unfinished.add(slot);
                }
                if (slot.outgoing != null) {
                    channels.add(slot.outgoing);
                }
                if (slot.incoming != null) {
                    channels.add(slot.incoming);
                }
            }
        }
        // an event loop (closing the node after an Error on it) must not wait for itself
        boolean wait = !transport.onEventLoop();
        if (wait) {
            flush(established, TimeUnit.SECONDS.toNanos(2));
        }
        if (server != null) {
            var closing = server.close();
            if (wait) {
                closing.awaitUninterruptibly();
            }
        }
        for (Channel channel : channels) {
            var closing = channel.close();
            if (wait) {
                closing.awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
        for (PeerSlot slot : unfinished) {
            slot.ready.completeExceptionally(new ConnectException("the node shut down"));
        }
    }

    /**
     * Waits until what was sent on the channels is written: an empty write queued behind the
     * pending batches (their drains are queued on the same event loops, ahead of it) completes once
     * everything before it has reached the socket.
     */
    private static void flush(List<Channel> channels, long timeoutNanos) {
        List<ChannelFuture> flushed = new ArrayList<>(channels.size());
        for (Channel channel : channels) {
            flushed.add(channel.writeAndFlush(Unpooled.EMPTY_BUFFER));
        }
        long deadline = System.nanoTime() + timeoutNanos;
        for (ChannelFuture future : flushed) {
            future.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }
}

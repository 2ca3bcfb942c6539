package dev.nodemesh;

import dev.nodemesh.dist.DistSettings;
import dev.nodemesh.epmd.EpmdClient;
import dev.nodemesh.runtime.DefaultListenAddress;
import dev.nodemesh.term.etf.EtfLimits;
import dev.nodemesh.tls.TlsConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a {@link Node} is started from. Immutable; made with {@link #builder(String)}.
 *
 * <pre>{@code
 * NodeConfig config = NodeConfig.builder("chip")      // chip@<short host name>
 *         .cookie(Cookie.of("secret"))               // else ~/.erlang.cookie
 *         .listen(InetAddress.getLoopbackAddress(), 0)
 *         .build();
 * }</pre>
 */
public final class NodeConfig {

    /** OTP's default {@code net_ticktime}. */
    public static final Duration DEFAULT_TICK_TIME = Duration.ofSeconds(60);

    /** OTP's default {@code net_setuptime}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(7);

    /** The default bound on one packet from a peer. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 64 << 20;

    /** The default bound on the messages waiting in one mailbox. */
    public static final int DEFAULT_MAILBOX_CAPACITY = 65_536;

    /** The default bound on the bytes of the messages waiting in one mailbox: 16 MiB. */
    public static final long DEFAULT_MAILBOX_MAX_BYTES = 16L << 20;

    /** The default {@link #idleSpin()}: 50 µs. */
    public static final Duration DEFAULT_IDLE_SPIN = Duration.ofNanos(50_000);

    /** The default bound on the monitors one peer's processes hold on this node's processes. */
    public static final int DEFAULT_MAX_MONITORS_PER_PEER = 100_000;

    /** The default bound on the links between one peer's processes and this node's processes. */
    public static final int DEFAULT_MAX_LINKS_PER_PEER = 100_000;

    /** The default bound on the global names (and global locks) one peer's processes hold here. */
    public static final int DEFAULT_MAX_GLOBAL_NAMES_PER_PEER = 10_000;

    private final NodeName name;
    private final Cookie cookie;
    private final InetSocketAddress listenAddress;
    private final boolean visible;
    private final int maxGlobalNamesPerPeer;
    private final boolean acceptOnStart;
    private final TlsConfig tls;
    private final Distribution distribution;
    private final Dispatch dispatch;
    private final Epmd epmd;
    private final List<String> groupScopes;
    private final int maxGroupMembersPerPeer;

    private NodeConfig(Builder builder) {
        this.name = builder.resolveName();
        this.cookie = builder.cookie;
        this.listenAddress = new InetSocketAddress(
                builder.listenHost != null ? builder.listenHost : DefaultListenAddress.of(name), builder.port);
        this.visible = builder.visible;
        this.maxGlobalNamesPerPeer = builder.maxGlobalNamesPerPeer;
        this.acceptOnStart = builder.acceptOnStart;
        this.tls = builder.tls;
        this.distribution = new Distribution(
                builder.tickTime,
                builder.handshakeTimeout,
                builder.handshakeNameTimeout.compareTo(builder.handshakeTimeout) < 0
                        ? builder.handshakeNameTimeout
                        : builder.handshakeTimeout,
                builder.maxPendingHandshakesPerAddress,
                builder.maxFrameSize,
                builder.termLimits,
                builder.maxPendingSends,
                builder.sendLowWaterMark,
                builder.sendHighWaterMark,
                builder.directWrites,
                builder.distHeaderAtomCache,
                builder.maxMonitorsPerPeer,
                builder.maxLinksPerPeer);
        this.dispatch = new Dispatch(
                builder.eventLoopThreads,
                builder.ioTransport,
                builder.dispatchThreads,
                builder.virtualDispatchThreads,
                builder.idleSpin,
                builder.defaultMailboxCapacity,
                builder.defaultMailboxMaxBytes,
                builder.defaultOverflowPolicy);
        this.epmd = new Epmd(builder.epmdMode, builder.epmdPort, Map.copyOf(builder.peers));
        List<String> scopes = new ArrayList<>(builder.groupScopes);
        if (!builder.defaultGroupScope) {
            scopes.remove("pg");
        }
        this.groupScopes = List.copyOf(scopes);
        this.maxGroupMembersPerPeer = builder.maxGroupMembersPerPeer;
    }

    /**
     * Returns the process group scopes the node runs: {@code pg} first (unless {@link
     * Builder#defaultGroupScope} turned it off), then those of {@link Builder#groupScopes}.
     *
     * @return the scopes' names
     */
    public List<String> groupScopes() {
        return groupScopes;
    }

    /**
     * Returns how many members the processes of one peer node may hold in one process group scope.
     *
     * @return the bound
     */
    public int maxGroupMembersPerPeer() {
        return maxGroupMembersPerPeer;
    }

    /**
     * Starts a configuration for a node. A bare name ({@code chip}) gets this host's name in the
     * chosen {@link NameMode}; a full name ({@code chip@host}) is used as it is.
     *
     * @param name the node name
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Returns the node's name.
     *
     * @return the name
     */
    public NodeName name() {
        return name;
    }

    /**
     * Returns the configured cookie; empty means {@code ~/.erlang.cookie}.
     *
     * @return the cookie, if set
     */
    public Optional<Cookie> cookie() {
        return Optional.ofNullable(cookie);
    }

    /**
     * Returns where the node listens for peers; port 0 means any free port. Unless {@linkplain
     * Builder#listen set}, a node with a long name listens on every interface, and a node with a
     * short name only on the address its host part resolves to (loopback when that is not one of
     * this host's), since a short name means one host.
     *
     * @return the address
     */
    public InetSocketAddress listenAddress() {
        return listenAddress;
    }

    /**
     * Returns how the node uses EPMD.
     *
     * @return the mode
     */
    public EpmdMode epmdMode() {
        return epmd.mode();
    }

    /**
     * Returns the EPMD port, on this host and on peers' hosts.
     *
     * @return the port
     */
    public int epmdPort() {
        return epmd.port();
    }

    /**
     * Returns the net tick time.
     *
     * @return the tick time
     */
    public Duration tickTime() {
        return distribution.tickTime();
    }

    /**
     * Returns how long connecting to a peer, handshake included, may take.
     *
     * @return the timeout
     */
    public Duration handshakeTimeout() {
        return distribution.handshakeTimeout();
    }

    /**
     * Returns how long a connection accepted from a peer may take to send its name, the
     * handshake's first message, before it is closed; never more than {@link #handshakeTimeout()}.
     *
     * @return the timeout
     */
    public Duration handshakeNameTimeout() {
        return distribution.handshakeNameTimeout();
    }

    /**
     * Returns how many connections accepted from one address may be in their handshake at once.
     *
     * @return the bound
     */
    public int maxPendingHandshakesPerAddress() {
        return distribution.maxPendingHandshakesPerAddress();
    }

    /**
     * Returns the largest packet accepted from a peer, in bytes.
     *
     * @return the bound
     */
    public int maxFrameSize() {
        return distribution.maxFrameSize();
    }

    /**
     * Returns the bounds on terms decoded from peers.
     *
     * @return the limits
     */
    public EtfLimits termLimits() {
        return distribution.termLimits();
    }

    /**
     * Tells whether the node announces itself as visible (published).
     *
     * @return whether visible
     */
    public boolean visible() {
        return visible;
    }

    /**
     * Tells whether the node announces the distribution header with the atom cache ({@code
     * DIST_HDR_ATOM_CACHE}), so that peers that announce it too frame packets with it.
     *
     * @return whether announced
     */
    public boolean distHeaderAtomCache() {
        return distribution.distHeaderAtomCache();
    }

    /**
     * Tells whether a sending thread may write a packet to an idle connection's socket itself.
     *
     * @return whether direct writes are on
     */
    public boolean directWrites() {
        return distribution.directWrites();
    }

    /**
     * Tells whether {@link Node#start} accepts connections from other nodes at once, or only once
     * {@link Node#activate()} is called.
     *
     * @return whether the node accepts connections as soon as it starts
     */
    public boolean acceptOnStart() {
        return acceptOnStart;
    }

    /**
     * Returns the number of network threads.
     *
     * @return the count
     */
    public int eventLoopThreads() {
        return dispatch.eventLoopThreads();
    }

    /**
     * Returns how the node's sockets are read and written.
     *
     * @return NIO, epoll, or AUTO
     */
    public IoTransport ioTransport() {
        return dispatch.ioTransport();
    }

    /**
     * Returns how many messages may wait for one connection being set up.
     *
     * @return the bound
     */
    public int maxPendingSends() {
        return distribution.maxPendingSends();
    }

    /**
     * Returns the number of threads shared by every mailbox with a handler.
     *
     * @return the count
     */
    public int dispatchThreads() {
        return dispatch.dispatchThreads();
    }

    /**
     * Tells whether handlers run on virtual threads instead of the {@link #dispatchThreads()}
     * platform threads.
     *
     * @return whether they do
     */
    public boolean virtualDispatchThreads() {
        return dispatch.virtualDispatchThreads();
    }

    /**
     * Returns how many messages may wait in a mailbox whose options set no capacity.
     *
     * @return the bound
     */
    public int defaultMailboxCapacity() {
        return dispatch.defaultMailboxCapacity();
    }

    /**
     * Returns how many bytes the messages waiting in a mailbox whose options set no byte bound may
     * take.
     *
     * @return the bound
     */
    public long defaultMailboxMaxBytes() {
        return dispatch.defaultMailboxMaxBytes();
    }

    /**
     * Returns what a full mailbox does when its options set no policy.
     *
     * @return the policy
     */
    public OverflowPolicy defaultOverflowPolicy() {
        return dispatch.defaultOverflowPolicy();
    }

    /**
     * Returns the peers given with their distribution ports, used instead of EPMD lookups in
     * {@link EpmdMode#NONE}.
     *
     * @return node → port
     */
    public Map<NodeName, Integer> peers() {
        return epmd.peers();
    }

    /**
     * Returns the backlog, in bytes, below which senders blocked by a busy connection resume.
     *
     * @return the low water mark
     */
    public int sendLowWaterMark() {
        return distribution.sendLowWaterMark();
    }

    /**
     * Returns the backlog, in bytes, of one connection above which senders block (network threads
     * excepted), as OTP suspends processes on a busy distribution port.
     *
     * @return the high water mark
     */
    public int sendHighWaterMark() {
        return distribution.sendHighWaterMark();
    }

    /**
     * Returns how long a dispatch thread keeps looking for work after its last before it sleeps.
     *
     * @return the spin time; zero sleeps at once
     */
    public Duration idleSpin() {
        return dispatch.idleSpin();
    }

    /**
     * Returns how many monitors the processes of one peer may hold on this node's processes; a
     * monitor beyond it is answered at once with {@code DOWN} and the reason {@code system_limit}.
     *
     * @return the bound
     */
    public int maxMonitorsPerPeer() {
        return distribution.maxMonitorsPerPeer();
    }

    /**
     * Returns how many links there may be between the processes of one peer and this node's
     * processes (unlinks waiting for the peer's acknowledgement included); a link the peer asks for
     * beyond it is answered at once with an exit signal with the reason {@code system_limit}.
     *
     * @return the bound
     */
    public int maxLinksPerPeer() {
        return distribution.maxLinksPerPeer();
    }

    /**
     * Returns how many names in Erlang's {@code global} registry the processes of one peer may hold
     * on this node (and, separately, how many of global's locks); a registration beyond it is left
     * out of this node's table, with one log line per peer.
     *
     * @return the bound
     */
    public int maxGlobalNamesPerPeer() {
        return maxGlobalNamesPerPeer;
    }

    /**
     * Returns the TLS the distribution port runs, if any.
     *
     * @return the TLS configuration, or empty for plain TCP
     */
    public Optional<TlsConfig> tls() {
        return Optional.ofNullable(tls);
    }

    /**
     * Returns the distribution settings: ticks, handshake deadlines and admission, frame and term
     * limits, send buffering and the per-peer limits.
     *
     * @return the distribution settings
     */
    public Distribution distribution() {
        return distribution;
    }

    /**
     * Returns how the node runs its work: event loops, dispatch threads and the mailbox defaults.
     *
     * @return the dispatch settings
     */
    public Dispatch dispatch() {
        return dispatch;
    }

    /**
     * Returns how the node finds peers: through EPMD, on which port, or the static table.
     *
     * @return the EPMD settings
     */
    public Epmd epmd() {
        return epmd;
    }

    /**
     * The distribution settings of a node, set on its {@link Builder}.
     *
     * @param tickTime see {@link Builder#tickTime}
     * @param handshakeTimeout see {@link Builder#handshakeTimeout}
     * @param handshakeNameTimeout see {@link Builder#handshakeNameTimeout}, at most {@code
     *     handshakeTimeout}
     * @param maxPendingHandshakesPerAddress see {@link Builder#maxPendingHandshakesPerAddress}
     * @param maxFrameSize see {@link Builder#maxFrameSize}
     * @param termLimits see {@link Builder#termLimits}
     * @param maxPendingSends see {@link Builder#maxPendingSends}
     * @param sendLowWaterMark see {@link Builder#sendWaterMarks}
     * @param sendHighWaterMark see {@link Builder#sendWaterMarks}
     * @param directWrites see {@link Builder#directWrites}
     * @param distHeaderAtomCache see {@link Builder#distHeaderAtomCache}
     * @param maxMonitorsPerPeer see {@link Builder#maxMonitorsPerPeer}
     * @param maxLinksPerPeer see {@link Builder#maxLinksPerPeer}
     */
    public record Distribution(
            Duration tickTime,
            Duration handshakeTimeout,
            Duration handshakeNameTimeout,
            int maxPendingHandshakesPerAddress,
            int maxFrameSize,
            EtfLimits termLimits,
            int maxPendingSends,
            int sendLowWaterMark,
            int sendHighWaterMark,
            boolean directWrites,
            boolean distHeaderAtomCache,
            int maxMonitorsPerPeer,
            int maxLinksPerPeer) {}

    /**
     * How a node runs its work, set on its {@link Builder}.
     *
     * @param eventLoopThreads see {@link Builder#eventLoopThreads}
     * @param ioTransport see {@link Builder#ioTransport}
     * @param dispatchThreads see {@link Builder#dispatchThreads}
     * @param virtualDispatchThreads see {@link Builder#virtualDispatchThreads}
     * @param idleSpin see {@link Builder#idleSpin}
     * @param defaultMailboxCapacity see {@link Builder#defaultMailboxCapacity}
     * @param defaultMailboxMaxBytes see {@link Builder#defaultMailboxMaxBytes}
     * @param defaultOverflowPolicy see {@link Builder#defaultOverflowPolicy}
     */
    public record Dispatch(
            int eventLoopThreads,
            IoTransport ioTransport,
            int dispatchThreads,
            boolean virtualDispatchThreads,
            Duration idleSpin,
            int defaultMailboxCapacity,
            long defaultMailboxMaxBytes,
            OverflowPolicy defaultOverflowPolicy) {}

    /**
     * How a node finds its peers, set on its {@link Builder}.
     *
     * @param mode see {@link Builder#epmdMode}
     * @param port see {@link Builder#epmdPort}
     * @param peers the static table of {@link Builder#peer}: each node's distribution port
     */
    public record Epmd(EpmdMode mode, int port, Map<NodeName, Integer> peers) {}

    @Override
    public String toString() {
        return "NodeConfig[name=" + name + ", cookie=" + (cookie == null ? "~/.erlang.cookie" : cookie.source())
                + ", listen=" + listenAddress + ", epmd=" + epmd.mode() + ":" + epmd.port() + ", tickTime="
                + distribution.tickTime()
                + ", visible=" + visible + ", distHeaderAtomCache=" + distribution.distHeaderAtomCache()
                + ", directWrites=" + distribution.directWrites() + ", ioTransport=" + dispatch.ioTransport()
                + ", acceptOnStart=" + acceptOnStart + ", tls="
                + (tls == null ? "off" : tls) + "]";
    }

    /** The default of {@link Builder#maxGroupMembersPerPeer}. */
    public static final int DEFAULT_MAX_GROUP_MEMBERS_PER_PEER = 100_000;

    /** Builds a {@link NodeConfig}; every setting has OTP's default unless said otherwise. */
    public static final class Builder {

        private final String rawName;
        private NameMode nameMode;
        private Cookie cookie;
        private InetAddress listenHost; // null: by the name's mode, see listenAddress()
        private int port;
        private EpmdMode epmdMode = EpmdMode.AUTO;
        private int epmdPort = EpmdClient.defaultPort();
        private Duration tickTime = DEFAULT_TICK_TIME;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private Duration handshakeNameTimeout = DistSettings.DEFAULT_HANDSHAKE_NAME_TIMEOUT;
        private int maxPendingHandshakesPerAddress = DistSettings.DEFAULT_MAX_PENDING_HANDSHAKES_PER_SOURCE;
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private EtfLimits termLimits = EtfLimits.DEFAULTS;
        private boolean visible;
        private boolean distHeaderAtomCache = true;
        private boolean directWrites = true;
        private boolean acceptOnStart = true;
        private int eventLoopThreads =
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private int maxPendingSends = 100_000;
        private IoTransport ioTransport = IoTransport.NIO;
        private final Map<NodeName, Integer> peers = new LinkedHashMap<>();
        private int dispatchThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private boolean virtualDispatchThreads;
        private int defaultMailboxCapacity = DEFAULT_MAILBOX_CAPACITY;
        private long defaultMailboxMaxBytes = DEFAULT_MAILBOX_MAX_BYTES;
        private OverflowPolicy defaultOverflowPolicy = OverflowPolicy.DROP_NEWEST;
        private int sendLowWaterMark = DistSettings.DEFAULT_SEND_LOW_WATER_MARK;
        private int sendHighWaterMark = DistSettings.DEFAULT_SEND_HIGH_WATER_MARK;
        private Duration idleSpin = DEFAULT_IDLE_SPIN;
        private int maxMonitorsPerPeer = DEFAULT_MAX_MONITORS_PER_PEER;
        private int maxLinksPerPeer = DEFAULT_MAX_LINKS_PER_PEER;
        private int maxGlobalNamesPerPeer = DEFAULT_MAX_GLOBAL_NAMES_PER_PEER;
        private TlsConfig tls;
        private final Set<String> groupScopes = new LinkedHashSet<>(List.of("pg"));
        private boolean defaultGroupScope = true;
        private int maxGroupMembersPerPeer = DEFAULT_MAX_GROUP_MEMBERS_PER_PEER;

        private Builder(String name) {
            this.rawName = Objects.requireNonNull(name, "name");
        }

        /**
         * Chooses short names ({@code chip@host}, like {@code erl -sname}) or long names ({@code
         * chip@host.example.com}, like {@code erl -name}). Without it a full name decides by its
         * host part and a bare name is short.
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder nameMode(NameMode mode) {
            this.nameMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the cookie; without it the node reads (or creates) {@code ~/.erlang.cookie}.
         *
         * @param cookie the cookie
         * @return this builder
         */
        public Builder cookie(Cookie cookie) {
            this.cookie = Objects.requireNonNull(cookie, "cookie");
            return this;
        }

        /**
         * Sets where to listen for peers (default: any free port; every interface for a long name,
         * and for a short name only the address its host part resolves to, which peers on this
         * host dial, or loopback; see {@link NodeConfig#listenAddress()}). Give the wildcard
         * address ({@code new InetSocketAddress(0).getAddress()}) to listen on every interface
         * with a short name too, as {@code erl -sname} does.
         *
         * @param address the address
         * @param port the port, 0 for any free one
         * @return this builder
         */
        public Builder listen(InetAddress address, int port) {
            this.listenHost = Objects.requireNonNull(address, "address");
            this.port = checkPort(port, "listen port");
            return this;
        }

        /**
         * Sets the port to listen on for peers and keeps the default address (see {@link
         * #listen(InetAddress, int)}).
         *
         * @param port the port, 0 for any free one
         * @return this builder
         */
        public Builder listenPort(int port) {
            this.port = checkPort(port, "listen port");
            return this;
        }

        /**
         * Sets how the node uses EPMD (default {@link EpmdMode#AUTO}).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder epmdMode(EpmdMode mode) {
            this.epmdMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Sets the EPMD port (default {@code ERL_EPMD_PORT}, else 4369).
         *
         * @param port the port
         * @return this builder
         */
        public Builder epmdPort(int port) {
            if (port == 0) {
                throw new IllegalArgumentException("the EPMD port must be a real port, such as 4369");
            }
            this.epmdPort = checkPort(port, "EPMD port");
            return this;
        }

        /**
         * Sets the net tick time (default 60 s, as OTP).
         *
         * @param tickTime the tick time
         * @return this builder
         */
        public Builder tickTime(Duration tickTime) {
            if (tickTime.toMillis() < 4) {
                throw new IllegalArgumentException("the tick time must be at least 4 ms, such as 60s; got " + tickTime);
            }
            this.tickTime = tickTime;
            return this;
        }

        /**
         * Sets how long connecting and the handshake may take (default 7 s, as OTP).
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "the handshake timeout must be positive, such as 7s; got " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * Sets how long a connection accepted from a peer may take to send its name, the
         * handshake's first message (default 2 s; at most the {@linkplain #handshakeTimeout
         * handshake timeout} counts). A real peer sends its name as soon as it has connected; a
         * connection that stays silent is closed at this deadline instead of holding one of the
         * node's 256 places for pending handshakes until the whole handshake's deadline.
         *
         * @param timeout the timeout, positive
         * @return this builder
         */
        public Builder handshakeNameTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "the handshake name timeout must be positive, such as 2s; got " + timeout);
            }
            this.handshakeNameTimeout = timeout;
            return this;
        }

        /**
         * Sets how many connections accepted from one address may be in their handshake at once
         * (default 32). One more from that address takes the place of its oldest connection that
         * has not sent its name yet, or is closed at once when there is none; so one address can
         * neither fill the node's 256 places for pending handshakes nor push other addresses'
         * handshakes out.
         *
         * @param count the bound, 1 to 256
         * @return this builder
         */
        public Builder maxPendingHandshakesPerAddress(int count) {
            if (count < 1 || count > 256) {
                throw new IllegalArgumentException(
                        "max pending handshakes per address must be 1..256, such as 32; got " + count);
            }
            this.maxPendingHandshakesPerAddress = count;
            return this;
        }

        /**
         * Sets the largest packet accepted from a peer (default 64 MiB).
         *
         * @param bytes the bound
         * @return this builder
         */
        public Builder maxFrameSize(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("the max frame size must be at least 1024 bytes; got " + bytes);
            }
            this.maxFrameSize = bytes;
            return this;
        }

        /**
         * Sets the bounds on terms decoded from peers.
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder termLimits(EtfLimits limits) {
            this.termLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Makes the node announce itself as visible (default hidden). A visible connection takes
         * part in Erlang's {@code global}: the node's name server runs global's connect handshake
         * with the peer ({@code global:sync()} on a BEAM peer returns), shares the cluster-wide
         * names of {@link dev.nodemesh.Node#global()}, and connects to the nodes the peer knows.
         *
         * @param visible whether to be visible
         * @return this builder
         */
        public Builder visible(boolean visible) {
            this.visible = visible;
            return this;
        }

        /**
         * Sets whether the node announces the distribution header with the atom cache ({@code
         * DIST_HDR_ATOM_CACHE}; default true).
         *
         * <p>When both sides of a connection announce it, as Erlang nodes do among themselves,
         * every packet in both directions starts with a distribution header, and the peer may send
         * an atom once and then as a one-byte reference to a per-connection cache: an {@code erl}
         * node then sends to this node the same smaller packets it sends to another {@code erl},
         * in fewer writes. nodemesh receives references but keeps no cache for sending, so its own
         * packets carry every atom in full. Turned off, every connection uses pass-through framing
         * ({@code 0x70}, each term with its own version byte) and peers send every atom in full.
         * One would turn it off to talk to a peer whose distribution header support is broken, to
         * read the traffic with a tool that only knows pass-through framing, or to compare the two.
         *
         * @param enabled whether to announce it
         * @return this builder
         */
        public Builder distHeaderAtomCache(boolean enabled) {
            this.distHeaderAtomCache = enabled;
            return this;
        }

        /**
         * Sets whether a sending thread may write a packet to the socket itself when the
         * connection is idle (default true).
         *
         * <p>A packet is normally handed to the connection's event loop, which writes everything
         * handed to it since its last write in one go: cheap per packet in a burst, but the hand-off
         * wakes the event loop, and on a virtual machine that wake-up can take longer than a
         * loopback round trip. When nothing is waiting to be written and nothing was written for
         * 10 microseconds, as for a request or a reply after a pause, the sending thread writes the
         * packet itself with one non-blocking write; bursts still go through the event loop. Turned off, every packet goes through the event loop.
         *
         * @param enabled whether to write idle connections' packets at once
         * @return this builder
         */
        public Builder directWrites(boolean enabled) {
            this.directWrites = enabled;
            return this;
        }

        /**
         * Runs every distribution connection inside TLS, as OTP's {@code -proto_dist inet_tls}
         * does (default: plain TCP).
         *
         * <p>The TLS handshake starts right after TCP connect, in both directions, and the cookie
         * handshake runs inside it: a peer needs a trusted certificate and the cookie. Only TLS 1.3
         * and 1.2 are used; the TLS handshake counts against {@link #handshakeTimeout} and, on
         * accepted connections, {@link #handshakeNameTimeout}. A peer that speaks plain TCP is
         * refused at its first bytes (failure kind {@code tls_handshake}). Direct writes are off on
         * TLS connections. EPMD stays plain. See {@link TlsConfig} for host name verification and
         * client certificates.
         *
         * <pre>{@code
         * NodeConfig.builder("chip@app1.example.com")
         *         .tls(TlsConfig.of(sslContext, TlsClientAuth.NEED))
         *         .build();
         * }</pre>
         *
         * @param tls the TLS material and rules, or null for plain TCP
         * @return this builder
         */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Sets whether {@link Node#start} accepts connections from other nodes at once (default
         * true).
         *
         * <p>Turned off, the node binds its port, registers with EPMD (which gives it the creation
         * that its pids carry) and can connect to other nodes, but accepts no connection until
         * {@link Node#activate()}: create the mailboxes that peers send to by name first, then
         * activate, and no peer finds the node without them. A peer that connects in between waits
         * in the socket's listen backlog, and its handshake goes on once the node is activated (an
         * OTP node waits up to its {@code net_setuptime}, 7 s by default).
         *
         * @param accept whether to accept connections as soon as the node starts
         * @return this builder
         */
        public Builder acceptOnStart(boolean accept) {
            this.acceptOnStart = accept;
            return this;
        }

        /**
         * Sets how the node's sockets are read and written (default {@link IoTransport#NIO}).
         * {@link IoTransport#EPOLL} needs Netty's native epoll library on the class path and makes
         * {@link Node#start} fail without it; {@link IoTransport#AUTO} takes epoll when it is
         * there, NIO otherwise. Direct writes (see {@link #directWrites}) work on NIO only.
         *
         * @param transport the transport
         * @return this builder
         */
        public Builder ioTransport(IoTransport transport) {
            this.ioTransport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * Sets the number of network threads (default: the processors, at most 4).
         *
         * @param threads the count
         * @return this builder
         */
        public Builder eventLoopThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("at least one network thread is needed; got " + threads);
            }
            this.eventLoopThreads = threads;
            return this;
        }

        /**
         * Sets how many messages may wait for one connection being set up (default 100,000); more
         * are dropped and counted.
         *
         * @param count the bound
         * @return this builder
         */
        public Builder maxPendingSends(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("max pending sends must not be negative; got " + count);
            }
            this.maxPendingSends = count;
            return this;
        }

        /**
         * Sets the number of threads that run the handlers of every mailbox (default: the
         * processors). They start on first use.
         *
         * @param threads the count
         * @return this builder
         */
        public Builder dispatchThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("at least one dispatch thread is needed; got " + threads);
            }
            this.dispatchThreads = threads;
            return this;
        }

        /**
         * Runs each handler drain on a new virtual thread (JDK 21 and later) instead of the
         * {@link #dispatchThreads(int) dispatch threads}: a handler that blocks (in a call, say)
         * then holds no platform thread. Messages of one mailbox are still handled one at a time,
         * in order. Default: off.
         *
         * @param virtual whether to
         * @return this builder
         * @throws UnsupportedOperationException when turned on in a JVM without virtual threads
         */
        public Builder virtualDispatchThreads(boolean virtual) {
            if (virtual && !dev.nodemesh.process.DispatchPool.virtualThreadsAvailable()) {
                throw new UnsupportedOperationException(
                        "virtual dispatch threads need JDK 21 or later; this is " + Runtime.version());
            }
            this.virtualDispatchThreads = virtual;
            return this;
        }

        /**
         * Sets how many messages may wait in a mailbox whose options set no capacity (default
         * 65,536).
         *
         * @param messages the bound, at least 1
         * @return this builder
         */
        public Builder defaultMailboxCapacity(int messages) {
            if (messages < 1) {
                throw new IllegalArgumentException("a mailbox's capacity must be at least 1 message; got " + messages);
            }
            this.defaultMailboxCapacity = messages;
            return this;
        }

        /**
         * Sets how many bytes the messages waiting in a mailbox whose options set no byte bound may
         * take (default 16 MiB). A message from another node counts the bytes its payload took on
         * the wire, one sent on this node an estimate of that; beyond the bound the mailbox's
         * overflow policy applies, as beyond its capacity. A message that finds the mailbox empty is
         * taken whatever its size. With the defaults, a full mailbox of 1 KB messages holds about
         * 16 MB instead of 64 MB.
         *
         * @param bytes the bound, at least 1
         * @return this builder
         */
        public Builder defaultMailboxMaxBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("a mailbox's byte bound must be at least 1 byte; got " + bytes);
            }
            this.defaultMailboxMaxBytes = bytes;
            return this;
        }

        /**
         * Sets what a full mailbox does when its options set no policy (default {@link
         * OverflowPolicy#DROP_NEWEST}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder defaultOverflowPolicy(OverflowPolicy policy) {
            this.defaultOverflowPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Gives a peer's distribution port, so that it is found without EPMD (for {@link
         * EpmdMode#NONE}): the peer is dialled at its name's host and this port.
         *
         * @param node the peer's full name, such as {@code dale@10.0.0.7}
         * @param port its distribution port
         * @return this builder
         */
        public Builder peer(String node, int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("the port of peer " + node + " must be 1..65535; got " + port);
            }
            this.peers.put(NodeName.parse(node), port);
            return this;
        }

        /**
         * Bounds each connection's send backlog (default 512 KiB and 1 MiB, OTP's {@code
         * dist_buf_busy_limit}): when more than {@code high} bytes wait to be written to a peer, a
         * sender blocks until fewer than {@code low} do, or the connection closes. Network threads
         * never block. This keeps a sender's memory bounded when its peer reads slower than it
         * sends.
         *
         * @param low the low water mark in bytes, at least 1
         * @param high the high water mark in bytes, at least {@code low}
         * @return this builder
         */
        public Builder sendWaterMarks(int low, int high) {
            if (low < 1 || high < low) {
                throw new IllegalArgumentException(
                        "send water marks must satisfy 1 <= low <= high; got low " + low + " and high " + high);
            }
            this.sendLowWaterMark = low;
            this.sendHighWaterMark = high;
            return this;
        }

        /**
         * Sets how long a dispatch thread (one that runs handlers) keeps polling for work after
         * its last, yielding the processor between polls, before it sleeps (default 50 µs). A
         * message that comes within that window is handled at once instead of waking a sleeping
         * thread, which costs tens of microseconds on a virtual machine; the Erlang VM's
         * schedulers busy-wait the same way. Zero sleeps at once and spends no processor time
         * while idle.
         *
         * @param spin the spin time, zero or more, at most 10 ms
         * @return this builder
         */
        public Builder idleSpin(Duration spin) {
            Objects.requireNonNull(spin, "spin");
            if (spin.isNegative() || spin.compareTo(Duration.ofMillis(10)) > 0) {
                throw new IllegalArgumentException("the idle spin must be 0..10 ms; got " + spin);
            }
            this.idleSpin = spin;
            return this;
        }

        /**
         * Bounds the monitors the processes of one connected node may hold on this node's processes
         * (default 100,000), so that a peer cannot make this node hold unbounded state. A monitor
         * beyond the bound is refused as OTP refuses what exceeds a system limit: the peer's
         * process gets {@code {'DOWN', Ref, process, Target, system_limit}} at once; the first
         * refusal on a connection is logged, every one is counted ({@code
         * Connection.limitRefusals()}).
         *
         * @param monitors the bound, at least 1
         * @return this builder
         */
        public Builder maxMonitorsPerPeer(int monitors) {
            if (monitors < 1) {
                throw new IllegalArgumentException("max monitors per peer must be at least 1; got " + monitors);
            }
            this.maxMonitorsPerPeer = monitors;
            return this;
        }

        /**
         * Bounds the links between the processes of one connected node and this node's processes
         * (default 100,000; unlinks waiting for the peer's acknowledgement count too). A link the
         * peer asks for beyond the bound is refused with an exit signal to the peer's process with
         * the reason {@code system_limit}; the first refusal on a connection is logged, every one is
         * counted ({@code Connection.limitRefusals()}).
         *
         * @param links the bound, at least 1
         * @return this builder
         */
        public Builder maxLinksPerPeer(int links) {
            if (links < 1) {
                throw new IllegalArgumentException("max links per peer must be at least 1; got " + links);
            }
            this.maxLinksPerPeer = links;
            return this;
        }

        /**
         * Bounds the names in Erlang's {@code global} registry that the processes of one connected
         * node may hold in this node's table (default 10,000), and separately the global locks they
         * may hold here. A registration beyond the bound is left out of this node's table and
         * logged once per peer; a lock beyond it is refused.
         *
         * @param names the bound, at least 1
         * @return this builder
         */
        public Builder maxGlobalNamesPerPeer(int names) {
            if (names < 1) {
                throw new IllegalArgumentException("max global names per peer must be at least 1; got " + names);
            }
            this.maxGlobalNamesPerPeer = names;
            return this;
        }

        /**
         * Adds process group scopes besides the default {@code pg} (see {@link
         * Node#groups(String)}), as {@code pg:start_link(Scope)} starts one on a BEAM node: each is a
         * process registered under the scope's name, which shares its groups with the scope of the
         * same name on other nodes.
         *
         * @param scopes the scopes' names, valid atoms of at most 200 characters
         * @return this builder
         */
        public Builder groupScopes(String... scopes) {
            for (String scope : scopes) {
                Objects.requireNonNull(scope, "scope");
                if (scope.isEmpty() || scope.length() > 200 || scope.startsWith("nodemesh_pg:")) {
                    throw new IllegalArgumentException(
                            "a group scope needs a name of 1..200 characters not starting with nodemesh_pg:; got '"
                                    + scope + "'");
                }
                groupScopes.add(scope);
            }
            return this;
        }

        /**
         * Whether the node runs the default process group scope {@code pg} (default true), which
         * {@link Node#groups()} returns and BEAM nodes' {@code :pg.join/2} shares groups with. Off,
         * the node sends no {@code pg} traffic and holds no monitor on its peers for it, and {@code
         * Node.groups()} throws; scopes of {@link #groupScopes} still run.
         *
         * @param run whether to run it
         * @return this builder
         */
        public Builder defaultGroupScope(boolean run) {
            this.defaultGroupScope = run;
            return this;
        }

        /**
         * Bounds the members that the processes of one peer node may hold in one process group
         * scope (default 100,000), so that a peer cannot make this node hold unbounded state. A
         * {@code sync} or {@code join} beyond the bound is refused whole, logged (one line per 10 s)
         * and counted ({@link ProcessGroups#refusedMessages()}).
         *
         * @param members the bound, at least 1
         * @return this builder
         */
        public Builder maxGroupMembersPerPeer(int members) {
            if (members < 1) {
                throw new IllegalArgumentException("max group members per peer must be at least 1; got " + members);
            }
            this.maxGroupMembersPerPeer = members;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when the name is invalid; the message shows a valid one
         */
        public NodeConfig build() {
            if (epmdMode == EpmdMode.NONE && port == 0) {
                throw new IllegalArgumentException("without EPMD (EpmdMode.NONE) peers cannot look this node up:"
                        + " give it a fixed listen port, such as listen(address, 4370)");
            }
            return new NodeConfig(this);
        }

        private NodeName resolveName() {
            if (nameMode != null) {
                return NodeName.of(rawName, nameMode);
            }
            return rawName.contains("@") ? NodeName.parse(rawName) : NodeName.of(rawName, NameMode.SHORT);
        }

        private static int checkPort(int port, String what) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("the " + what + " must be 0..65535; got " + port);
            }
            return port;
        }
    }
}

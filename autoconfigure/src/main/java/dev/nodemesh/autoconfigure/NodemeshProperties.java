package dev.nodemesh.autoconfigure;

import dev.nodemesh.CookieFilePermissions;
import dev.nodemesh.EpmdMode;
import dev.nodemesh.IoTransport;
import dev.nodemesh.NameMode;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.OverflowPolicy;
import dev.nodemesh.autoconfigure.discovery.DnsDiscovery;
import dev.nodemesh.tls.TlsClientAuth;
import dev.nodemesh.tls.TlsProvider;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the node a Spring Boot application runs, bound to {@code nodemesh.*}.
 *
 * <pre>{@code
 * nodemesh:
 *   node:
 *     name: chip@localhost
 *     cookie-file: /run/secrets/erlang.cookie
 *   connect:
 *     nodes: dale@localhost
 * }</pre>
 *
 * <p>Values are checked when the node is configured; a wrong one stops the application with a
 * message that names the property and says what it accepts.
 */
@ConfigurationProperties("nodemesh")
public class NodemeshProperties {

    /** Whether to run a node; false turns the whole nodemesh auto-configuration off. */
    private boolean enabled = true;

    private final NodeIdentity node = new NodeIdentity();

    private final Listen listen = new Listen();

    private final Epmd epmd = new Epmd();

    private final Distribution distribution = new Distribution();

    private final MailboxDefaults mailbox = new MailboxDefaults();

    private final Connect connect = new Connect();

    private final Health health = new Health();

    private final Metrics metrics = new Metrics();

    private final Call call = new Call();

    private final Actuator actuator = new Actuator();
    private final Processes process = new Processes();

    private final Ssl ssl = new Ssl();

    private final Groups groups = new Groups();

    private final Dashboard dashboard = new Dashboard();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public NodeIdentity getNode() {
        return node;
    }

    public Listen getListen() {
        return listen;
    }

    public Epmd getEpmd() {
        return epmd;
    }

    public Distribution getDistribution() {
        return distribution;
    }

    public MailboxDefaults getMailbox() {
        return mailbox;
    }

    public Connect getConnect() {
        return connect;
    }

    public Health getHealth() {
        return health;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Call getCall() {
        return call;
    }

    public Actuator getActuator() {
        return actuator;
    }

    public Processes getProcess() {
        return process;
    }

    public Ssl getSsl() {
        return ssl;
    }

    public Groups getGroups() {
        return groups;
    }

    public Dashboard getDashboard() {
        return dashboard;
    }

    /** Process groups compatible with Erlang's pg: the scopes the node runs and their bound per peer. */
    public static class Groups {

        /**
         * Whether to run the default process group scope pg, which BEAM nodes' pg:join/2 shares
         * groups with.
         */
        private boolean defaultScope = true;

        /**
         * Process group scopes to run besides the default scope pg, as pg:start_link(Scope) starts
         * them on a BEAM node.
         */
        private List<String> scopes = new ArrayList<>();

        /**
         * Most members one connected node's processes may hold in one scope; a sync or join beyond
         * that is refused.
         */
        private int maxMembersPerPeer = NodeConfig.DEFAULT_MAX_GROUP_MEMBERS_PER_PEER;

        public boolean isDefaultScope() {
            return defaultScope;
        }

        public void setDefaultScope(boolean defaultScope) {
            this.defaultScope = defaultScope;
        }

        public List<String> getScopes() {
            return scopes;
        }

        public void setScopes(List<String> scopes) {
            this.scopes = scopes;
        }

        public int getMaxMembersPerPeer() {
            return maxMembersPerPeer;
        }

        public void setMaxMembersPerPeer(int maxMembersPerPeer) {
            this.maxMembersPerPeer = maxMembersPerPeer;
        }
    }

    /** Who the node is: its name, its cookie and how it shows itself to BEAM nodes. */
    public static class NodeIdentity {

        /**
         * Node name, such as 'chip@localhost', or a bare 'chip' that gets this host's name; defaults to
         * 'spring.application.name'.
         */
        private String name;

        /**
         * Kind of node name: 'short' for a plain host name (like 'erl -sname'), 'long' for a fully
         * qualified name or IP address (like 'erl -name'); inferred from the name's host when not set.
         */
        private NameMode nameMode;

        /**
         * Cookie shared by the nodes allowed to connect; when neither it nor 'cookie-file' is set,
         * '~/.erlang.cookie' is read, and created when missing.
         */
        private String cookie;

        /** File holding the cookie, readable by its owner only, as 'erl' requires of '~/.erlang.cookie'. */
        private Path cookieFile;

        /**
         * Which permissions 'cookie-file' may have: 'owner-only', or 'allow-readable' for a secret
         * mounted read-only that group and others may read (never write).
         */
        private CookieFilePermissions cookieFilePermissions = CookieFilePermissions.OWNER_ONLY;

        /**
         * Whether connections to BEAM nodes are visible (listed by 'Node.list()') rather than hidden;
         * a visible node takes part in Erlang's global: cluster-wide names, global's locks, and
         * connections to the nodes its peers know.
         */
        private boolean visible;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public NameMode getNameMode() {
            return nameMode;
        }

        public void setNameMode(NameMode nameMode) {
            this.nameMode = nameMode;
        }

        public String getCookie() {
            return cookie;
        }

        public void setCookie(String cookie) {
            this.cookie = cookie;
        }

        public Path getCookieFile() {
            return cookieFile;
        }

        public void setCookieFile(Path cookieFile) {
            this.cookieFile = cookieFile;
        }

        public CookieFilePermissions getCookieFilePermissions() {
            return cookieFilePermissions;
        }

        public void setCookieFilePermissions(CookieFilePermissions cookieFilePermissions) {
            this.cookieFilePermissions = cookieFilePermissions;
        }

        public boolean isVisible() {
            return visible;
        }

        public void setVisible(boolean visible) {
            this.visible = visible;
        }
    }

    /** Where the node accepts connections from other nodes. */
    public static class Listen {

        /**
         * Network address to listen on for other nodes; when not set, every interface for a long
         * name, and for a short name only the address its host part resolves to (or loopback).
         */
        private InetAddress address;

        /** Port to listen on for other nodes; 0 takes any free port, which EPMD then advertises. */
        private int port;

        /**
         * Whether the node accepts connections from other nodes only once the application context
         * has started and every @NodeProcess is registered; until then peers wait in the listen
         * backlog.
         */
        private boolean acceptAfterStartup = true;

        public InetAddress getAddress() {
            return address;
        }

        public void setAddress(InetAddress address) {
            this.address = address;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public boolean isAcceptAfterStartup() {
            return acceptAfterStartup;
        }

        public void setAcceptAfterStartup(boolean acceptAfterStartup) {
            this.acceptAfterStartup = acceptAfterStartup;
        }
    }

    /** How the node uses EPMD, the port mapper through which nodes find each other. */
    public static class Epmd {

        /**
         * How to find nodes: 'auto' starts an EPMD inside the JVM when none answers, 'external' requires
         * a running one, 'none' uses no EPMD and finds nodes through 'nodemesh.epmd.peers'.
         */
        private EpmdMode mode = EpmdMode.AUTO;

        /** Nodes and their distribution ports, as 'name@host:port', for 'nodemesh.epmd.mode=none'. */
        private List<String> peers = new ArrayList<>();

        /** EPMD port on this host and on the hosts of other nodes; defaults to ERL_EPMD_PORT, else 4369. */
        private Integer port;

        public EpmdMode getMode() {
            return mode;
        }

        public void setMode(EpmdMode mode) {
            this.mode = mode;
        }

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public List<String> getPeers() {
            return peers;
        }

        public void setPeers(List<String> peers) {
            this.peers = peers;
        }
    }

    /** Settings of the distribution protocol: liveness, timeouts and bounds on what peers send. */
    public static class Distribution {

        /**
         * Net tick time, as OTP's 'net_ticktime': a connected node silent for about this long is
         * taken as down.
         */
        private Duration tickTime = Duration.ofSeconds(60);

        /** How long connecting to a node may take, handshake included, as OTP's 'net_setuptime'. */
        private Duration handshakeTimeout = Duration.ofSeconds(7);

        /**
         * How long a connection accepted from another node may take to send its name, the
         * handshake's first message, before it is closed; at most the handshake timeout counts.
         */
        private Duration handshakeNameTimeout = Duration.ofSeconds(2);

        /** How many connections accepted from one address may be in their handshake at once. */
        private int maxPendingHandshakesPerAddress = 32;

        /** Largest packet accepted from a connected node; a larger one closes the connection. */
        private DataSize maxFrameSize = DataSize.ofMegabytes(64);

        /** How many messages may wait for a connection that is being set up; more are dropped. */
        private int maxPendingSends = 100_000;

        /** Number of network threads; defaults to the number of processors, at most 4. */
        private Integer eventLoopThreads;

        /**
         * Whether to announce the distribution header with the atom cache (DIST_HDR_ATOM_CACHE), so
         * that nodes announcing it too, as Erlang nodes do, send atoms as references to a
         * per-connection cache; off, every connection uses pass-through framing.
         */
        private boolean atomCache = true;

        /**
         * Whether a sending thread may write a packet to the socket itself when the connection is
         * idle, instead of waking the network thread; bursts are batched either way.
         */
        private boolean directWrites = true;

        /**
         * How sockets are read and written: 'nio' (Java NIO, every platform, with direct writes),
         * 'epoll' (Netty's native epoll, which needs io.netty:netty-transport-native-epoll for the
         * platform or the node does not start) or 'auto' (epoll where available, NIO otherwise).
         */
        private IoTransport ioTransport = IoTransport.NIO;

        private final TermLimits termLimits = new TermLimits();

        private final PeerLimits peerLimits = new PeerLimits();

        public Duration getTickTime() {
            return tickTime;
        }

        public void setTickTime(Duration tickTime) {
            this.tickTime = tickTime;
        }

        public Duration getHandshakeTimeout() {
            return handshakeTimeout;
        }

        public void setHandshakeTimeout(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
        }

        public Duration getHandshakeNameTimeout() {
            return handshakeNameTimeout;
        }

        public void setHandshakeNameTimeout(Duration handshakeNameTimeout) {
            this.handshakeNameTimeout = handshakeNameTimeout;
        }

        public int getMaxPendingHandshakesPerAddress() {
            return maxPendingHandshakesPerAddress;
        }

        public void setMaxPendingHandshakesPerAddress(int maxPendingHandshakesPerAddress) {
            this.maxPendingHandshakesPerAddress = maxPendingHandshakesPerAddress;
        }

        public DataSize getMaxFrameSize() {
            return maxFrameSize;
        }

        public void setMaxFrameSize(DataSize maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
        }

        public int getMaxPendingSends() {
            return maxPendingSends;
        }

        public void setMaxPendingSends(int maxPendingSends) {
            this.maxPendingSends = maxPendingSends;
        }

        public Integer getEventLoopThreads() {
            return eventLoopThreads;
        }

        public void setEventLoopThreads(Integer eventLoopThreads) {
            this.eventLoopThreads = eventLoopThreads;
        }

        public boolean isAtomCache() {
            return atomCache;
        }

        public void setAtomCache(boolean atomCache) {
            this.atomCache = atomCache;
        }

        public boolean isDirectWrites() {
            return directWrites;
        }

        public void setDirectWrites(boolean directWrites) {
            this.directWrites = directWrites;
        }

        public IoTransport getIoTransport() {
            return ioTransport;
        }

        public void setIoTransport(IoTransport ioTransport) {
            this.ioTransport = ioTransport;
        }

        public TermLimits getTermLimits() {
            return termLimits;
        }

        public PeerLimits getPeerLimits() {
            return peerLimits;
        }
    }

    /** Bounds on the state one connected node can make this node hold for it. */
    public static class PeerLimits {

        /**
         * Most monitors one node's processes may hold on this node's processes; more are answered
         * at once with a DOWN whose reason is system_limit.
         */
        private int maxMonitors = NodeConfig.DEFAULT_MAX_MONITORS_PER_PEER;

        /**
         * Most links between one node's processes and this node's processes; a link it asks for
         * beyond that is answered with an exit signal whose reason is system_limit.
         */
        private int maxLinks = NodeConfig.DEFAULT_MAX_LINKS_PER_PEER;

        /**
         * Most names in Erlang's global registry one node's processes may hold in this node's
         * table (and, separately, most global locks); more are left out, logged once per peer.
         */
        private int maxGlobalNames = NodeConfig.DEFAULT_MAX_GLOBAL_NAMES_PER_PEER;

        public int getMaxGlobalNames() {
            return maxGlobalNames;
        }

        public void setMaxGlobalNames(int maxGlobalNames) {
            this.maxGlobalNames = maxGlobalNames;
        }

        public int getMaxMonitors() {
            return maxMonitors;
        }

        public void setMaxMonitors(int maxMonitors) {
            this.maxMonitors = maxMonitors;
        }

        public int getMaxLinks() {
            return maxLinks;
        }

        public void setMaxLinks(int maxLinks) {
            this.maxLinks = maxLinks;
        }
    }

    /** Bounds on the terms decoded from other nodes, so a hostile peer cannot exhaust memory or stack. */
    public static class TermLimits {

        /** How many tuples, lists and maps may enclose a term. */
        private int maxDepth = 1024;

        /** Longest atom accepted, in characters (255 at most, as in Erlang). */
        private int maxAtomLength = 255;

        /** Largest term accepted, counting a compressed term by its decompressed size. */
        private DataSize maxTermSize = DataSize.ofMegabytes(64);

        /** Largest size a compressed term may inflate to; 0 refuses compressed terms. */
        private DataSize maxDecompressedSize = DataSize.ofMegabytes(64);

        public int getMaxDepth() {
            return maxDepth;
        }

        public void setMaxDepth(int maxDepth) {
            this.maxDepth = maxDepth;
        }

        public int getMaxAtomLength() {
            return maxAtomLength;
        }

        public void setMaxAtomLength(int maxAtomLength) {
            this.maxAtomLength = maxAtomLength;
        }

        public DataSize getMaxTermSize() {
            return maxTermSize;
        }

        public void setMaxTermSize(DataSize maxTermSize) {
            this.maxTermSize = maxTermSize;
        }

        public DataSize getMaxDecompressedSize() {
            return maxDecompressedSize;
        }

        public void setMaxDecompressedSize(DataSize maxDecompressedSize) {
            this.maxDecompressedSize = maxDecompressedSize;
        }
    }

    /** Defaults for the mailboxes of the node and the threads that run their message handlers. */
    public static class MailboxDefaults {

        /** How many messages may wait in a mailbox created without a capacity of its own. */
        private int defaultCapacity = 65_536;

        /**
         * How many bytes the messages waiting in a mailbox created without a byte bound of its own
         * may take, counted as their encoded size (estimated for messages sent on this node).
         */
        private DataSize defaultMaxBytes = DataSize.ofMegabytes(16);

        /**
         * What a full mailbox created without a policy of its own does with one more message:
         * 'drop-newest' drops it, 'refuse' makes a send from this node fail (messages from other
         * nodes are dropped either way).
         */
        private OverflowPolicy defaultOverflowPolicy = OverflowPolicy.DROP_NEWEST;

        /**
         * Number of platform threads that run the message handlers of every mailbox, @NodeProcess
         * beans included; defaults to the number of processors but at least 2, and is unused when
         * handlers run on virtual threads (spring.threads.virtual.enabled=true on JDK 21+).
         */
        private Integer dispatchThreads;

        public int getDefaultCapacity() {
            return defaultCapacity;
        }

        public void setDefaultCapacity(int defaultCapacity) {
            this.defaultCapacity = defaultCapacity;
        }

        public DataSize getDefaultMaxBytes() {
            return defaultMaxBytes;
        }

        public void setDefaultMaxBytes(DataSize defaultMaxBytes) {
            this.defaultMaxBytes = defaultMaxBytes;
        }

        public OverflowPolicy getDefaultOverflowPolicy() {
            return defaultOverflowPolicy;
        }

        public void setDefaultOverflowPolicy(OverflowPolicy defaultOverflowPolicy) {
            this.defaultOverflowPolicy = defaultOverflowPolicy;
        }

        public Integer getDispatchThreads() {
            return dispatchThreads;
        }

        public void setDispatchThreads(Integer dispatchThreads) {
            this.dispatchThreads = dispatchThreads;
        }
    }

    /** Nodes to connect to once the application has started. */
    public static class Connect {

        /**
         * Full names of the nodes to connect to at startup, such as 'dale@localhost'; each is retried
         * with backoff until it answers, and an absent one never fails startup.
         */
        private List<String> nodes = new ArrayList<>();

        /** Wait before the second attempt to connect to a startup node; doubled after each failure. */
        private Duration initialBackoff = Duration.ofSeconds(1);

        /** Longest wait between two attempts to connect to a startup node. */
        private Duration maxBackoff = Duration.ofSeconds(30);

        public List<String> getNodes() {
            return nodes;
        }

        public void setNodes(List<String> nodes) {
            this.nodes = nodes;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }
    }

    /** What the 'nodemesh' health indicator checks besides the node listening. */
    public static class Health {

        /** Full names of the nodes that must be connected for the health to be UP. */
        private List<String> requiredNodes = new ArrayList<>();

        public List<String> getRequiredNodes() {
            return requiredNodes;
        }

        public void setRequiredNodes(List<String> requiredNodes) {
            this.requiredNodes = requiredNodes;
        }
    }

    /** How the Micrometer meters follow the connected nodes and registered processes. */
    public static class Metrics {

        /**
         * How often the per-node and per-process meters are brought in line with the connected nodes
         * and the registered names; node events also do so at once.
         */
        private Duration refreshInterval = Duration.ofSeconds(10);

        public Duration getRefreshInterval() {
            return refreshInterval;
        }

        public void setRefreshInterval(Duration refreshInterval) {
            this.refreshInterval = refreshInterval;
        }
    }

    /** How NodeTemplate calls gen_servers. */
    public static class Call {

        /** How long a NodeTemplate call waits for its reply when the call gives no timeout. */
        private Duration defaultTimeout = Duration.ofSeconds(5);

        public Duration getDefaultTimeout() {
            return defaultTimeout;
        }

        public void setDefaultTimeout(Duration defaultTimeout) {
            this.defaultTimeout = defaultTimeout;
        }
    }

    /** What the 'nodes' actuator endpoint may do when its writing operations are switched on. */
    public static class Actuator {

        /**
         * Hosts, as written after the '@' of node names, whose nodes 'POST /actuator/nodes/{node}' may
         * dial, or '*' for any; configured nodes are always allowed, other nodes never by default.
         */
        private List<String> allowedConnectHosts = new ArrayList<>();

        public List<String> getAllowedConnectHosts() {
            return allowedConnectHosts;
        }

        public void setAllowedConnectHosts(List<String> allowedConnectHosts) {
            this.allowedConnectHosts = allowedConnectHosts;
        }
    }

    /** How the @NodeProcess beans' mailboxes are kept alive when a peer kills them or a handler fails. */
    public static class Processes {

        /**
         * How many times a @NodeProcess mailbox that ended is restarted within restart-period before
         * it is given up and reported DOWN; 0 never restarts.
         */
        private int maxRestarts = 3;

        /** Window in which the restarts of one @NodeProcess are counted against max-restarts. */
        private Duration restartPeriod = Duration.ofSeconds(30);

        /** Wait before restarting a @NodeProcess mailbox; doubled for each further restart within restart-period. */
        private Duration restartBackoff = Duration.ofMillis(100);

        /** Longest wait before restarting a @NodeProcess mailbox. */
        private Duration maxRestartBackoff = Duration.ofSeconds(5);

        /**
         * Whether @NodeProcess mailboxes ignore the exit signal kill that any node with the cookie can
         * send, instead of ending and being restarted.
         */
        private boolean ignoreKill;

        /**
         * Whether the {:error, reason} a caller receives when a @OnMessage method throws names the
         * exception's Java class ("java.lang.IllegalStateException: boom" instead of "boom"), for
         * development; a NodeProcessErrorHandler bean replaces these replies altogether.
         */
        private boolean includeExceptionClass;

        public boolean isIncludeExceptionClass() {
            return includeExceptionClass;
        }

        public void setIncludeExceptionClass(boolean includeExceptionClass) {
            this.includeExceptionClass = includeExceptionClass;
        }

        public int getMaxRestarts() {
            return maxRestarts;
        }

        public void setMaxRestarts(int maxRestarts) {
            this.maxRestarts = maxRestarts;
        }

        public Duration getRestartPeriod() {
            return restartPeriod;
        }

        public void setRestartPeriod(Duration restartPeriod) {
            this.restartPeriod = restartPeriod;
        }

        public Duration getRestartBackoff() {
            return restartBackoff;
        }

        public void setRestartBackoff(Duration restartBackoff) {
            this.restartBackoff = restartBackoff;
        }

        public Duration getMaxRestartBackoff() {
            return maxRestartBackoff;
        }

        public void setMaxRestartBackoff(Duration maxRestartBackoff) {
            this.maxRestartBackoff = maxRestartBackoff;
        }

        public boolean isIgnoreKill() {
            return ignoreKill;
        }

        public void setIgnoreKill(boolean ignoreKill) {
            this.ignoreKill = ignoreKill;
        }
    }

    /** TLS on the distribution port, from a Spring Boot SSL bundle ('spring.ssl.bundle.*'). */
    public static class Ssl {

        /** Whether distribution connections run inside TLS; on by default when a bundle is set. */
        private Boolean enabled;

        /** Name of the SSL bundle ('spring.ssl.bundle.pem.NAME' or 'spring.ssl.bundle.jks.NAME') with the node's certificate. */
        private String bundle;

        /**
         * Whether nodes that dial this one must show a trusted certificate: 'need' (mutual TLS), 'want' or
         * 'none'; 'need' by default when the bundle has a trust store, 'none' without.
         */
        private TlsClientAuth clientAuth;

        /** Whether a dialled node's certificate must be issued for the host of its node name. */
        private boolean verifyHostname = true;

        /**
         * TLS engine: 'auto' (OpenSSL when io.netty:netty-tcnative-boringssl-static is on the class path, the
         * JDK's engine otherwise), 'jdk', or 'openssl' (the node fails to start without netty-tcnative).
         */
        private TlsProvider provider = TlsProvider.AUTO;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public TlsClientAuth getClientAuth() {
            return clientAuth;
        }

        public void setClientAuth(TlsClientAuth clientAuth) {
            this.clientAuth = clientAuth;
        }

        public boolean isVerifyHostname() {
            return verifyHostname;
        }

        public void setVerifyHostname(boolean verifyHostname) {
            this.verifyHostname = verifyHostname;
        }

        public TlsProvider getProvider() {
            return provider;
        }

        public void setProvider(TlsProvider provider) {
            this.provider = provider;
        }
    }

    // --- nodemesh.discovery (issue 20): clusters that form themselves ---

    private final Discovery discovery = new Discovery();

    public Discovery getDiscovery() {
        return discovery;
    }

    /**
     * Discovery of the cluster's members: the node connects to members that appear and forgets those
     * that vanish; 'nodemesh.connect.nodes' is its static list.
     */
    public static class Discovery {

        /** How often the DNS and Spring Cloud sources are asked for the members. */
        private Duration interval = Duration.ofSeconds(5);

        /** Most members taken from one source at one poll; the rest are left out, with a warning. */
        private int maxMembers = 1000;

        private final Dns dns = new Dns();

        private final SpringCloud springCloud = new SpringCloud();

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public int getMaxMembers() {
            return maxMembers;
        }

        public void setMaxMembers(int maxMembers) {
            this.maxMembers = maxMembers;
        }

        public Dns getDns() {
            return dns;
        }

        public SpringCloud getSpringCloud() {
            return springCloud;
        }
    }

    /** Members from DNS records, as Elixir's libcluster Kubernetes.DNS strategy finds them. */
    public static class Dns {

        /**
         * DNS name whose records are the members, such as a Kubernetes headless service
         * 'app.default.svc.cluster.local' (fully qualified); unset, DNS discovery is off.
         */
        private String query;

        /**
         * Which records: 'address' (A and AAAA, members 'basename@ip') or 'srv' (members
         * 'basename@target' with the record's port); unset, 'srv' when the query starts with '_'.
         */
        private DnsDiscovery.Mode mode;

        /** Alive part of the members' names (before the '@'); defaults to this node's. */
        private String basename;

        /** Distribution port of every member found by address, for 'nodemesh.epmd.mode=none'. */
        private Integer port;

        /** Name servers to ask, as 'host' or 'host:port'; defaults to the system's (resolv.conf). */
        private List<String> servers = new ArrayList<>();

        /** How long one DNS question may take. */
        private Duration timeout = Duration.ofSeconds(5);

        public String getQuery() {
            return query;
        }

        public void setQuery(String query) {
            this.query = query;
        }

        public DnsDiscovery.Mode getMode() {
            return mode;
        }

        public void setMode(DnsDiscovery.Mode mode) {
            this.mode = mode;
        }

        public String getBasename() {
            return basename;
        }

        public void setBasename(String basename) {
            this.basename = basename;
        }

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public List<String> getServers() {
            return servers;
        }

        public void setServers(List<String> servers) {
            this.servers = servers;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** Members from Spring Cloud's DiscoveryClient (Consul, Eureka, Kubernetes, simple), when present. */
    public static class SpringCloud {

        /** Service ids whose instances are members; empty, Spring Cloud discovery is off. */
        private List<String> serviceIds = new ArrayList<>();

        /** Instance metadata key that holds a member's node name; instances without it are skipped. */
        private String metadataKey = "nodemesh-node";

        /** Whether to put this node's name into the service registration's metadata, where the registry allows. */
        private boolean registerMetadata = true;

        public List<String> getServiceIds() {
            return serviceIds;
        }

        public void setServiceIds(List<String> serviceIds) {
            this.serviceIds = serviceIds;
        }

        public String getMetadataKey() {
            return metadataKey;
        }

        public void setMetadataKey(String metadataKey) {
            this.metadataKey = metadataKey;
        }

        public boolean isRegisterMetadata() {
            return registerMetadata;
        }

        public void setRegisterMetadata(boolean registerMetadata) {
            this.registerMetadata = registerMetadata;
        }
    }

    /** The cluster view: a read-only page on the management port, the actuator endpoint 'cluster'. */
    public static class Dashboard {

        /**
         * Whether the cluster view exists: '/actuator/cluster' (the page) and '/actuator/cluster/snapshot'
         * (its JSON), when the endpoint 'cluster' is also exposed.
         */
        private boolean enabled;

        /** How often the traffic of each connected node is sampled for the view's charts. */
        private Duration sampleInterval = Duration.ofSeconds(2);

        /** How far back the view's traffic charts reach; history / sample-interval samples are kept per node. */
        private Duration history = Duration.ofMinutes(5);

        /** How many of the latest node-up and node-down events the view keeps. */
        private int maxEvents = 100;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getSampleInterval() {
            return sampleInterval;
        }

        public void setSampleInterval(Duration sampleInterval) {
            this.sampleInterval = sampleInterval;
        }

        public Duration getHistory() {
            return history;
        }

        public void setHistory(Duration history) {
            this.history = history;
        }

        public int getMaxEvents() {
            return maxEvents;
        }

        public void setMaxEvents(int maxEvents) {
            this.maxEvents = maxEvents;
        }
    }
}

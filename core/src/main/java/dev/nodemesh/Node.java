package dev.nodemesh;

import dev.nodemesh.dist.ConnectionManager;
import dev.nodemesh.epmd.EpmdException;
import dev.nodemesh.epmd.EpmdRegistrar;
import dev.nodemesh.global.GlobalNameServer;
import dev.nodemesh.global.GlobalRegistry;
import dev.nodemesh.handshake.DistFlags;
import dev.nodemesh.handshake.HandshakeIdentity;
import dev.nodemesh.pg.PgScopes;
import dev.nodemesh.process.DispatchPool;
import dev.nodemesh.process.LocalProcess;
import dev.nodemesh.process.ProcessTable;
import dev.nodemesh.runtime.ExitReasons;
import dev.nodemesh.runtime.MailboxProcess;
import dev.nodemesh.runtime.NetKernelResponder;
import dev.nodemesh.runtime.NodeRuntime;
import dev.nodemesh.runtime.StatusListeners;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.tls.TlsConfig;
import dev.nodemesh.transport.SocketKind;
import dev.nodemesh.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: a name on the network, reachable by Erlang/Elixir nodes and other nodemesh
 * nodes, hosting {@link Mailbox}es.
 *
 * <pre>{@code
 * try (Node node = Node.start(NodeConfig.builder("chip").build())) {
 *     Mailbox inbox = node.createMailbox("my_iex");
 *     node.connect("dale@localhost");
 *     inbox.send("my_iex", "dale@localhost", Atom.of("hello_from_chip"));
 *     Optional<Term> reply = inbox.receive(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Several nodes may live in one JVM. Closing a node closes its mailboxes with {@code shutdown}
 * (remote monitors and links see that reason), then its connections (peers see it go down at
 * once), releases its name in EPMD and stops its threads.
 *
 * <p>An {@link Error} on any of the node's threads (out of memory, a stack overflow, in the node's
 * code or in a handler it calls) closes the node in the same way, from a thread of its own, rather
 * than leaving it half alive: {@link #failure()} then returns the error, and {@link
 * NodeStatusListener#nodeFailed} hears of it, so that the application can decide what to do next
 * (exit, restart the node).
 */
public final class Node implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Node.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final NodeConfig config;
    private final NodeName name;
    private final Cookie cookie;
    private final Transport transport;
    private final ExecutorService connector;
    private final ExecutorService events;
    private final DispatchPool dispatchPool;
    private final StatusListeners statusListeners;
    private final NodeRuntime runtime;
    private final ConnectionManager connections;
    private InetSocketAddress address;
    private EpmdRegistrar registrar;
    private ProcessTable processes;
    private Mailbox system;
    private GlobalNameServer globalServer;
    private GlobalNames global;
    private PgScopes groupScopes;
    private volatile boolean closed;
    private final Object closeLock = new Object();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Closes the node after an Error; made up front, so that closing needs no new thread object. */
    private final Thread failureCloser;

    private volatile boolean accepting;

    private Node(NodeConfig config, Cookie cookie) {
        this.config = config;
        this.name = config.name();
        this.cookie = cookie;
        int instance = INSTANCES.incrementAndGet();
        String prefix = "nodemesh-" + name.alive() + "-" + instance;
        this.failureCloser = new Thread(this::closeAfterFailure, prefix + "-failed");
        failureCloser.setDaemon(true);
        this.transport = new Transport(
                config.eventLoopThreads(), prefix + "-io", sockets(config.ioTransport()), this::fatalError);
        this.connector = Executors.newCachedThreadPool(daemonThreads(prefix + "-connect"));
        this.events = Executors.newSingleThreadExecutor(daemonThreads(prefix + "-events"));
        this.dispatchPool = config.virtualDispatchThreads()
                ? DispatchPool.virtual(prefix + "-dispatch", this::fatalError)
                : new DispatchPool(config.dispatchThreads(), prefix + "-dispatch", config.idleSpin(), this::fatalError);
        this.statusListeners = new StatusListeners(events, () -> closed);
        this.runtime = new NodeRuntime(config, transport, connector, dispatchPool, statusListeners, this::fatalError);
        this.connections = runtime.connections();
        this.accepting = config.acceptOnStart();
    }

    /**
     * Starts a node: listens, registers with EPMD (starting one inside the JVM when the mode allows
     * and none answers) and becomes reachable; with {@link NodeConfig.Builder#acceptOnStart
     * acceptOnStart(false)}, it accepts connections only once {@link #activate()} is called.
     *
     * @param config the configuration
     * @return the running node
     * @throws IOException when the node cannot listen or register; the message says why
     * @throws IllegalStateException when the cookie file cannot be used
     */
    public static Node start(NodeConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        Cookie cookie = config.cookie().orElseGet(Cookie::fromDefaultFile);
        Node node = new Node(config, cookie);
        try {
            node.open();
            return node;
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private void open() throws IOException {
        address = connections.listen(config.listenAddress(), config.acceptOnStart());
        int creation;
        if (config.epmdMode() == EpmdMode.NONE) {
            creation = 1 + ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE - 1);
        } else {
            registrar = register();
            registrar.onError(this::fatalError);
            creation = registrar.creation();
        }
        processes = new ProcessTable(name.atom(), creation);
        runtime.start(processes);
        globalServer = GlobalNameServer.start(runtime, config.maxGlobalNamesPerPeer());
        global = new Global(GlobalRegistry.of(globalServer));
        long flags = config.visible() ? DistFlags.DEFAULT_VISIBLE : DistFlags.DEFAULT_HIDDEN;
        if (!config.distHeaderAtomCache()) {
            flags &= ~DistFlags.DIST_HDR_ATOM_CACHE;
        }
        system = spawnMailbox(MailboxOptions.defaults());
        groupScopes = PgScopes.start(
                new PgScopes.Host(
                        name.atom(), this::createMailbox, this::register, processes::newRef, runtime::sendToEach),
                config.groupScopes(),
                config.maxGroupMembersPerPeer());
        connections.activate(new HandshakeIdentity(name.toString(), flags, creation, cookie.bytes()));
        log.info(
                "node {} listening on {} (creation {}, {}, {}){}",
                name,
                address,
                creation,
                config.visible() ? "visible" : "hidden",
                registrar == null
                        ? "no EPMD"
                        : "EPMD " + config.epmdPort() + (registrar.hostsEmbeddedEpmd() ? ", embedded" : ""),
                config.acceptOnStart() ? "" : "; accepting connections once activated");
    }

    /**
     * Starts accepting connections from other nodes, for a node started with {@link
     * NodeConfig.Builder#acceptOnStart acceptOnStart(false)}: the peers that connected in the
     * meantime, waiting in the listen backlog, are taken first. Does nothing when the node accepts
     * already.
     *
     * @throws IllegalStateException when the node is closed
     */
    public void activate() {
        checkOpen();
        if (!accepting) {
            accepting = true;
            connections.startAccepting();
            log.info("node {} accepts connections", name);
        }
    }

    /**
     * Tells whether the node accepts connections from other nodes: from its start, or from {@link
     * #activate()} on.
     *
     * @return whether it accepts connections
     */
    public boolean isAccepting() {
        return accepting && !closed;
    }

    private EpmdRegistrar register() throws IOException {
        InetAddress epmdHost = InetAddress.getLoopbackAddress();
        EpmdRegistrar.Mode mode =
                config.epmdMode() == EpmdMode.AUTO ? EpmdRegistrar.Mode.AUTO : EpmdRegistrar.Mode.EXTERNAL;
        try {
            return EpmdRegistrar.start(
                    name.alive(),
                    address.getPort(),
                    new InetSocketAddress(epmdHost, config.epmdPort()),
                    embeddedEpmdAddress(),
                    mode,
                    config.handshakeTimeout());
        } catch (EpmdException e) {
            throw new IOException("node " + name + " cannot register with EPMD: " + e.getMessage(), e);
        }
    }

    /**
     * Where an embedded EPMD listens: every interface when the node listens on every interface (as
     * the system's {@code epmd} does, so that nodes on other hosts find this one), else on the
     * node's own address, where peers that dial the node look it up, and on loopback, where nodes
     * register (the embedded EPMD adds loopback, as {@code epmd -address} does).
     */
    /** AUTO takes epoll where Netty's native library is on the class path and works. */
    private static SocketKind sockets(IoTransport transport) {
        return switch (transport) {
            case NIO -> SocketKind.NIO;
            case EPOLL -> SocketKind.EPOLL;
            case AUTO -> SocketKind.epollUnavailability().isEmpty() ? SocketKind.EPOLL : SocketKind.NIO;
        };
    }

    private InetAddress embeddedEpmdAddress() {
        return address.getAddress();
    }

    /**
     * Returns this node's name.
     *
     * @return the name
     */
    public NodeName name() {
        return name;
    }

    /**
     * Returns this node's name, as Elixir's {@code Node.self/0} does.
     *
     * @return the name
     */
    public NodeName self() {
        return name;
    }

    /**
     * Returns this node's creation (its incarnation number from EPMD).
     *
     * @return the creation
     */
    public int creation() {
        return processes.creation();
    }

    /**
     * Returns where the node listens for peers.
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Returns the configuration the node was started from.
     *
     * @return the configuration
     */
    public NodeConfig config() {
        return config;
    }

    /**
     * Tells where the cookie came from ({@code explicit} or {@code file:<path>}); never the cookie.
     *
     * @return the cookie's source
     */
    public String cookieSource() {
        return cookie.source();
    }

    /**
     * Tells whether this node hosts the host's EPMD inside its JVM.
     *
     * @return whether it runs the embedded EPMD
     */
    public boolean hostsEmbeddedEpmd() {
        return registrar != null && registrar.hostsEmbeddedEpmd();
    }

    /**
     * Creates an anonymous mailbox.
     *
     * @return the mailbox
     */
    public Mailbox createMailbox() {
        checkOpen();
        return spawnMailbox(MailboxOptions.defaults());
    }

    private Mailbox spawnMailbox(MailboxOptions options) {
        return processes
                .spawn(pid -> new Mailbox(this, runtime, pid, options).process())
                .mailbox();
    }

    /**
     * Creates a mailbox registered under a name, so that {@code {name, node}} reaches it.
     *
     * @param registeredName the name
     * @return the mailbox
     * @throws IllegalStateException when the name is taken
     */
    public Mailbox createMailbox(String registeredName) {
        Mailbox mailbox = createMailbox();
        if (!register(registeredName, mailbox)) {
            mailbox.close();
            throw new IllegalStateException("the name '" + registeredName + "' is already registered on " + name);
        }
        return mailbox;
    }

    /**
     * Creates a mailbox whose messages a handler takes, one at a time and in order, on the node's
     * shared dispatch threads.
     *
     * @param registeredName the name to register it under, or null for an anonymous mailbox
     * @param handler the handler
     * @return the mailbox
     * @throws IllegalStateException when the name is taken
     */
    public Mailbox createMailbox(String registeredName, MessageHandler handler) {
        MailboxOptions.Builder options = MailboxOptions.builder().handler(handler);
        if (registeredName != null) {
            options.name(registeredName);
        }
        return createMailbox(options.build());
    }

    /**
     * Creates a mailbox as the options say: registered or not, with a handler or read with {@link
     * Mailbox#receive()}, with its capacity and overflow policy.
     *
     * @param options the options
     * @return the mailbox
     * @throws IllegalStateException when the name is taken
     */
    public Mailbox createMailbox(MailboxOptions options) {
        Objects.requireNonNull(options, "options");
        checkOpen();
        Mailbox mailbox = spawnMailbox(options);
        Optional<String> registeredName = options.name();
        if (registeredName.isPresent() && !register(registeredName.get(), mailbox)) {
            mailbox.close();
            throw new IllegalStateException("the name '" + registeredName.get() + "' is already registered on " + name);
        }
        return mailbox;
    }

    /**
     * Registers a mailbox under a name.
     *
     * @param registeredName the name
     * @param mailbox the mailbox
     * @return false when the name is taken
     */
    public boolean register(String registeredName, Mailbox mailbox) {
        checkOpen();
        return processes.register(Atom.of(registeredName), mailbox.process());
    }

    /**
     * Removes a registration.
     *
     * @param registeredName the name
     * @return whether it was registered
     */
    public boolean unregister(String registeredName) {
        return processes.unregister(Atom.of(registeredName));
    }

    /**
     * Finds the pid registered under a name on this node.
     *
     * @param registeredName the name
     * @return the pid, if registered
     */
    public Optional<Pid> whereis(String registeredName) {
        return processes.whereis(Atom.of(registeredName)).map(LocalProcess::pid);
    }

    /**
     * Returns the names registered on this node with the number of messages waiting in each one's
     * mailbox (always 0 for the node's own system processes, which handle messages as they come).
     *
     * @return a snapshot, sorted by name
     */
    public SortedMap<String, Integer> registeredNames() {
        SortedMap<String, Integer> names = new TreeMap<>();
        registeredProcesses().forEach(process -> names.put(process.name(), process.mailboxSize()));
        return Collections.unmodifiableSortedMap(names);
    }

    /**
     * Returns the processes registered on this node, with their mailboxes' size, capacity and
     * dropped messages.
     *
     * @return a snapshot, sorted by name
     */
    public List<RegisteredProcess> registeredProcesses() {
        if (processes == null) {
            return List.of();
        }
        return processes.registered().entrySet().stream()
                .map(entry -> {
                    String name = entry.getKey().name();
                    LocalProcess process = entry.getValue();
                    if (process instanceof MailboxProcess mailbox) {
                        return new RegisteredProcess(
                                name,
                                mailbox.pid(),
                                mailbox.size(),
                                OptionalInt.of(mailbox.capacity()),
                                mailbox.droppedMessages());
                    }
                    return new RegisteredProcess(name, process.pid(), 0, OptionalInt.empty(), 0);
                })
                .sorted(Comparator.comparing(RegisteredProcess::name))
                .toList();
    }

    /**
     * Returns the cluster-wide names this node shares with Erlang's {@code global}: register a
     * mailbox under a name every node of the cluster sees, look one up, send to one. BEAM nodes
     * take part when this node is {@link NodeConfig.Builder#visible visible}.
     *
     * @return the global names
     */
    public GlobalNames global() {
        checkOpen();
        return global;
    }

    /** {@link GlobalNames} over the node's name server; names from Java are atoms. */
    private static final class Global implements GlobalNames {

        private final GlobalRegistry registry;

        Global(GlobalRegistry registry) {
            this.registry = registry;
        }

        @Override
        public boolean register(String name, Mailbox mailbox) {
            Objects.requireNonNull(mailbox, "mailbox");
            return registry.register(Atom.of(name), mailbox.pid());
        }

        @Override
        public boolean unregister(String name) {
            return registry.unregister(Atom.of(name));
        }

        @Override
        public Optional<Pid> whereis(String name) {
            return registry.whereis(Atom.of(name));
        }

        @Override
        public Optional<Pid> whereis(Term name) {
            return registry.whereis(Objects.requireNonNull(name, "name"));
        }

        @Override
        public boolean send(String name, Term message) {
            return registry.send(Atom.of(name), Objects.requireNonNull(message, "message"));
        }

        @Override
        public List<Term> registeredNames() {
            return registry.registeredNames();
        }

        @Override
        public List<NodeName> syncedNodes() {
            return registry.syncedNodes().stream()
                    .map(node -> NodeName.parse(node.name()))
                    .sorted(Comparator.comparing(NodeName::toString))
                    .toList();
        }
    }

    /**
     * Returns the connected nodes, visible and hidden, sorted by name.
     *
     * @return a snapshot with each node's traffic
     */
    public List<ConnectedNode> nodes() {
        return connections.connections().stream()
                .filter(c -> c.isOpen())
                .map(c -> new ConnectedNode(
                        NodeName.parse(c.peer().name()),
                        c.visible(),
                        c.remoteAddress(),
                        c.connectedAt(),
                        c.messagesIn(),
                        c.messagesOut(),
                        c.bytesIn(),
                        c.bytesOut(),
                        c.lastActivity(),
                        c.limitRefusals(),
                        runtime.isMeshPeer(c.peer())))
                .sorted(Comparator.comparing(ConnectedNode::name))
                .toList();
    }

    /**
     * Connects to a node, as {@code Node.connect/1} does; waits at most the handshake timeout.
     *
     * @param node the node's full name
     * @return true when connected (or already connected, or this node itself); false when the
     *     node cannot be reached or refused — {@link #connectFailure} tells why
     */
    public boolean connect(String node) {
        return connect(NodeName.parse(node));
    }

    /**
     * Connects to a node; see {@link #connect(String)}.
     *
     * @param node the node
     * @return whether connected
     */
    public boolean connect(NodeName node) {
        if (node.equals(name)) {
            return true;
        }
        if (closed) {
            return false;
        }
        try {
            connections
                    .connect(node.atom())
                    .get(config.handshakeTimeout().toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Uses new TLS material (a rotated certificate, a new trust store) for the connections set up
     * from now on, without a restart; the connections that are up keep theirs.
     *
     * @param tls the new material and rules
     * @throws IllegalStateException when the node was started without TLS (it cannot be turned on
     *     while the node runs)
     */
    public void updateTls(TlsConfig tls) {
        connections.replaceTls(tls);
    }

    /**
     * Tells why the last attempt to connect to a node failed.
     *
     * @param node the node
     * @return the reason, or empty when the last attempt succeeded or there was none
     */
    public Optional<String> connectFailure(NodeName node) {
        return connections.lastFailure(node.atom());
    }

    /**
     * Disconnects from a node, as {@code Node.disconnect/1} does. A later send to it connects
     * again.
     *
     * @param node the node's full name
     * @return whether it was connected
     */
    public boolean disconnect(String node) {
        return disconnect(NodeName.parse(node));
    }

    /**
     * Disconnects from a node; see {@link #disconnect(String)}.
     *
     * @param node the node
     * @return whether it was connected
     */
    public boolean disconnect(NodeName node) {
        return connections.disconnect(node.atom());
    }

    /**
     * Learns (or updates) a peer's distribution port while the node runs, for a node without EPMD
     * ({@link EpmdMode#NONE}): from then on the peer is dialled at its name's host and this port,
     * instead of the port given with {@link NodeConfig.Builder#peer}. Discovery uses it with the
     * ports of DNS SRV records.
     *
     * @param peer the peer
     * @param port its distribution port, 1..65535
     * @throws IllegalArgumentException when the port is out of range
     * @throws IllegalStateException when the node uses EPMD, or holds 65,536 learned ports already
     */
    public void learnPeerPort(NodeName peer, int port) {
        runtime.learnPeerPort(Objects.requireNonNull(peer, "peer"), port);
    }

    /**
     * Forgets a port learned with {@link #learnPeerPort}; the one given with {@link
     * NodeConfig.Builder#peer}, if any, applies again.
     *
     * @param peer the peer
     * @throws IllegalStateException when the node uses EPMD
     */
    public void forgetPeerPort(NodeName peer) {
        runtime.forgetPeerPort(Objects.requireNonNull(peer, "peer"));
    }

    /**
     * Pings a node as {@code net_adm:ping/1} does: connects when needed and asks its {@code
     * net_kernel}.
     *
     * @param node the node's full name
     * @return {@link PingResult#PONG} when it answered
     */
    public PingResult ping(String node) {
        return ping(NodeName.parse(node));
    }

    /**
     * Pings a node; see {@link #ping(String)}.
     *
     * @param node the node
     * @return {@link PingResult#PONG} when it answered
     */
    public PingResult ping(NodeName node) {
        if (node.equals(name)) {
            return PingResult.PONG;
        }
        if (!connect(node)) {
            return PingResult.PANG;
        }
        try (Mailbox caller = createMailbox()) {
            Ref tag = processes.newRef();
            Term request = GenServer.callMessage(caller, tag, Tuple.of(NetKernelResponder.IS_AUTH, name.atom()));
            caller.send(NetKernelResponder.NAME.name(), node, request);
            Optional<Term> reply = caller.receive(
                    m -> m instanceof Tuple t && t.size() == 2 && tag.equals(t.get(0)), config.handshakeTimeout());
            return reply.isPresent() ? PingResult.PONG : PingResult.PANG;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return PingResult.PANG;
        }
    }

    /**
     * Returns the default process group scope, {@code pg}: the groups {@code :pg.join/2} on a BEAM
     * node shares with this one.
     *
     * @return the scope
     */
    public ProcessGroups groups() {
        return groups(PgScopes.DEFAULT_SCOPE);
    }

    /**
     * Returns a process group scope that the node runs ({@link NodeConfig.Builder#groupScopes}).
     *
     * @param scope the scope's name
     * @return the scope
     * @throws IllegalArgumentException when the node runs no scope of that name
     */
    public ProcessGroups groups(String scope) {
        return groupScopes
                .scope(scope)
                .orElseThrow(() -> new IllegalArgumentException(
                        "node " + name + " runs no group scope '" + scope + "'; scopes: " + config.groupScopes()));
    }

    /**
     * Makes a reference unique on this node, as {@code make_ref/0} does.
     *
     * @return the reference
     */
    public Ref makeRef() {
        return processes.newRef();
    }

    /**
     * Sends a message to a pid from this node's system process.
     *
     * @param to the pid
     * @param message the message
     * @throws MailboxFullException when the target is a full mailbox on this node that refuses
     */
    public void send(Pid to, Term message) {
        runtime.send(system.pid(), to, message);
    }

    /**
     * Sends a message to {@code {name, node}} from this node's system process, connecting first
     * when needed.
     *
     * @param registeredName the name
     * @param node the node's full name
     * @param message the message
     * @throws MailboxFullException when the target is a full mailbox on this node that refuses
     */
    public void send(String registeredName, String node, Term message) {
        runtime.send(system.pid(), Atom.of(registeredName), NodeName.parse(node).atom(), message);
    }

    /**
     * Adds a listener for nodes coming up and going down.
     *
     * @param listener the listener
     */
    public void addStatusListener(NodeStatusListener listener) {
        statusListeners.add(listener);
    }

    /**
     * Removes a listener.
     *
     * @param listener the listener
     */
    public void removeStatusListener(NodeStatusListener listener) {
        statusListeners.remove(listener);
    }

    /**
     * Returns how many messages sent to this node's processes, from other nodes or from this one,
     * reached none: sent to a name that nothing holds or to a process that has ended. Erlang drops
     * them silently; this count (and a WARN line at most every 10 s) shows them.
     *
     * @return the count since the node started
     */
    public long undeliverable() {
        long total = 0;
        for (UndeliverableReason reason : UndeliverableReason.values()) {
            total += runtime.undeliverable(reason);
        }
        return total;
    }

    /**
     * Returns how many messages reached no process for one reason; see {@link #undeliverable()}.
     *
     * @param reason the reason
     * @return the count since the node started
     */
    public long undeliverable(UndeliverableReason reason) {
        return runtime.undeliverable(reason);
    }

    /** The runtime below this facade, for the tests of this package. */
    NodeRuntime runtime() {
        return runtime;
    }

    /**
     * Takes what a thread of this node could not handle. An {@link Error} closes the node: once, on
     * the thread made for it up front (an event loop cannot wait for itself to close), with one
     * ERROR line; anything else is logged.
     *
     * @param thread the thread it happened on
     * @param error what was thrown
     */
    void fatalError(Thread thread, Throwable error) {
        if (!(error instanceof Error)) {
            log.error("uncaught exception on {}", thread.getName(), error);
            return;
        }
        if (!failure.compareAndSet(null, error)) {
            return;
        }
        boolean closing = true;
        try {
            failureCloser.start();
        } catch (Throwable cannotStart) {
            closing = false;
        }
        try {
            log.error("node {} is closing after {} on thread {}", name, error, thread.getName(), error);
        } catch (Throwable cannotLog) {
            // closing matters more than the line
        }
        if (!closing) {
            closeAfterFailure();
        }
    }

    private void closeAfterFailure() {
        Throwable error = failure.get();
        try {
            close();
        } catch (RuntimeException | Error e) {
            log.error("node {} did not close cleanly after {}", name, error, e);
        }
        statusListeners.nodeFailed(error);
    }

    /**
     * Returns the {@link Error} that closed this node, if one did: it was thrown on one of the
     * node's threads (out of memory, a stack overflow), and the node closed itself.
     *
     * @return the error, or empty while the node runs and after a plain {@link #close()}
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Tells whether the node is closed, by {@link #close()} or after an {@link Error} ({@link
     * #failure()}).
     *
     * @return whether closed
     */
    public boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("node " + name + " is closed");
        }
    }

    /**
     * Closes the node gracefully: every mailbox closes with the reason {@code shutdown}, which the
     * processes monitoring or linked to it, here and on other nodes, see; then every connection
     * closes once what was sent on it is written (at most 2 s), the node unregisters from EPMD and
     * its threads stop.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            // the application and the close after an Error may both get here; one closes
            if (closed) {
                return;
            }
            closed = true;
        }
        // mailboxes first, so that their monitors and links on the peers hear "shutdown", then the
        // connections, which write what is queued before they close; no sender blocks meanwhile
        connections.beginShutdown();
        if (globalServer != null) {
            globalServer.close();
        }
        runtime.closeMailboxes(ExitReasons.SHUTDOWN);
        connections.close();
        dispatchPool.close(Duration.ofSeconds(2));
        if (registrar != null) {
            registrar.close();
        }
        transport.close();
        connector.shutdownNow();
        events.shutdown();
        try {
            if (!events.awaitTermination(2, TimeUnit.SECONDS)) {
                events.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            events.shutdownNow();
        }
        log.info("node {} closed", name);
    }

    @Override
    public String toString() {
        return "Node[" + name + "]";
    }

    private java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler(this::fatalError);
            return thread;
        };
    }
}

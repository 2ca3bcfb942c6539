package dev.nodemesh.runtime;

import dev.nodemesh.EpmdMode;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.NodeName;
import dev.nodemesh.NodeStatusListener;
import dev.nodemesh.UndeliverableReason;
import dev.nodemesh.dist.ConnectionManager;
import dev.nodemesh.dist.ControlMessage;
import dev.nodemesh.dist.DistSettings;
import dev.nodemesh.dist.LogThrottle;
import dev.nodemesh.dist.PeerLocator;
import dev.nodemesh.process.DispatchPool;
import dev.nodemesh.process.LocalProcess;
import dev.nodemesh.process.ProcessTable;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.transport.Transport;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a node's runtime, below the {@code Node} facade: the connection table,
 * the router that hands packets to processes, and, once the node knows its creation ({@link
 * #start}), the process table with its links, monitors, node watchers and system processes. It
 * sends messages and exit signals, local or remote, and counts the messages that reach no process.
 */
public final class NodeRuntime {

    private static final Logger log = LoggerFactory.getLogger(NodeRuntime.class);

    private final NodeConfig config;
    private final Atom name;
    private final DispatchPool dispatchPool;
    private final ConnectionManager connections;
    private final StaticPeerLocator peerPorts;
    private final NodeStatusListener events;
    private final Thread.UncaughtExceptionHandler onFatal;
    private final LongAdder[] undeliverable = new LongAdder[UndeliverableReason.values().length];
    private final IntroducedDials introducedDials;
    private final LogThrottle undeliverableLog = new LogThrottle(Duration.ofSeconds(10));
    private ProcessTable processes;
    private Monitors monitors;
    private Links links;
    private NodeWatchers nodeWatchers;
    private volatile MeshGossip mesh;

    /**
     * Creates the runtime of a node: its connection table, not yet listening.
     *
     * @param config the node's configuration
     * @param transport the node's network threads
     * @param connector the threads that dial peers
     * @param dispatchPool the threads that run mailbox handlers
     * @param events where node status events go
     * @param onFatal takes an {@link Error} on one of the node's threads
     */
    public NodeRuntime(
            NodeConfig config,
            Transport transport,
            ExecutorService connector,
            DispatchPool dispatchPool,
            NodeStatusListener events,
            Thread.UncaughtExceptionHandler onFatal) {
        this.config = config;
        this.name = config.name().atom();
        this.dispatchPool = dispatchPool;
        this.events = events;
        this.onFatal = onFatal;
        for (int i = 0; i < undeliverable.length; i++) {
            undeliverable[i] = new LongAdder();
        }
        this.peerPorts = config.epmdMode() == EpmdMode.NONE ? new StaticPeerLocator(config.peers()) : null;
        PeerLocator locator = peerPorts != null ? peerPorts : new EpmdPeerLocator(config);
        NodeRouter router = new NodeRouter(this);
        this.connections = new ConnectionManager(
                distSettings(config),
                locator,
                router,
                transport,
                connector,
                config.tls().orElse(null));
        this.connections.addListener(router);
        this.introducedDials = new IntroducedDials(name, connections::connect);
    }

    private static DistSettings distSettings(NodeConfig config) {
        NodeConfig.Distribution distribution = config.distribution();
        return DistSettings.builder(
                        distribution.tickTime(),
                        distribution.handshakeTimeout(),
                        distribution.maxFrameSize(),
                        distribution.termLimits())
                .maxPendingSends(distribution.maxPendingSends())
                .sendWaterMarks(distribution.sendLowWaterMark(), distribution.sendHighWaterMark())
                .directWrites(distribution.directWrites())
                .handshakeNameTimeout(distribution.handshakeNameTimeout())
                .maxPendingHandshakesPerSource(distribution.maxPendingHandshakesPerAddress())
                .build();
    }

    /**
     * Takes the node's process table, once its creation is known: sets up links, monitors and node
     * watchers over it and starts the system processes ({@code net_kernel}'s responder, the mesh
     * gossip, {@code rex}'s responder). Called once, before the connection table accepts or dials anything.
     *
     * @param table the process table
     */
    public void start(ProcessTable table) {
        PeerSender peers = PeerSender.of(connections);
        this.monitors = new Monitors(table, peers, config.maxMonitorsPerPeer());
        this.links = new Links(table, peers, config.maxLinksPerPeer());
        this.nodeWatchers = new NodeWatchers(table);
        this.processes = table;
        NetKernelResponder netKernel = table.spawn(pid -> new NetKernelResponder(this, pid));
        table.register(NetKernelResponder.NAME, netKernel);
        RexResponder rex = table.spawn(pid -> new RexResponder(this, pid));
        table.register(RexResponder.NAME, rex);
        MeshGossip mesh = table.spawn(pid -> new MeshGossip(name, pid, peers, introducedDials));
        table.register(MeshGossip.NAME, mesh);
        connections.addListener(mesh);
        this.mesh = mesh;
    }

    /**
     * Tells whether a connected peer is a nodemesh node: its mesh process greeted this node on the
     * current connection. BEAM nodes have no such process.
     *
     * @param peer the peer's name
     * @return whether it greeted this node; false before {@link #start}
     */
    public boolean isMeshPeer(Atom peer) {
        MeshGossip gossip = mesh;
        return gossip != null && gossip.isMeshPeer(peer);
    }

    /**
     * Returns the node's configuration.
     *
     * @return the configuration
     */
    public NodeConfig config() {
        return config;
    }

    /**
     * Returns the node's name.
     *
     * @return the name
     */
    public Atom name() {
        return name;
    }

    /**
     * Returns the process table; null before {@link #start}.
     *
     * @return the table
     */
    public ProcessTable processes() {
        return processes;
    }

    /**
     * Returns the bounded dialler of nodes that peers name (mesh gossip, {@code global}).
     *
     * @return the dialler
     */
    public IntroducedDials introducedDials() {
        return introducedDials;
    }

    /**
     * Learns or updates a peer's distribution port, for a node without EPMD.
     *
     * @param peer the peer
     * @param port its port, 1..65535
     * @throws IllegalStateException when the node uses EPMD, or too many ports are learned
     */
    public void learnPeerPort(NodeName peer, int port) {
        requirePeerPorts().learn(peer, port);
    }

    /**
     * Forgets a port learned with {@link #learnPeerPort}; the configured one, if any, applies again.
     *
     * @param peer the peer
     * @throws IllegalStateException when the node uses EPMD
     */
    public void forgetPeerPort(NodeName peer) {
        requirePeerPorts().forget(peer);
    }

    private StaticPeerLocator requirePeerPorts() {
        if (peerPorts == null) {
            throw new IllegalStateException("peer ports are for nodes without EPMD (EpmdMode.NONE);"
                    + " this node finds its peers through EPMD");
        }
        return peerPorts;
    }

    /**
     * Returns the connection table.
     *
     * @return the connections
     */
    public ConnectionManager connections() {
        return connections;
    }

    /**
     * Returns the threads that run mailbox handlers.
     *
     * @return the pool
     */
    public DispatchPool dispatchPool() {
        return dispatchPool;
    }

    /**
     * Returns the monitors.
     *
     * @return the monitors
     */
    public Monitors monitors() {
        return monitors;
    }

    /**
     * Returns the links.
     *
     * @return the links
     */
    public Links links() {
        return links;
    }

    /**
     * Returns the node watchers.
     *
     * @return the node watchers
     */
    public NodeWatchers nodeWatchers() {
        return nodeWatchers;
    }

    NodeStatusListener events() {
        return events;
    }

    /**
     * Hands what a thread of the node could not handle to the node (an {@link Error} closes it).
     *
     * @param thread the thread
     * @param error what was thrown
     */
    public void fatalError(Thread thread, Throwable error) {
        onFatal.uncaughtException(thread, error);
    }

    /**
     * Sends a message to a pid, local or remote.
     *
     * @param from the sender
     * @param to the target
     * @param message the message
     * @throws dev.nodemesh.MailboxFullException when the target is a full mailbox here that refuses
     */
    public void send(Pid from, Pid to, Term message) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
        if (to.node().equals(name)) {
            Optional<LocalProcess> process = processes.find(to);
            if (process.isPresent()) {
                deliverLocally(process.get(), message);
            } else {
                undeliverable(UndeliverableReason.NO_SUCH_PROCESS, to, null);
            }
        } else {
            connections.send(to.node(), to, new ControlMessage.SendSender(from, to), message);
        }
    }

    /**
     * Sends one message to several processes of one other node, as {@link #send(Pid, Pid, Term)}
     * for each in turn would, with the message encoded once: a publish to a group's members there.
     *
     * @param from the sender
     * @param node the node every target belongs to, not this one
     * @param targets the targets
     * @param start the first target to send to
     * @param end one past the last
     * @param message the message
     */
    public void sendToEach(Pid from, Atom node, Pid[] targets, int start, int end, Term message) {
        Objects.requireNonNull(message, "message");
        if (node.equals(name)) {
            throw new IllegalArgumentException("sendToEach is for the processes of another node");
        }
        connections.sendToEach(node, from, targets, start, end, message);
    }

    /**
     * Sends a message to {@code {registeredName, node}}, connecting first when needed.
     *
     * @param from the sender
     * @param registeredName the name
     * @param node the node
     * @param message the message
     * @throws dev.nodemesh.MailboxFullException when the target is a full mailbox here that refuses
     */
    public void send(Pid from, Atom registeredName, Atom node, Term message) {
        Objects.requireNonNull(message, "message");
        if (node.equals(name)) {
            Optional<LocalProcess> process = processes.whereis(registeredName);
            if (process.isPresent()) {
                deliverLocally(process.get(), message);
            } else {
                undeliverable(UndeliverableReason.NO_SUCH_NAME, registeredName, null);
            }
        } else {
            connections.send(node, null, new ControlMessage.RegSend(from, registeredName), message);
        }
    }

    /**
     * Sends a message as {@code erlang:send(To, Msg, [noconnect])}: to a local process as {@link
     * #send(Pid, Pid, Term)} does, to a remote one only on a connection that is up.
     *
     * @param from the sender
     * @param to the target
     * @param message the message
     * @return false when the target's node is not connected (the message is dropped)
     */
    public boolean sendIfConnected(Pid from, Pid to, Term message) {
        if (to.node().equals(name)) {
            send(from, to, message);
            return true;
        }
        Objects.requireNonNull(message, "message");
        return sendOnConnection(to.node(), new ControlMessage.SendSender(from, to), message);
    }

    /**
     * Sends a message to {@code {registeredName, node}} only on a connection that is up; see
     * {@link #sendIfConnected(Pid, Pid, Term)}.
     *
     * @param from the sender
     * @param registeredName the name
     * @param node the node
     * @param message the message
     * @return false when the node is not connected (the message is dropped)
     */
    public boolean sendIfConnected(Pid from, Atom registeredName, Atom node, Term message) {
        if (node.equals(name)) {
            send(from, registeredName, node, message);
            return true;
        }
        Objects.requireNonNull(message, "message");
        return sendOnConnection(node, new ControlMessage.RegSend(from, registeredName), message);
    }

    private boolean sendOnConnection(Atom node, ControlMessage control, Term message) {
        var connection = connections.connection(node);
        connection.ifPresent(c -> c.send(control, message));
        return connection.isPresent();
    }

    private static void deliverLocally(LocalProcess process, Term message) {
        if (process instanceof MailboxProcess mailbox) {
            mailbox.deliverLocal(message);
        } else {
            process.deliver(message);
        }
    }

    /**
     * Returns how many messages reached no process for one reason.
     *
     * @param reason the reason
     * @return the count since the node started
     */
    public long undeliverable(UndeliverableReason reason) {
        return undeliverable[reason.ordinal()].sum();
    }

    /**
     * Counts a message that reached no process, and logs it: one WARN line at most every 10 s
     * with the number held back since the previous one, the others at DEBUG.
     *
     * @param reason why it was not delivered
     * @param target the name or pid it was sent to
     * @param peer the node it came from, or null when sent on this node
     */
    void undeliverable(UndeliverableReason reason, Term target, Atom peer) {
        undeliverable[reason.ordinal()].increment();
        String from = peer == null ? "this node" : peer.name();
        long heldBack = undeliverableLog.admit();
        if (heldBack >= 0) {
            log.warn(
                    "node {} dropped a message from {} to {}: {} ({} more dropped since the previous line;"
                            + " Node.undeliverable() counts them)",
                    name.name(),
                    from,
                    target,
                    reason.tag(),
                    heldBack);
        } else if (log.isDebugEnabled()) {
            log.debug("node {} dropped a message from {} to {}: {}", name.name(), from, target, reason.tag());
        }
    }

    /**
     * A local process ended: it leaves the table, then its monitors fire and its links break.
     *
     * @param process the process
     * @param reason its exit reason
     */
    void exited(LocalProcess process, Term reason) {
        if (processes == null) {
            return;
        }
        processes.remove(process);
        monitors.exited(process.pid(), reason);
        links.exited(process.pid(), reason);
        nodeWatchers.exited(process.pid());
    }

    /**
     * An exit signal from {@code exit/2} reached a local process: it arrives as {@code {:EXIT, from,
     * reason}}, a message like any other (dropped when the mailbox is full), except {@code kill},
     * which ends a mailbox with {@code killed}.
     *
     * @param from the sender
     * @param to the local target
     * @param reason the reason
     */
    void exitSignal(Pid from, Pid to, Term reason) {
        processes.find(to).ifPresent(target -> {
            if (ExitReasons.KILL.equals(reason) && target instanceof MailboxProcess mailbox) {
                if (mailbox.ignoresKill()) {
                    log.debug("mailbox {} ignores the kill signal from {}", to, from);
                } else {
                    mailbox.close(ExitReasons.KILLED);
                }
            } else {
                // Any peer can send exit/2 as often as it likes: unlike the exits of broken links
                // (bounded by the links a peer may hold), these count against the mailbox's bounds
                target.deliver(Tuple.of(ExitReasons.EXIT, from, reason));
            }
        });
    }

    /**
     * Sends an exit signal, as {@code exit/2} does.
     *
     * @param from the sender
     * @param to the target, local or remote
     * @param reason the reason
     */
    public void sendExit(Pid from, Pid to, Term reason) {
        if (to.node().equals(name)) {
            exitSignal(from, to, reason);
        } else {
            connections.send(to.node(), to, new ControlMessage.PayloadExit2(from, to), reason);
        }
    }

    /**
     * Closes every mailbox of the node with a reason: their monitors and links, here and on the
     * peers, hear of it. The packets to the peers are on their connections when this returns.
     *
     * @param reason the exit reason
     */
    public void closeMailboxes(Term reason) {
        if (processes == null) {
            return;
        }
        for (LocalProcess process : processes.all()) {
            if (process instanceof MailboxProcess mailbox) {
                mailbox.close(reason);
            }
        }
    }
}

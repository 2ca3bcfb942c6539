package dev.nodemesh.autoconfigure.endpoint;

import dev.nodemesh.ConnectedNode;
import dev.nodemesh.Node;
import dev.nodemesh.NodeName;
import dev.nodemesh.RegisteredProcess;
import dev.nodemesh.autoconfigure.NodeLifecycle;
import dev.nodemesh.autoconfigure.event.NodeConnectFailedEvent;
import dev.nodemesh.spring.NodeProcessRegistrar;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.context.ApplicationEventPublisher;

/**
 * {@link Endpoint @Endpoint} that shows the application's node: {@code GET /actuator/nodes} for
 * this node, the connected nodes with their traffic and the registered processes with their
 * mailbox sizes; {@code GET /actuator/nodes/{node}} for one connected node; {@code POST} to connect
 * to a node and {@code DELETE} to disconnect from it. The cookie is never shown, only where it came
 * from.
 *
 * <p>Access is read-only by default: the two writing operations exist only with {@code
 * management.endpoint.nodes.access=unrestricted}. Even then, a connect dials only the nodes that
 * {@link AllowedConnectTargets} allows (and answers at once for nodes already connected); any
 * other node is refused without a packet being sent.
 */
@Endpoint(id = "nodes", defaultAccess = Access.READ_ONLY)
public class NodesEndpoint {

    /** The property that lists the hosts whose nodes a connect may dial. */
    public static final String ALLOWED_CONNECT_HOSTS_PROPERTY = "nodemesh.actuator.allowed-connect-hosts";

    private static final Logger log = LoggerFactory.getLogger(NodesEndpoint.class);

    private final NodeLifecycle lifecycle;

    private final ApplicationEventPublisher eventPublisher;

    private final AllowedConnectTargets allowedTargets;

    private volatile NodeProcessRegistrar processes;

    /**
     * Creates the endpoint that connects only to nodes already connected.
     *
     * @param lifecycle the lifecycle of the node to show
     * @param eventPublisher where to report failed connects
     */
    public NodesEndpoint(NodeLifecycle lifecycle, ApplicationEventPublisher eventPublisher) {
        this(lifecycle, eventPublisher, AllowedConnectTargets.none());
    }

    /**
     * Creates the endpoint.
     *
     * @param lifecycle the lifecycle of the node to show
     * @param eventPublisher where to report failed connects
     * @param allowedTargets the nodes a connect may dial
     */
    public NodesEndpoint(
            NodeLifecycle lifecycle, ApplicationEventPublisher eventPublisher, AllowedConnectTargets allowedTargets) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
        this.eventPublisher = Objects.requireNonNull(eventPublisher, "eventPublisher");
        this.allowedTargets = Objects.requireNonNull(allowedTargets, "allowedTargets");
    }

    /**
     * Sets the registrar of the {@code @NodeProcess} beans, whose mailboxes' capacity and dropped
     * messages are shown.
     *
     * @param processes the registrar, or null
     */
    public void setProcesses(NodeProcessRegistrar processes) {
        this.processes = processes;
    }

    /**
     * Describes this node, its connections and its registered processes.
     *
     * @return the description
     */
    @ReadOperation
    public NodesDescriptor nodes() {
        Node node = lifecycle.node();
        List<ConnectedNodeDescriptor> connected =
                node.nodes().stream().map(ConnectedNodeDescriptor::of).toList();
        List<ProcessDescriptor> processes =
                node.registeredProcesses().stream().map(this::describe).toList();
        return new NodesDescriptor(self(node), connected, processes);
    }

    private ProcessDescriptor describe(RegisteredProcess process) {
        return ProcessDescriptor.of(process, processes);
    }

    /**
     * Describes one connected node.
     *
     * @param node the node's full name
     * @return the description, or null (404) when that node is not connected
     */
    @ReadOperation
    public ConnectedNodeDescriptor node(@Selector String node) {
        NodeName name = parse(node);
        return lifecycle.node().nodes().stream()
                .filter(connected -> connected.name().equals(name))
                .findFirst()
                .map(ConnectedNodeDescriptor::of)
                .orElse(null);
    }

    /**
     * Connects to a node, as {@code Node.connect/1} does; waits at most about the handshake
     * timeout. A node that is not connected and not {@linkplain AllowedConnectTargets allowed} is
     * refused without dialling it. A failure is told in general terms only, so that the answer does
     * not describe the network; the reason is logged and published as a {@link
     * NodeConnectFailedEvent}.
     *
     * @param node the node's full name
     * @return whether it is connected, or refused
     */
    @WriteOperation
    public ConnectDescriptor connect(@Selector String node) {
        NodeName name = parse(node);
        Node local = lifecycle.node();
        if (!allowedTargets.allows(name) && !name.equals(local.name()) && !isConnected(local, name)) {
            log.debug("refused to connect to {}: not allowed by {}", name, ALLOWED_CONNECT_HOSTS_PROPERTY);
            return new ConnectDescriptor(
                    name.toString(),
                    false,
                    true,
                    "not allowed: the node is neither configured nor on a host listed in "
                            + ALLOWED_CONNECT_HOSTS_PROPERTY + "; nothing was dialled");
        }
        if (local.connect(name)) {
            return new ConnectDescriptor(name.toString(), true, false, null);
        }
        String reason = local.connectFailure(name).orElse("no answer in time");
        eventPublisher.publishEvent(new NodeConnectFailedEvent(local, name, reason));
        return new ConnectDescriptor(
                name.toString(), false, false, "not connected; the reason is in this application's log");
    }

    private static boolean isConnected(Node local, NodeName name) {
        return local.nodes().stream().anyMatch(connected -> connected.name().equals(name));
    }

    /**
     * Disconnects from a node, as {@code Node.disconnect/1} does. A later send to it connects again.
     *
     * @param node the node's full name
     * @return whether it was connected
     */
    @DeleteOperation
    public DisconnectDescriptor disconnect(@Selector String node) {
        NodeName name = parse(node);
        return new DisconnectDescriptor(name.toString(), lifecycle.node().disconnect(name));
    }

    private SelfDescriptor self(Node node) {
        InetSocketAddress address = node.address();
        Instant startedAt = lifecycle.startedAt();
        return new SelfDescriptor(
                node.name().toString(),
                node.cookieSource(),
                address.getAddress().getHostAddress(),
                address.getPort(),
                node.config().epmdMode().name().toLowerCase(Locale.ROOT),
                node.config().epmdPort(),
                node.hostsEmbeddedEpmd(),
                node.config().visible(),
                node.config().tls().isPresent(),
                node.creation(),
                lifecycle.isListening(),
                startedAt,
                Duration.between(startedAt, Instant.now()).toString());
    }

    private static String hostAndPort(InetSocketAddress address) {
        if (address == null) {
            return null;
        }
        InetAddress host = address.getAddress();
        if (host == null) {
            return address.getHostString() + ":" + address.getPort();
        }
        String text = host.getHostAddress();
        return (host instanceof Inet6Address ? "[" + text + "]" : text) + ":" + address.getPort();
    }

    private static NodeName parse(String node) {
        try {
            return NodeName.parse(node);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), "not a node name");
        }
    }

    /**
     * This node, its connections and its registered processes.
     *
     * @param self this node
     * @param nodes the connected nodes, sorted by name
     * @param processes the registered processes, sorted by name
     */
    public record NodesDescriptor(
            SelfDescriptor self, List<ConnectedNodeDescriptor> nodes, List<ProcessDescriptor> processes)
            implements OperationResponseBody {}

    /**
     * This node.
     *
     * @param name its full name
     * @param cookieSource where its cookie came from: {@code explicit} or {@code file:<path>}
     * @param address the address it listens on
     * @param port the port it listens on
     * @param epmdMode {@code auto} or {@code external}
     * @param epmdPort the EPMD port
     * @param embeddedEpmd whether this JVM hosts the EPMD
     * @param visible whether it announces itself as visible
     * @param tls whether distribution connections run inside TLS
     * @param creation its creation (incarnation) number
     * @param listening whether it listens for other nodes
     * @param startedAt when the application context took it into service
     * @param uptime how long since then, as an ISO-8601 duration such as {@code PT2H5M}
     */
    public record SelfDescriptor(
            String name,
            String cookieSource,
            String address,
            int port,
            String epmdMode,
            int epmdPort,
            boolean embeddedEpmd,
            boolean visible,
            boolean tls,
            int creation,
            boolean listening,
            Instant startedAt,
            String uptime) {}

    /**
     * A connected node and the traffic since its connection came up.
     *
     * @param name its full name
     * @param visible whether the connection is visible or hidden
     * @param address its socket address, {@code host:port}
     * @param connectedAt when the handshake finished
     * @param messagesIn packets received from it
     * @param messagesOut packets sent to it
     * @param bytesIn bytes received from it
     * @param bytesOut bytes sent to it
     * @param lastActivity when a packet last went either way
     * @param limitRefusals monitors and links it asked for beyond the per-peer limits, refused
     */
    public record ConnectedNodeDescriptor(
            String name,
            boolean visible,
            String address,
            Instant connectedAt,
            long messagesIn,
            long messagesOut,
            long bytesIn,
            long bytesOut,
            Instant lastActivity,
            long limitRefusals)
            implements OperationResponseBody {

        /**
         * Describes a connected node.
         *
         * @param node the node and its traffic
         * @return the description
         */
        public static ConnectedNodeDescriptor of(ConnectedNode node) {
            return new ConnectedNodeDescriptor(
                    node.name().toString(),
                    node.visible(),
                    hostAndPort(node.address()),
                    node.connectedAt(),
                    node.messagesIn(),
                    node.messagesOut(),
                    node.bytesIn(),
                    node.bytesOut(),
                    node.lastActivity(),
                    node.limitRefusals());
        }
    }

    /**
     * A registered process.
     *
     * @param name its registered name
     * @param mailboxSize how many messages wait in its mailbox
     * @param capacity how many messages may wait in its mailbox (null for the node's own system
     *     processes)
     * @param droppedMessages how many messages its full mailbox dropped: over its restarts for a
     *     {@code @NodeProcess} bean, since it was created for other mailboxes (null for the system
     *     processes)
     */
    public record ProcessDescriptor(String name, int mailboxSize, Integer capacity, Long droppedMessages) {

        /**
         * Describes a registered process.
         *
         * @param process the process
         * @param registrar the registrar of the {@code @NodeProcess} beans, whose drops count over
         *     their restarts, or null
         * @return the description
         */
        public static ProcessDescriptor of(RegisteredProcess process, NodeProcessRegistrar registrar) {
            Integer capacity =
                    process.capacity().isPresent() ? process.capacity().getAsInt() : null;
            Long dropped = capacity != null ? process.droppedMessages() : null;
            if (registrar != null && registrar.status(process.name()).isPresent()) {
                // a @NodeProcess counts its drops over its restarts
                dropped = registrar.droppedMessages(process.name());
            }
            return new ProcessDescriptor(process.name(), process.mailboxSize(), capacity, dropped);
        }
    }

    /**
     * The outcome of a connect.
     *
     * @param node the node's full name
     * @param connected whether it is connected now
     * @param refused whether the node was not allowed, and so not dialled
     * @param failure why not, in general terms, when not
     */
    public record ConnectDescriptor(String node, boolean connected, boolean refused, String failure)
            implements OperationResponseBody {}

    /**
     * The outcome of a disconnect.
     *
     * @param node the node's full name
     * @param disconnected whether it was connected
     */
    public record DisconnectDescriptor(String node, boolean disconnected) implements OperationResponseBody {}
}

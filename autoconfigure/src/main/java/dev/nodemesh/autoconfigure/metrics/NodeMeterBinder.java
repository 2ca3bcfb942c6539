package dev.nodemesh.autoconfigure.metrics;

import dev.nodemesh.ConnectedNode;
import dev.nodemesh.ConnectionFailure;
import dev.nodemesh.Node;
import dev.nodemesh.NodeDownReason;
import dev.nodemesh.NodeName;
import dev.nodemesh.NodeStatusListener;
import dev.nodemesh.UndeliverableReason;
import dev.nodemesh.autoconfigure.event.NodeConnectFailedEvent;
import dev.nodemesh.spring.NodeProcessRegistrar;
import dev.nodemesh.spring.ProcessStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationListener;

/**
 * Micrometer meters for a {@link Node}.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>tags</th></tr>
 * <tr><td>{@code nodemesh.nodes.connected}</td><td>gauge</td><td></td></tr>
 * <tr><td>{@code nodemesh.messages.received}, {@code nodemesh.messages.sent}</td><td>function
 * counter</td><td>{@code peer}</td></tr>
 * <tr><td>{@code nodemesh.bytes.received}, {@code nodemesh.bytes.sent}</td><td>function counter,
 * bytes</td><td>{@code peer}</td></tr>
 * <tr><td>{@code nodemesh.peer.limit.refusals}</td><td>function counter</td><td>{@code
 * peer}</td></tr>
 * <tr><td>{@code nodemesh.node.down}</td><td>counter</td><td>{@code peer}, {@code reason}</td></tr>
 * <tr><td>{@code nodemesh.connect.failures}</td><td>counter</td><td>{@code peer} (the first 100
 * distinct nodes, then {@code other}: the names may come from HTTP requests)</td></tr>
 * <tr><td>{@code nodemesh.connection.failures}</td><td>counter</td><td>{@code reason}, {@code
 * direction}</td></tr>
 * <tr><td>{@code nodemesh.mailbox.size}</td><td>gauge</td><td>{@code process}</td></tr>
 * <tr><td>{@code nodemesh.messages.undeliverable}</td><td>function counter</td><td>{@code reason}
 * ({@code no_such_name}, {@code no_such_process})</td></tr>
 * <tr><td>{@code nodemesh.process.restarts}</td><td>function counter</td><td>{@code process} (the
 * {@code @NodeProcess} names)</td></tr>
 * </table>
 *
 * <p>The traffic meters of a node exist while it is connected and count since its connection came
 * up; the mailbox gauge of a name exists while the name is registered. Both sets follow the node at
 * once on node events and every refresh interval otherwise (registrations raise no event).
 */
public class NodeMeterBinder
        implements MeterBinder, NodeStatusListener, ApplicationListener<NodeConnectFailedEvent>, AutoCloseable {

    private static final Duration SNAPSHOT_LIFETIME = Duration.ofMillis(250);

    /** Distinct {@code peer} values of {@code nodemesh.connect.failures} before "other". */
    public static final int MAX_CONNECT_FAILURE_PEERS = 100;

    private final Node node;

    private final Duration refreshInterval;

    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    private final List<KeyedMeters<NodeName>> peerMeters = new CopyOnWriteArrayList<>();

    private final List<KeyedMeters<String>> processMeters = new CopyOnWriteArrayList<>();

    private final List<KeyedMeters<String>> supervisedMeters = new CopyOnWriteArrayList<>();

    private final ShortLivedSnapshot<List<ConnectedNode>> peers;

    private final ShortLivedSnapshot<Map<String, Integer>> registeredNames;

    private final Map<NodeName, ConnectedNode> lastTraffic = new ConcurrentHashMap<>();

    private final NodeProcessRegistrar supervisor;

    private final BoundedTagValues connectFailurePeers = new BoundedTagValues(MAX_CONNECT_FAILURE_PEERS);

    private ScheduledExecutorService refresher;

    private boolean closed;

    /**
     * Creates a binder.
     *
     * @param node the node to measure
     * @param refreshInterval how often the per-node and per-process meters follow the node
     */
    public NodeMeterBinder(Node node, Duration refreshInterval) {
        this(node, refreshInterval, null);
    }

    /**
     * Creates a binder that also counts the restarts of the {@code @NodeProcess} beans.
     *
     * @param node the node to measure
     * @param refreshInterval how often the per-node and per-process meters follow the node
     * @param supervisor the registrar of the {@code @NodeProcess} beans, or null
     */
    public NodeMeterBinder(Node node, Duration refreshInterval, NodeProcessRegistrar supervisor) {
        this.supervisor = supervisor;
        this.node = Objects.requireNonNull(node, "node");
        this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
        this.peers = new ShortLivedSnapshot<>(node::nodes, SNAPSHOT_LIFETIME);
        this.registeredNames = new ShortLivedSnapshot<>(node::registeredNames, SNAPSHOT_LIFETIME);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("nodemesh.nodes.connected", this, binder -> binder.peers
                        .get()
                        .size())
                .description("Nodes connected to this node, visible and hidden")
                .register(registry);
        for (UndeliverableReason reason : UndeliverableReason.values()) {
            FunctionCounter.builder("nodemesh.messages.undeliverable", node, n -> n.undeliverable(reason))
                    .tag("reason", reason.tag())
                    .description("Messages to this node that reached no process: no such registered name, or"
                            + " a process that has ended")
                    .baseUnit("messages")
                    .register(registry);
        }
        registries.add(registry);
        peerMeters.add(new KeyedMeters<>(registry, peer -> registerPeer(registry, peer)));
        processMeters.add(new KeyedMeters<>(registry, name -> List.of(registerProcess(registry, name))));
        supervisedMeters.add(new KeyedMeters<>(registry, name -> registerSupervised(registry, name)));
        startRefreshing();
        refresh();
    }

    /** Brings the per-node and per-process meters in line with the node now. */
    public void refresh() {
        Set<NodeName> connected =
                peers.refresh().stream().map(ConnectedNode::name).collect(Collectors.toSet());
        Set<String> names = registeredNames.refresh().keySet();
        lastTraffic.keySet().retainAll(connected);
        peerMeters.forEach(meters -> meters.sync(connected));
        processMeters.forEach(meters -> meters.sync(names));
        if (supervisor != null) {
            List<String> supervised = supervisor.processNames();
            supervisedMeters.forEach(meters -> meters.sync(supervised));
        }
    }

    @Override
    public void nodeUp(NodeName peer, boolean visible) {
        refresh();
    }

    @Override
    public void nodeDown(NodeName peer, NodeDownReason reason) {
        for (MeterRegistry registry : registries) {
            registry.counter(
                            "nodemesh.node.down",
                            "peer",
                            peer.toString(),
                            "reason",
                            reason.atom().name())
                    .increment();
        }
        refresh();
    }

    @Override
    public void connectionFailed(ConnectionFailure failure) {
        for (MeterRegistry registry : registries) {
            registry.counter(
                            "nodemesh.connection.failures",
                            "reason",
                            failure.kind(),
                            "direction",
                            failure.incoming() ? "incoming" : "outgoing")
                    .increment();
        }
    }

    @Override
    public void onApplicationEvent(NodeConnectFailedEvent event) {
        if (event.getLocalNode() != node) {
            return;
        }
        for (MeterRegistry registry : registries) {
            registry.counter(
                            "nodemesh.connect.failures",
                            "peer",
                            connectFailurePeers.tag(event.getNode().toString()))
                    .increment();
        }
    }

    /** Stops following the node and removes the per-node and per-process meters. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            closed = true;
            stopping = refresher;
            refresher = null;
        }
        node.removeStatusListener(this);
        if (stopping != null) {
            stopping.shutdownNow();
        }
        peerMeters.forEach(KeyedMeters::clear);
        processMeters.forEach(KeyedMeters::clear);
        supervisedMeters.forEach(KeyedMeters::clear);
    }

    private synchronized void startRefreshing() {
        if (refresher != null || closed) {
            return;
        }
        node.addStatusListener(this);
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread =
                    new Thread(runnable, "nodemesh-meters-" + node.name().alive());
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, refreshInterval.toMillis());
        refresher.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    private List<Meter> registerPeer(MeterRegistry registry, NodeName peer) {
        return List.of(
                peerCounter(
                        registry,
                        peer,
                        "nodemesh.messages.received",
                        null,
                        "Packets received from the node since its connection came up",
                        ConnectedNode::messagesIn),
                peerCounter(
                        registry,
                        peer,
                        "nodemesh.messages.sent",
                        null,
                        "Packets sent to the node since its connection came up",
                        ConnectedNode::messagesOut),
                peerCounter(
                        registry,
                        peer,
                        "nodemesh.bytes.received",
                        BaseUnits.BYTES,
                        "Bytes received from the node since its connection came up",
                        ConnectedNode::bytesIn),
                peerCounter(
                        registry,
                        peer,
                        "nodemesh.bytes.sent",
                        BaseUnits.BYTES,
                        "Bytes sent to the node since its connection came up",
                        ConnectedNode::bytesOut),
                peerCounter(
                        registry,
                        peer,
                        "nodemesh.peer.limit.refusals",
                        null,
                        "Monitors and links the node asked for beyond the per-peer limits, refused, since its"
                                + " connection came up",
                        ConnectedNode::limitRefusals));
    }

    private Meter peerCounter(
            MeterRegistry registry,
            NodeName peer,
            String name,
            String baseUnit,
            String description,
            ToDoubleFunction<ConnectedNode> count) {
        return FunctionCounter.builder(name, this, binder -> {
                    ConnectedNode traffic = binder.traffic(peer);
                    return traffic == null ? 0 : count.applyAsDouble(traffic);
                })
                .tag("peer", peer.toString())
                .description(description)
                .baseUnit(baseUnit)
                .register(registry);
    }

    private List<Meter> registerSupervised(MeterRegistry registry, String name) {
        return List.of(
                registerRestarts(registry, name),
                processCounter(
                        registry,
                        name,
                        "nodemesh.mailbox.dropped",
                        s -> s.droppedMessages(name),
                        "Messages a full @NodeProcess mailbox dropped"),
                processCounter(
                        registry,
                        name,
                        "nodemesh.process.unhandled",
                        s -> s.unhandledMessages(name),
                        "Messages no @OnMessage method of the process takes"),
                processCounter(
                        registry,
                        name,
                        "nodemesh.process.errors",
                        s -> s.failedMessages(name),
                        "Messages an @OnMessage method of the process threw on"));
    }

    private Meter processCounter(
            MeterRegistry registry,
            String process,
            String name,
            java.util.function.ToLongFunction<NodeProcessRegistrar> count,
            String description) {
        return FunctionCounter.builder(name, supervisor, s -> count.applyAsLong(s))
                .tag("process", process)
                .description(description)
                .baseUnit("messages")
                .register(registry);
    }

    private Meter registerRestarts(MeterRegistry registry, String name) {
        return FunctionCounter.builder("nodemesh.process.restarts", supervisor, s -> s.status(name)
                        .map(ProcessStatus::restarts)
                        .orElse(0L))
                .tag("process", name)
                .description("Restarts of a @NodeProcess mailbox that ended")
                .register(registry);
    }

    private Meter registerProcess(MeterRegistry registry, String name) {
        return Gauge.builder("nodemesh.mailbox.size", this, binder -> binder.mailboxSize(name))
                .tag("process", name)
                .description("Messages waiting in the mailbox of a registered process")
                .baseUnit("messages")
                .register(registry);
    }

    /** The latest traffic of a node, or the last seen while its meters wait to be removed. */
    private ConnectedNode traffic(NodeName peer) {
        for (ConnectedNode connected : peers.get()) {
            if (connected.name().equals(peer)) {
                lastTraffic.put(peer, connected);
                return connected;
            }
        }
        return lastTraffic.get(peer);
    }

    private double mailboxSize(String name) {
        Integer size = registeredNames.get().get(name);
        return size == null ? Double.NaN : size;
    }
}

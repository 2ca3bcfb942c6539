package dev.nodemesh.testsupport;

import dev.nodemesh.Cookie;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.NodeDownReason;
import dev.nodemesh.NodeName;
import dev.nodemesh.NodeStatusListener;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fault-injection bench: a nodemesh node on the host and a peer in a network namespace made for
 * the test, joined by a veth pair, each with a long name on its end of the link and the same short
 * tick time. The peer is a real {@code erl} or a nodemesh node in a JVM of its own ({@link Peer});
 * see {@link FaultPeer}. An erl peer's namespace runs its own {@code epmd}; nodemesh nodes answer
 * EPMD themselves, on their end of the link. A test can stop or kill the peer, start it again
 * under the same name, or cut the link silently ({@link #partition}). Closing removes everything,
 * the namespace last.
 */
public final class FaultLab implements AutoCloseable {

    /** What runs in the namespace. */
    public enum Peer {
        /** A real erl. */
        ERL,
        /** A nodemesh node in a JVM of its own. */
        NODEMESH
    }

    private final Duration tick;
    private final Peer kind;
    private final String cookie = "fault-" + System.nanoTime();
    private final int epmdPort = TestPorts.freePort();
    private final Map<String, Long> downAt = new ConcurrentHashMap<>();
    private final Map<String, NodeDownReason> downWhy = new ConcurrentHashMap<>();
    private NetworkNamespace remote;
    private ExternalProcess remoteEpmd;
    private Node node;
    private FaultPeer peer;

    private FaultLab(Duration tick, Peer kind) {
        this.tick = tick;
        this.kind = kind;
    }

    /**
     * Makes the namespace, starts the nodemesh node and the peer (not yet connected).
     *
     * @param tick the tick time of both nodes (whole seconds, as erl takes it)
     * @param kind what the peer is
     * @return the lab
     * @throws IOException when the nodemesh node cannot listen
     */
    public static FaultLab start(Duration tick, Peer kind) throws IOException {
        if (kind == Peer.ERL) {
            ErlangRuntime.requireErl();
        }
        FaultLab lab = new FaultLab(tick, kind);
        try {
            lab.remote = NetworkNamespace.create();
            if (kind == Peer.ERL) {
                String epmd = ErlangRuntime.findOnPath("epmd").orElseThrow().toString();
                lab.remoteEpmd = lab.remote.start(List.of(epmd, "-port", Integer.toString(lab.epmdPort)));
            }
            lab.node = Node.start(
                    NodeConfig.builder("nm@" + lab.remote.hostAddress().getHostAddress())
                            .cookie(Cookie.of(lab.cookie))
                            .listen(lab.remote.hostAddress(), 0)
                            .epmdPort(lab.epmdPort)
                            .tickTime(tick)
                            .defaultGroupScope(false) // pg's own traffic on each connect would blur packet counts
                            .build());
            lab.node.addStatusListener(new NodeStatusListener() {
                @Override
                public void nodeDown(NodeName peer, NodeDownReason reason) {
                    lab.downAt.put(peer.toString(), System.nanoTime());
                    lab.downWhy.put(peer.toString(), reason);
                }
            });
            lab.startPeer();
            return lab;
        } catch (IOException | RuntimeException | Error e) {
            lab.close();
            throw e;
        }
    }

    /** Starts (or starts again, as a new incarnation) the peer under the same name. */
    public void startPeer() {
        peer = kind == Peer.ERL
                ? new ErlFaultPeer(remote, cookie, epmdPort, tick)
                : new NodeRunnerPeer(remote, cookie, epmdPort, tick);
    }

    /**
     * Returns the peer.
     *
     * @return the current incarnation
     */
    public FaultPeer peer() {
        return peer;
    }

    /**
     * Sends a signal to the peer's OS process ({@code STOP}, {@code CONT}, {@code KILL}).
     *
     * @param signal the signal's name
     */
    public void signalPeer(String signal) {
        ErlangRuntime.run(List.of("kill", "-" + signal, Long.toString(peer.osPid())), Duration.ofSeconds(10));
    }

    /**
     * Returns the nodemesh node.
     *
     * @return the node
     */
    public Node node() {
        return node;
    }

    /**
     * Returns the nodemesh node's full name.
     *
     * @return {@code nm@<host address>}
     */
    public String nodemeshName() {
        return node.name().toString();
    }

    /**
     * Returns when nodemesh last saw the peer go down ({@link System#nanoTime}), and why.
     *
     * @return the time and reason, if it went down
     */
    public Optional<Map.Entry<Long, NodeDownReason>> lastDown() {
        Long at = downAt.get(peer.name());
        return at == null ? Optional.empty() : Optional.of(Map.entry(at, downWhy.get(peer.name())));
    }

    /** Drops every packet of the link, silently (see {@link NetworkNamespace#partition}). */
    public void partition() {
        remote.partition();
    }

    /** Lets packets through again. */
    public void heal() {
        remote.heal();
    }

    @Override
    public void close() {
        if (peer != null) {
            peer.close();
        }
        if (node != null) {
            node.close();
        }
        if (remoteEpmd != null) {
            remoteEpmd.close();
        }
        if (remote != null) {
            remote.close();
        }
    }
}

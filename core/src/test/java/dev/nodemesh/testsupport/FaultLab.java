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
 * A fault-injection bench: a nodemesh node on the host and a real {@code erl} in a network
 * namespace made for the test, joined by a veth pair, each with a long name on its end of the link
 * and the same short tick time. The namespace runs its own {@code epmd}; the node's embedded EPMD
 * answers on the host's end. The erl node runs a read-eval-print loop (see {@link BeamNode}), so a
 * test can prepare processes in it, kill it, stop it or cut its link ({@link #partition}).
 * Closing removes everything, the namespace last.
 */
public final class FaultLab implements AutoCloseable {

    private final Duration tick;
    private final String cookie = "fault-" + System.nanoTime();
    private final int epmdPort = TestPorts.freePort();
    private final Map<String, Long> downAt = new ConcurrentHashMap<>();
    private final Map<String, NodeDownReason> downWhy = new ConcurrentHashMap<>();
    private NetworkNamespace remote;
    private ExternalProcess remoteEpmd;
    private Node node;
    private BeamNode erl;

    private FaultLab(Duration tick) {
        this.tick = tick;
    }

    /**
     * Makes the namespace, starts its epmd, the nodemesh node and the erl node (not yet connected).
     *
     * @param tick the tick time of both nodes (whole seconds, as erl takes it)
     * @return the lab
     * @throws IOException when the nodemesh node cannot listen
     */
    public static FaultLab start(Duration tick) throws IOException {
        ErlangRuntime.requireErl();
        FaultLab lab = new FaultLab(tick);
        try {
            lab.remote = NetworkNamespace.create();
            String epmd = ErlangRuntime.findOnPath("epmd").orElseThrow().toString();
            lab.remoteEpmd = lab.remote.start(List.of(epmd, "-port", Integer.toString(lab.epmdPort)));
            lab.node = Node.start(
                    NodeConfig.builder("nm@" + lab.remote.hostAddress().getHostAddress())
                            .cookie(Cookie.of(lab.cookie))
                            .listen(lab.remote.hostAddress(), 0)
                            .epmdPort(lab.epmdPort)
                            .tickTime(tick)
                            .build());
            lab.node.addStatusListener(new NodeStatusListener() {
                @Override
                public void nodeDown(NodeName peer, NodeDownReason reason) {
                    lab.downAt.put(peer.toString(), System.nanoTime());
                    lab.downWhy.put(peer.toString(), reason);
                }
            });
            lab.startErl();
            return lab;
        } catch (IOException | RuntimeException | Error e) {
            lab.close();
            throw e;
        }
    }

    /** Starts (or starts again, as a new incarnation) the erl node under the same name. */
    public void startErl() {
        erl = BeamNode.erlIn(
                remote, "erl", cookie, epmdPort, "-kernel", "net_ticktime", Long.toString(tick.toSeconds()));
    }

    /**
     * Prepares the erl node for a scenario: a process registered as {@code sink} that keeps every
     * {@code {seq, N}} it receives (ask with {@link #erlSeqsInOrder}) and answers {@code {ping,
     * From, T}} with {@code {pong, T}}, and a watcher that notes when erl sees the nodemesh node go
     * down (see {@link #erlDownAt}).
     */
    public void prepareErl() {
        erl.eval("ets:new(nm_down, [named_table, public]), register(sink, spawn(fun() -> L = fun L(A) ->"
                + " receive {seq, N} -> L([N | A]); {get, F} -> F ! {seqs, lists:reverse(A)}, L(A);"
                + " {ping, F, T} -> F ! {pong, T}, L(A) end end, L([]) end)),"
                + " spawn(fun() -> net_kernel:monitor_nodes(true, [{node_type, all}]), W = fun W() -> receive"
                + " {nodedown, Nd, _} -> ets:insert(nm_down, {Nd, erlang:monotonic_time(millisecond)}), W();"
                + " _ -> W() end end, W() end), ok");
    }

    /**
     * Tells whether erl's {@code sink} has received exactly {@code {seq, 1}} to {@code {seq, n}},
     * each once and in order (false while some are still on their way: poll it).
     *
     * @param n the count expected
     * @return whether it did
     */
    public boolean erlSeqsInOrder(int n) {
        return erl.eval("sink ! {get, self()}, receive {seqs, S} -> S =:= lists:seq(1, " + n
                        + ") after 5000 -> timeout end")
                .equals("true");
    }

    /**
     * Returns erl's monotonic clock, in milliseconds.
     *
     * @return the time
     */
    public long erlNow() {
        return Long.parseLong(erl.eval("erlang:monotonic_time(millisecond)"));
    }

    /**
     * Returns when erl saw the nodemesh node go down, on erl's monotonic clock.
     *
     * @return the time in milliseconds, once it has
     */
    public Optional<Long> erlDownAt() {
        String lookup = erl.eval("ets:lookup(nm_down, '" + nodemeshName() + "')");
        if (!lookup.contains(",")) {
            return Optional.empty();
        }
        return Optional.of(
                Long.parseLong(lookup.substring(lookup.lastIndexOf(',') + 1).replaceAll("[^0-9-]", "")));
    }

    /**
     * Sends a signal to the erl node's OS process ({@code STOP}, {@code CONT}, {@code KILL}).
     *
     * @param signal the signal's name
     */
    public void signalErl(String signal) {
        ErlangRuntime.run(List.of("kill", "-" + signal, Long.toString(erlPid())), Duration.ofSeconds(10));
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
     * Returns the erl node.
     *
     * @return the current incarnation
     */
    public BeamNode erl() {
        return erl;
    }

    /**
     * Returns the nodemesh node's full name, as erl writes it in a quoted atom.
     *
     * @return {@code nm@<host address>}
     */
    public String nodemeshName() {
        return node.name().toString();
    }

    /**
     * Returns the erl node's full name.
     *
     * @return {@code erl@<namespace address>}
     */
    public String erlName() {
        return "erl@" + remote.namespaceAddress().getHostAddress();
    }

    /**
     * Returns the OS process of the erl node, to stop or kill it.
     *
     * @return its pid
     */
    public long erlPid() {
        return erl.process().pid();
    }

    /**
     * Returns when nodemesh last saw the erl node go down ({@link System#nanoTime}), and why.
     *
     * @return the time and reason, if it went down
     */
    public Optional<Map.Entry<Long, NodeDownReason>> lastDown() {
        Long at = downAt.get(erlName());
        return at == null ? Optional.empty() : Optional.of(Map.entry(at, downWhy.get(erlName())));
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
        if (erl != null) {
            erl.close();
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

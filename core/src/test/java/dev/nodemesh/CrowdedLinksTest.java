package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.dist.DistSettings;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.ExternalProcess;
import dev.nodemesh.testsupport.Interop;
import dev.nodemesh.testsupport.NetworkNamespace;
import dev.nodemesh.testsupport.TestPorts;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The handshake storm and the monitor flood of the fault suite across real network namespaces: a
 * nodemesh node on the host, a stranger (a real erl) in one namespace and a legitimate erl in
 * another, each namespace with its own address and EPMD. The stranger holds two thousand silent
 * sockets, or takes out 100,000 monitors and drops them; meanwhile the legitimate erl connects,
 * and its calls to the node stay fast. {@link HandshakeStormTest} and {@link
 * MonitorFloodInteropTest} do the same on loopback, with more source addresses and a nodemesh
 * caller.
 */
@Interop
class CrowdedLinksTest {

    private static final int SILENT_SOCKETS = 2_000;
    private static final int MONITORS = 100_000;
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The slowest call allowed during the flood, as in {@link MonitorFloodInteropTest}. */
    private static final long CALL_BOUND_MICROS = 2_000_000;

    private final String cookie = "crowded-" + System.nanoTime();
    private final int epmdPort = TestPorts.freePort();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<String> downs = Collections.synchronizedList(new ArrayList<>());
    private NetworkNamespace callers;
    private NetworkNamespace strangers;

    @BeforeEach
    void makeNamespaces() {
        ErlangRuntime.requireErl();
        callers = open(NetworkNamespace.create());
        strangers = open(NetworkNamespace.create());
        strangers.routeEverythingToHost();
        String epmd = ErlangRuntime.findOnPath("epmd").orElseThrow().toString();
        for (NetworkNamespace namespace : List.of(callers, strangers)) {
            ExternalProcess daemon = namespace.start(List.of(epmd, "-port", Integer.toString(epmdPort)));
            opened.add(daemon);
        }
    }

    @AfterEach
    void closeEverything() throws Exception {
        Collections.reverse(opened);
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T open(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /** The node under test, on the host's end of the callers' link; the strangers reach it routed. */
    private Node chip(NodeConfig.Builder config) throws IOException {
        Node chip = open(Node.start(config.build()));
        chip.addStatusListener(new NodeStatusListener() {
            @Override
            public void nodeDown(NodeName node, NodeDownReason reason) {
                downs.add(node + " " + reason);
            }
        });
        return chip;
    }

    private NodeConfig.Builder chipConfig() {
        return NodeConfig.builder("chip@" + callers.hostAddress().getHostAddress())
                .cookie(Cookie.of(cookie))
                .listen(callers.hostAddress(), 0)
                .epmdPort(epmdPort);
    }

    private BeamNode erlIn(NetworkNamespace namespace, String alive) {
        return open(BeamNode.erlIn(namespace, alive, cookie, epmdPort));
    }

    @Test
    void aLegitimateErlJoinsWhileAStrangerHoldsTwoThousandSilentSockets() throws Exception {
        // the name deadline as long as the handshake's: only the per-address bound closes sockets
        Node chip = chip(chipConfig().handshakeTimeout(LONG).handshakeNameTimeout(LONG));
        String chipName = chip.name().toString();
        Mailbox inbox = chip.createMailbox("inbox");
        BeamNode stranger = erlIn(strangers, "stranger");
        BeamNode ernie = erlIn(callers, "ernie");

        assertThat(stranger.eval(
                        "{ok, Ip} = inet:parse_address(\""
                                + chip.address().getAddress().getHostAddress() + "\"),"
                                + " Socks = [S || _ <- lists:seq(1, " + SILENT_SOCKETS + "), {ok, S} <-"
                                + " [gen_tcp:connect(Ip, " + chip.address().getPort()
                                + ", [binary, {active, false}], 10000)]], length(Socks)",
                        LONG))
                .isEqualTo(Integer.toString(SILENT_SOCKETS));

        assertThat(ernie.eval("net_adm:ping('" + chipName + "')")).isEqualTo("pong");
        ernie.eval("{inbox, '" + chipName + "'} ! {self(), hello}");
        Tuple hello = (Tuple) inbox.receive(WAIT).orElseThrow();
        assertThat(hello.get(1)).isEqualTo(Atom.of("hello"));
        inbox.send((Pid) hello.get(0), Atom.of("welcome"));
        assertThat(ernie.eval("receive M -> M after 10000 -> timeout end")).isEqualTo("welcome");

        // one source address holds at most its bound of handshakes: the node closed the rest
        int mayStayOpen = DistSettings.DEFAULT_MAX_PENDING_HANDSHAKES_PER_SOURCE;
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Integer.parseInt(
                                stranger.eval("length([S || S <- Socks, gen_tcp:recv(S, 0, 0) =:= {error, closed}])"))
                        >= SILENT_SOCKETS - mayStayOpen);
        assertThat(chip.nodes())
                .extracting(node -> node.name().toString())
                .containsExactly("ernie@" + callers.namespaceAddress().getHostAddress());
        assertThat(downs).isEmpty();
    }

    @Test
    void aMonitorFloodFromOneNamespaceLeavesTheCallsFromAnotherFast() throws Exception {
        Node chip = chip(chipConfig().maxMonitorsPerPeer(MONITORS));
        String chipName = chip.name().toString();
        Mailbox target = chip.createMailbox("target");
        Mailbox inbox = chip.createMailbox("inbox");
        TestNodes.echo(chip, "echo");
        BeamNode flood = erlIn(strangers, "flood");
        BeamNode ernie = erlIn(callers, "ernie");
        flood.eval("register(shell, self())");
        target.send("shell", "flood@" + strangers.namespaceAddress().getHostAddress(), target.pid());
        flood.eval("Pid = receive P -> P after 10000 -> timeout end");
        assertThat(ernie.eval("gen_server:call({echo, '" + chipName + "'}, warm_up)"))
                .isEqualTo("warm_up");

        // ernie calls chip's echo one call after another until told to stop, timing each in µs
        ernie.eval("Caller = spawn(fun() -> L = fun L(N, Acc) -> T0 = erlang:monotonic_time(microsecond),"
                + " N = gen_server:call({echo, '" + chipName + "'}, N, 10000),"
                + " T = erlang:monotonic_time(microsecond) - T0,"
                + " receive {stop, F} -> F ! {times, [T | Acc]} after 0 -> L(N + 1, [T | Acc]) end end,"
                + " L(0, []) end)");
        flood.eval(
                "Refs = [erlang:monitor(process, Pid) || _ <- lists:seq(1, " + MONITORS + ")],"
                        + " {inbox, '" + chipName + "'} ! monitored, [erlang:demonitor(R) || R <- Refs],"
                        + " {inbox, '" + chipName + "'} ! demonitored, ok",
                LONG);
        assertThat(inbox.receive(LONG)).contains(Atom.of("monitored"));
        assertThat(inbox.receive(LONG)).contains(Atom.of("demonitored"));
        String calls = ernie.eval("Caller ! {stop, self()}, receive {times, Ts} -> S = lists:sort(Ts),"
                + " {length(S), lists:nth(length(S) div 2 + 1, S), lists:last(S)} after 10000 -> timeout end");

        LoggerFactory.getLogger(CrowdedLinksTest.class)
                .info(
                        "{} monitors from another namespace; calls meanwhile {count, median µs, max µs}: {}",
                        MONITORS,
                        calls);
        String[] figures = calls.replaceAll("[{}]", "").split(",");
        assertThat(Integer.parseInt(figures[0]))
                .as("calls during the flood: " + calls)
                .isPositive();
        assertThat(Long.parseLong(figures[2]))
                .as("slowest call in µs (count, median, max: " + calls + ")")
                .isLessThan(CALL_BOUND_MICROS);
        await().atMost(WAIT).until(() -> !chip.runtime().monitors().isWatched(target.pid()));
        assertThat(downs).isEmpty();
        assertThat(chip.nodes()).hasSize(2);
    }
}

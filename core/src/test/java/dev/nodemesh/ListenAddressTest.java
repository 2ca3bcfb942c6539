package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.runtime.DefaultListenAddress;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where a node listens when its configuration does not say: a short name means one host, so only
 * the address its host part resolves to, where peers on this host dial it; a long name every
 * interface, as {@code erl}.
 */
@Interop
class ListenAddressTest {

    private static final InetAddress WILDCARD = new InetSocketAddress(0).getAddress();

    private final TestNodes nodes = new TestNodes();
    private BeamNode erl;

    @AfterEach
    void stop() {
        if (erl != null) {
            erl.close();
        }
        nodes.close();
    }

    @Test
    void aShortNameListensWhereItsHostResolvesOnThisHost() throws Exception {
        Map<String, List<InetAddress>> hosts = Map.of(
                "debian", List.of(ip("127.0.1.1")),
                "dual", List.of(ip("::1"), ip("127.0.0.1")),
                "lan", List.of(ip("192.0.2.2")),
                "elsewhere", List.of(ip("203.0.113.9")));
        DefaultListenAddress.Resolver resolver = host -> {
            List<InetAddress> found = hosts.get(host);
            if (found == null) {
                throw new UnknownHostException(host);
            }
            return found;
        };
        InetAddress lan = ip("192.0.2.2");

        assertThat(listen("chip@debian", resolver, lan)).isEqualTo(ip("127.0.1.1"));
        assertThat(listen("chip@dual", resolver, lan)).isEqualTo(ip("127.0.0.1"));
        assertThat(listen("chip@lan", resolver, lan)).isEqualTo(lan);
        assertThat(listen("chip@elsewhere", resolver, lan)).isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(listen("chip@nowhere", resolver, lan)).isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(listen("chip@lan.example.com", resolver, lan)).isEqualTo(WILDCARD);
    }

    @Test
    void configuredAddressesWin() {
        assertThat(NodeConfig.builder("chip@localhost")
                        .listen(WILDCARD, 0)
                        .build()
                        .listenAddress()
                        .getAddress())
                .isEqualTo(WILDCARD);
        assertThat(NodeConfig.builder("chip@localhost").listenPort(4370).build().listenAddress())
                .isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 4370));
    }

    @Test
    void aShortNamedNodeListensOnLoopbackAndRealErlStillConnectsByLocalhostAndByHostName() throws Exception {
        ErlangRuntime.requireErl();
        String hostName = InetAddress.getLocalHost().getHostName().split("\\.")[0];
        Node byLocalhost = nodes.start(unbound("chip@localhost"));
        Node byHostName = nodes.start(unbound("dale@" + hostName));

        assertThat(byLocalhost.address().getAddress()).isEqualTo(InetAddress.getByName("localhost"));
        assertThat(byLocalhost.address().getAddress().isAnyLocalAddress()).isFalse();
        InetAddress hostAddress = DefaultListenAddress.of(NodeName.parse("dale@" + hostName));
        assertThat(byHostName.address().getAddress()).isEqualTo(hostAddress);
        assertThat(hostAddress.isAnyLocalAddress()).isFalse();

        erl = BeamNode.erl("ernie@localhost", TestNodes.COOKIE, nodes.epmdPort(), "-hidden");
        assertThat(erl.eval("net_adm:ping('chip@localhost')")).isEqualTo("pong");
        assertThat(erl.eval("net_adm:ping('dale@" + hostName + "')")).isEqualTo("pong");
        assertThat(byLocalhost.ping("dale@" + hostName)).isEqualTo(PingResult.PONG);
    }

    /** A test node's configuration without a listen address: the default applies. */
    private NodeConfig.Builder unbound(String name) {
        return NodeConfig.builder(name)
                .cookie(Cookie.of(TestNodes.COOKIE))
                .epmdPort(nodes.epmdPort())
                .eventLoopThreads(1);
    }

    private static InetAddress listen(String name, DefaultListenAddress.Resolver resolver, InetAddress thisHosts) {
        return DefaultListenAddress.of(NodeName.parse(name), resolver, thisHosts::equals);
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }
}

package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.TestCertificates;
import dev.nodemesh.testsupport.TestCertificates.Identity;
import dev.nodemesh.testsupport.TestPorts;
import dev.nodemesh.tls.TlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Nodemesh nodes over TLS: mutual TLS between two nodes, and every way a connection is refused
 * (untrusted or expired certificate, wrong host name, plain TCP against TLS and back, wrong
 * cookie, silence), each with its failure kind while another connection of the node stays up.
 */
class TlsConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestNodes nodes = new TestNodes();
    private final List<Node> longNamed = new ArrayList<>();
    private TestCertificates ca;
    private TestCertificates stranger;
    private Identity localhost;

    /**
     * The TLS engine of the nodes' contexts; a subclass runs every case on the other one.
     *
     * @return the engine
     */
    SslProvider engine() {
        return SslProvider.JDK;
    }

    @BeforeEach
    void makeCertificates() {
        ca = TestCertificates.create("nodemesh test CA", engine());
        localhost = ca.issue("localhost", "DNS:localhost", "IP:127.0.0.1");
    }

    @AfterEach
    void stop() {
        longNamed.forEach(Node::close);
        nodes.close();
        ca.close();
        if (stranger != null) {
            stranger.close();
        }
    }

    /**
     * The first message goes out after a pause, when a plain connection would write it directly to
     * the socket: on TLS that must not happen (plain bytes would break the peer's TLS).
     */
    @Test
    void twoNodesTalkOverMutualTls() throws Exception {
        Node chip = nodes.start(nodes.config("chip").tls(localhost.mutualTls()));
        Node dale = nodes.start(
                nodes.config("dale").tls(ca.issue("dale", "DNS:localhost").mutualTls()));
        Mailbox atChip = chip.createMailbox("inbox");
        Mailbox atDale = dale.createMailbox("inbox");

        assertThat(dale.connect("chip@localhost")).isTrue();
        atDale.send("inbox", "chip@localhost", Tuple.of(Atom.of("hello"), atDale.pid()));
        Term hello = atChip.receive(WAIT).orElseThrow();
        atChip.send((dev.nodemesh.term.Pid) ((Tuple) hello).get(1), Atom.of("welcome"));

        assertThat(atDale.receive(WAIT)).contains(Atom.of("welcome"));
        assertThat(chip.ping("dale@localhost")).isEqualTo(PingResult.PONG);
    }

    @Test
    void aJdkContextAndNettyContextsInteroperate() {
        Node chip = nodes.start(nodes.config("chip").tls(localhost.mutualTlsFromJdkContext()));
        Node dale = nodes.start(nodes.config("dale").tls(localhost.mutualTls()));

        assertThat(dale.ping("chip@localhost")).isEqualTo(PingResult.PONG);
        assertThat(chip.ping("dale@localhost")).isEqualTo(PingResult.PONG);
    }

    @Test
    void managersThroughTheBuilderInteroperateWithNettyContexts() {
        Node chip = nodes.start(nodes.config("chip").tls(localhost.mutualTlsFromManagers()));
        Node dale = nodes.start(nodes.config("dale").tls(localhost.mutualTls()));

        assertThat(chip.config().tls().orElseThrow().engine())
                .isEqualTo(engine() == SslProvider.JDK ? "jdk" : "openssl");
        assertThat(dale.ping("chip@localhost")).isEqualTo(PingResult.PONG);
        assertThat(chip.ping("dale@localhost")).isEqualTo(PingResult.PONG);
    }

    @Test
    void aPeerLimitedToTls12Connects() throws Exception {
        Node chip = nodes.start(nodes.config("chip").tls(localhost.mutualTls()));
        File certificate = localhost.certificate().toFile();
        File key = localhost.privateKey().toFile();
        File authority = localhost.trusted().toFile();
        TlsConfig tls12 = TlsConfig.of(
                SslContextBuilder.forServer(certificate, key)
                        .trustManager(authority)
                        .clientAuth(ClientAuth.REQUIRE)
                        .protocols("TLSv1.2")
                        .sslProvider(engine())
                        .build(),
                SslContextBuilder.forClient()
                        .keyManager(certificate, key)
                        .trustManager(authority)
                        .protocols("TLSv1.2")
                        .sslProvider(engine())
                        .build());
        Node dale = nodes.start(nodes.config("dale").tls(tls12));

        assertThat(dale.ping("chip@localhost")).isEqualTo(PingResult.PONG);
        assertThat(chip.ping("dale@localhost")).isEqualTo(PingResult.PONG);
    }

    @Test
    void newConnectionsUseUpdatedMaterialWhileOldOnesStayUp() throws Exception {
        Node chip = nodes.start(nodes.config("chip").tls(localhost.mutualTls()));
        Node eve = connectedBystander(chip);
        stranger = TestCertificates.create("next CA", engine());
        Node dale = nodes.start(
                nodes.config("dale").tls(stranger.issue("dale", "DNS:localhost").mutualTls()));
        ConnectionFailures atDale = ConnectionFailures.of(dale);
        assertThat(dale.connect("chip@localhost")).isFalse();
        assertThat(atDale.next().kind()).isEqualTo("tls_handshake");

        Path bothAuthorities = stranger.authorities("both.pem", ca.authority());
        chip.updateTls(stranger.issue("localhost", "DNS:localhost")
                .trusting(bothAuthorities)
                .mutualTls());

        assertThat(dale.connect("chip@localhost")).isTrue();
        assertThat(chip.nodes()).extracting(c -> c.name()).containsExactlyInAnyOrder(eve.name(), dale.name());
        assertThat(eve.ping(chip.name())).isEqualTo(PingResult.PONG);
    }

    @Test
    void tlsCannotBeTurnedOnWhileANodeRuns() {
        Node chip = nodes.start("chip");

        assertThatThrownBy(() -> chip.updateTls(localhost.mutualTls()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without TLS");
    }

    @Test
    void anUntrustedClientCertificateIsRefused() throws Exception {
        Node chip = nodes.start(nodes.config("chip").tls(localhost.mutualTls()));
        Node eve = connectedBystander(chip);
        stranger = TestCertificates.create("stranger CA", engine());
        Identity untrusted = stranger.issue("dale", "DNS:localhost").trusting(ca.authority());
        Node dale = nodes.start(nodes.config("dale").tls(untrusted.mutualTls()));
        ConnectionFailures atChip = ConnectionFailures.of(chip);
        ConnectionFailures atDale = ConnectionFailures.of(dale);

        assertThat(dale.connect("chip@localhost")).isFalse();

        ConnectionFailure refusal = atChip.next();
        assertThat(refusal.kind()).isEqualTo("tls_handshake");
        assertThat(refusal.detail()).contains("no certificate from an authority this node trusts");
        assertThat(atDale.next().kind()).isEqualTo("tls_handshake");
        assertStillConnected(chip, eve);
    }

    @Test
    void anExpiredServerCertificateIsRefused() throws Exception {
        Identity expired = ca.issueExpired("localhost", "DNS:localhost", "IP:127.0.0.1");
        Node chip = nodes.start(nodes.config("chip").tls(expired.mutualTls()));
        Node dale = nodes.start(nodes.config("dale").tls(localhost.mutualTls()));
        ConnectionFailures atDale = ConnectionFailures.of(dale);

        assertThat(dale.connect("chip@localhost")).isFalse();

        ConnectionFailure failure = atDale.next();
        assertThat(failure.kind()).isEqualTo("tls_handshake");
        assertThat(failure.detail()).containsIgnoringCase("expired");
    }

    @Test
    void anExpiredClientCertificateIsRefused() throws Exception {
        Node chip = nodes.start(nodes.config("chip").tls(localhost.mutualTls()));
        Node eve = connectedBystander(chip);
        Identity expired = ca.issueExpired("dale", "DNS:localhost");
        Node dale = nodes.start(nodes.config("dale").tls(expired.mutualTls()));
        ConnectionFailures atChip = ConnectionFailures.of(chip);

        assertThat(dale.connect("chip@localhost")).isFalse();

        assertThat(atChip.next().kind()).isEqualTo("tls_handshake");
        assertStillConnected(chip, eve);
    }

    @Test
    void aCertificateForAnotherHostIsRefusedUnderLongNames() throws Exception {
        Identity elsewhere = ca.issue("elsewhere", "DNS:elsewhere.example");
        Node chip = startLongNamed("chip@127.0.0.1", elsewhere.mutualTls());
        Node dale = startLongNamed("dale@127.0.0.1", localhost.mutualTls());
        ConnectionFailures atDale = ConnectionFailures.of(dale);

        assertThat(dale.connect("chip@127.0.0.1")).isFalse();

        ConnectionFailure failure = atDale.next();
        assertThat(failure.kind()).isEqualTo("tls_handshake");
        assertThat(failure.detail()).contains("127.0.0.1");

        Node lenient = startLongNamed("lenient@127.0.0.1", localhost.mutualTls().verifyHostnames(false));
        assertThat(lenient.connect("chip@127.0.0.1"))
                .as("the same certificate passes without host name verification")
                .isTrue();
        assertThat(chip.nodes()).extracting(c -> c.name().toString()).containsExactly("lenient@127.0.0.1");
    }

    @Test
    void aCertificateForAnotherHostIsRefusedUnderShortNamesToo() throws Exception {
        Identity elsewhere = ca.issue("elsewhere", "DNS:elsewhere.example");
        Node chip = nodes.start(nodes.config("chip").tls(elsewhere.mutualTls()));
        Node dale = nodes.start(nodes.config("dale").tls(localhost.mutualTls()));
        ConnectionFailures atChip = ConnectionFailures.of(chip);
        ConnectionFailures atDale = ConnectionFailures.of(dale);

        assertThat(dale.connect("chip@localhost")).isFalse();

        ConnectionFailure failure = atDale.next();
        assertThat(failure.kind()).isEqualTo("tls_handshake");
        assertThat(failure.detail()).contains("localhost").doesNotContain("OpenSslEngine");
        ConnectionFailure refusal = atChip.next();
        assertThat(refusal.kind()).isEqualTo("tls_handshake");
        assertThat(refusal.detail()).contains("the peer refused this node's certificate");
    }

    @Test
    void aPlaintextPeerIsRefusedAtItsFirstBytes() throws Exception {
        Node chip = nodes.start(nodes.config("chip").tls(localhost.mutualTls()));
        Node eve = connectedBystander(chip);
        Node dale = nodes.start("dale");
        ConnectionFailures atChip = ConnectionFailures.of(chip);

        assertThat(dale.connect("chip@localhost")).isFalse();

        ConnectionFailure failure = atChip.next();
        assertThat(failure.kind()).isEqualTo("tls_handshake");
        assertThat(failure.detail()).contains("does not speak TLS");
        assertStillConnected(chip, eve);
    }

    @Test
    void aTlsPeerIsRefusedByAPlaintextNode() throws Exception {
        Node chip = nodes.start("chip");
        Node eve = nodes.start("eve");
        assertThat(eve.connect("chip@localhost")).isTrue();
        Node dale = nodes.start(nodes.config("dale").tls(localhost.mutualTls()));
        ConnectionFailures atChip = ConnectionFailures.of(chip);
        ConnectionFailures atDale = ConnectionFailures.of(dale);

        assertThat(dale.connect("chip@localhost")).isFalse();

        ConnectionFailure refused = atChip.next();
        assertThat(refused.kind()).isEqualTo("tls_handshake");
        assertThat(refused.detail()).contains("no TLS configured");
        assertThat(atDale.next().kind()).isEqualTo("tls_handshake");
        assertStillConnected(chip, eve);
    }

    @Test
    void theRightCertificateWithTheWrongCookieIsRefused() throws Exception {
        Node chip = nodes.start(nodes.config("chip").tls(localhost.mutualTls()));
        Node eve = connectedBystander(chip);
        Node dale = nodes.start(nodes.config("dale").cookie(Cookie.of("wrong")).tls(localhost.mutualTls()));
        ConnectionFailures atChip = ConnectionFailures.of(chip);

        assertThat(dale.connect("chip@localhost")).isFalse();

        assertThat(atChip.next().kind()).isEqualTo("bad_digest");
        assertStillConnected(chip, eve);
    }

    @Test
    void aSilentPeerIsDroppedByTheNameDeadline() throws Exception {
        Node chip = nodes.start(nodes.config("chip")
                .handshakeNameTimeout(Duration.ofMillis(500))
                .tls(localhost.mutualTls()));
        ConnectionFailures atChip = ConnectionFailures.of(chip);

        try (Socket silent =
                new Socket(InetAddress.getLoopbackAddress(), chip.address().getPort())) {
            silent.setSoTimeout((int) WAIT.toMillis());
            InputStream in = silent.getInputStream();
            assertThat(in.read()).as("the node closes the connection").isEqualTo(-1);
        }
        ConnectionFailure failure = atChip.next();
        assertThat(failure.kind()).isEqualTo("timeout");
        assertThat(failure.detail())
                .isEqualTo("TIMEOUT: no complete name message within PT0.5S (the TLS handshake did not finish)");
    }

    @Test
    void aPeerThatNeverAnswersTheTlsHandshakeIsDroppedByTheHandshakeDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Node dale = nodes.start(nodes.config("dale")
                    .epmdMode(EpmdMode.NONE)
                    .listen(InetAddress.getLoopbackAddress(), TestPorts.freePort())
                    .peer("silent@localhost", silent.getLocalPort())
                    .handshakeTimeout(Duration.ofSeconds(1))
                    .tls(localhost.mutualTls()));
            ConnectionFailures atDale = ConnectionFailures.of(dale);

            assertThat(dale.connect("silent@localhost")).isFalse();

            ConnectionFailure failure = atDale.next();
            assertThat(failure.kind()).isEqualTo("timeout");
            assertThat(failure.detail()).contains("PT1S").contains("the TLS handshake did not finish");
        }
    }

    /** Starts a node that connects to {@code chip} over TLS, to show that refusals leave it alone. */
    private Node connectedBystander(Node chip) {
        Node eve = nodes.start(nodes.config("eve").tls(localhost.mutualTls()));
        assertThat(eve.connect(chip.name().toString())).isTrue();
        return eve;
    }

    private static void assertStillConnected(Node chip, Node eve) {
        assertThat(chip.nodes()).extracting(c -> c.name()).containsExactly(eve.name());
        assertThat(eve.ping(chip.name())).isEqualTo(PingResult.PONG);
    }

    private Node startLongNamed(String name, TlsConfig tls) throws Exception {
        Node node = Node.start(NodeConfig.builder(name)
                .cookie(Cookie.of(TestNodes.COOKIE))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(nodes.epmdPort())
                .handshakeTimeout(Duration.ofSeconds(5))
                .eventLoopThreads(1)
                .tls(tls)
                .build());
        longNamed.add(node);
        return node;
    }
}

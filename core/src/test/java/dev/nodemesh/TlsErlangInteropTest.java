package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.TestCertificates;
import dev.nodemesh.testsupport.TestCertificates.Identity;
import io.netty.handler.ssl.SslProvider;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A TLS nodemesh node and a real {@code erl -proto_dist inet_tls} node with {@code verify_peer}
 * and {@code fail_if_no_peer_cert}, both directions, an {@code elixir} node over TLS, and a plain
 * erl refused by the TLS node.
 */
class TlsErlangInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String DALE = "dale@localhost";

    private final TestNodes nodes = new TestNodes();
    private TestCertificates ca;
    private Identity localhost;
    private BeamNode erl;
    private GreeterLoop greeter;

    /**
     * The TLS engine of the Java node's contexts; a subclass runs every case on the other one.
     *
     * @return the engine
     */
    SslProvider engine() {
        return SslProvider.JDK;
    }

    @BeforeEach
    void setUp() {
        ErlangRuntime.requireErl();
        ca = TestCertificates.create("nodemesh test CA", engine());
        localhost = ca.issue("localhost", "DNS:localhost", "IP:127.0.0.1");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (greeter != null) {
            greeter.close();
        }
        if (erl != null) {
            erl.close();
        }
        nodes.close();
        ca.close();
    }

    @Test
    void aTlsErlJoinsATlsNodemeshNode() throws Exception {
        Node chip = nodes.start(nodes.config("chip").tls(localhost.mutualTls()));
        greeter = new GreeterLoop(chip, "greeter");
        Mailbox inbox = chip.createMailbox("inbox");
        erl = tlsErl(ca.issue("dale", "DNS:localhost"));

        assertThat(erl.eval("net_adm:ping('chip@localhost')")).isEqualTo("pong");
        assertThat(erl.eval("nodes(hidden)")).isEqualTo("[chip@localhost]");
        assertThat(erl.eval("{inbox, 'chip@localhost'} ! {hello, self()}")).startsWith("{hello,");
        assertThat(inbox.receive(WAIT)).hasValueSatisfying(message -> assertThat(((Tuple) message).get(0))
                .isEqualTo(Atom.of("hello")));
        assertThat(erl.eval("gen_server:call({greeter, 'chip@localhost'}, {greet, <<\"dale\">>})"))
                .isEqualTo("<<\"Hello, dale!\">>");

        erl.eval("Ref = erlang:monitor(process, {greeter, 'chip@localhost'})");
        assertThat(chip.disconnect(DALE)).isTrue();
        assertThat(erl.eval("receive {'DOWN', Ref, process, _, Why} -> Why after 5000 -> timeout end"))
                .isEqualTo("noconnection");
    }

    @Test
    void aTlsElixirNodeJoinsATlsNodemeshNode() throws Exception {
        ErlangRuntime.requireElixir();
        Node chip = nodes.start(nodes.config("chip").tls(localhost.mutualTls()));
        greeter = new GreeterLoop(chip, "greeter");
        Identity dale = ca.issue("dale", "DNS:localhost");
        erl = BeamNode.elixir(
                DALE,
                TestNodes.COOKIE,
                nodes.epmdPort(),
                "-proto_dist inet_tls -ssl_dist_optfile " + dale.erlDistOptions(ca.file("dale-dist.conf")));

        assertThat(erl.eval("Node.connect(:\"chip@localhost\")")).isEqualTo("true");
        assertThat(erl.eval("Node.list(:hidden)")).isEqualTo("[:chip@localhost]");
        assertThat(erl.eval("GenServer.call({:greeter, :\"chip@localhost\"}, {:greet, \"dale\"})"))
                .isEqualTo("\"Hello, dale!\"");
    }

    @Test
    void aTlsNodemeshNodeJoinsATlsErl() throws Exception {
        Node chip = nodes.start(nodes.config("chip").tls(localhost.mutualTls()));
        erl = tlsErl(ca.issue("dale", "DNS:localhost"));
        erl.eval("register(shell, self())");

        assertThat(chip.ping(DALE)).isEqualTo(PingResult.PONG);
        Mailbox mailbox = chip.createMailbox();
        mailbox.send("shell", DALE, Tuple.of(Atom.of("hi"), mailbox.pid()));
        assertThat(erl.eval("receive {hi, From} -> From ! {ok, node()}, got after 5000 -> timeout end"))
                .isEqualTo("got");
        assertThat(mailbox.receive(WAIT)).contains(Tuple.of(Atom.of("ok"), Atom.of(DALE)));
    }

    @Test
    void aNodemeshNodeWithAnUntrustedCertificateIsRefusedByTheErl() throws Exception {
        try (TestCertificates stranger = TestCertificates.create("stranger CA", engine())) {
            Identity untrusted = stranger.issue("chip", "DNS:localhost").trusting(ca.authority());
            Node chip = nodes.start(nodes.config("chip").tls(untrusted.mutualTls()));
            ConnectionFailures failures = ConnectionFailures.of(chip);
            erl = tlsErl(ca.issue("dale", "DNS:localhost"));

            assertThat(chip.connect(DALE)).isFalse();
            ConnectionFailure failure = failures.next();
            assertThat(failure.kind()).isEqualTo("tls_handshake");
            assertThat(failure.detail())
                    .contains("the peer ended the handshake, most likely over this node's certificate");
            assertThat(erl.eval("nodes(connected)")).isEqualTo("[]");
        }
    }

    @Test
    void aPlainErlIsRefusedByATlsNodemeshNode() throws Exception {
        Node chip = nodes.start(nodes.config("chip").tls(localhost.mutualTls()));
        ConnectionFailures failures = ConnectionFailures.of(chip);
        erl = BeamNode.erl(DALE, TestNodes.COOKIE, nodes.epmdPort());

        assertThat(erl.eval("net_adm:ping('chip@localhost')")).isEqualTo("pang");
        ConnectionFailure failure = failures.next();
        assertThat(failure.kind()).isEqualTo("tls_handshake");
        assertThat(failure.detail()).contains("does not speak TLS");
        assertThat(chip.nodes()).isEmpty();
    }

    @Test
    void aTlsNodemeshNodeGivesUpOnAPlainErlAtItsHandshakeDeadline() throws Exception {
        Node chip = nodes.start(
                nodes.config("chip").handshakeTimeout(Duration.ofSeconds(2)).tls(localhost.mutualTls()));
        ConnectionFailures failures = ConnectionFailures.of(chip);
        erl = BeamNode.erl(DALE, TestNodes.COOKIE, nodes.epmdPort());

        assertThat(chip.connect(DALE)).isFalse();
        ConnectionFailure failure = failures.next();
        assertThat(failure.kind()).isEqualTo("timeout");
        assertThat(failure.detail()).contains("the TLS handshake did not finish");
        assertThat(erl.eval("nodes(connected)")).isEqualTo("[]");
    }

    private BeamNode tlsErl(Identity identity) {
        return BeamNode.erl(
                DALE,
                TestNodes.COOKIE,
                nodes.epmdPort(),
                "-proto_dist",
                "inet_tls",
                "-ssl_dist_optfile",
                identity.erlDistOptions(ca.file("dale-dist.conf")).toString());
    }
}

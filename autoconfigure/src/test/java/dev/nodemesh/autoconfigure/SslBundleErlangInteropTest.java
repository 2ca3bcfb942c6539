package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.Node;
import dev.nodemesh.PingResult;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import dev.nodemesh.testsupport.TestCertificates;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A Spring application whose node runs mutual TLS from an SSL bundle and a real {@code erl -proto_dist
 * inet_tls} with {@code verify_peer} and {@code fail_if_no_peer_cert}: erl connects and calls a
 * {@code @NodeProcess} as a GenServer, the application dials erl, and a plain erl is kept out.
 */
@Interop
class SslBundleErlangInteropTest {

    private static final String CALL = "gen_server:call({greeter, 'chip@localhost'}, <<\"dale\">>)";

    private final TestNodeProperties nodes = new TestNodeProperties();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SslAutoConfiguration.class, NodemeshAutoConfiguration.class, NodemeshSslAutoConfiguration.class))
            .withUserConfiguration(NodeProcessSupervisionTest.GreeterConfiguration.class);
    private TestCertificates ca;
    private BeamNode erl;

    @AfterEach
    void stop() {
        if (erl != null) {
            erl.close();
        }
        if (ca != null) {
            ca.close();
        }
    }

    private String[] chipProperties() {
        ErlangRuntime.requireErl();
        ca = TestCertificates.create("spring interop CA");
        List<String> bundle = NodemeshSslAutoConfigurationTest.pemBundle(
                "nodes", ca.issue("chip", "DNS:localhost", "IP:127.0.0.1"), true);
        bundle.add("nodemesh.ssl.bundle=nodes");
        return nodes.node("chip", bundle.toArray(String[]::new));
    }

    @Test
    void aTlsErlShouldCallANodeProcessOfATlsApplication() {
        runner.withPropertyValues(chipProperties()).run(context -> {
            assertThat(context).hasNotFailed();
            Node chip = context.getBean(Node.class);
            erl = tlsErl();
            assertThat(erl.eval("net_adm:ping('chip@localhost')")).isEqualTo("pong");
            assertThat(erl.eval(CALL)).isEqualTo("<<\"Hello, dale!\">>");
            assertThat(erl.eval("nodes(hidden)")).isEqualTo("[chip@localhost]");
            assertThat(chip.ping("dale@localhost")).isEqualTo(PingResult.PONG);
        });
    }

    @Test
    void theApplicationShouldDialATlsErl() {
        runner.withPropertyValues(chipProperties()).run(context -> {
            Node chip = context.getBean(Node.class);
            erl = tlsErl();
            assertThat(chip.connect("dale@localhost")).isTrue();
            // the dialled side's net_kernel lists the node a moment after the dialler's connect returns
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> erl.eval("nodes(hidden)").equals("[chip@localhost]"));
            assertThat(erl.eval(CALL)).isEqualTo("<<\"Hello, dale!\">>");
        });
    }

    @Test
    void aPlainErlShouldBeKeptOut() {
        runner.withPropertyValues(chipProperties()).run(context -> {
            erl = BeamNode.erl("dale@localhost", TestNodeProperties.COOKIE, nodes.epmdPort());
            assertThat(erl.eval("net_adm:ping('chip@localhost')")).isEqualTo("pang");
            assertThat(context.getBean(Node.class).nodes()).isEmpty();
        });
    }

    private BeamNode tlsErl() {
        TestCertificates.Identity dale = ca.issue("dale", "DNS:localhost", "IP:127.0.0.1");
        return BeamNode.erl(
                "dale@localhost",
                TestNodeProperties.COOKIE,
                nodes.epmdPort(),
                "-proto_dist",
                "inet_tls",
                "-ssl_dist_optfile",
                dale.erlDistOptions(ca.file("dale-dist.conf")).toString());
    }
}

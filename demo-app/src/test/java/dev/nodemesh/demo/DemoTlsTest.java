package dev.nodemesh.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.Node;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import dev.nodemesh.testsupport.TestPorts;
import dev.nodemesh.tls.TlsProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's TLS walkthrough: certificates from {@code tls/make-certs.sh}, chip and dale with the
 * profile {@code tls}, an iex over {@code inet_tls} calling chip's echo, and a second run of the
 * script that the running nodes pick up for new connections.
 */
@Interop
class DemoTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final int epmdPort = TestPorts.freePort();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    @TempDir
    Path certs;

    @AfterEach
    void stop() throws Exception {
        while (!started.isEmpty()) {
            started.pop().close();
        }
    }

    @Test
    void chipDaleAndIexOverMutualTls() {
        ErlangRuntime.requireElixir();
        makeCertificates();
        Node chip = start("chip").getBean(Node.class);
        Node dale = start("dale").getBean(Node.class);
        assertThat(chip.config().tls()).isPresent();

        assertThat(dale.connect(chip.name())).isTrue();
        String host = chip.name().host();
        BeamNode iex = iex("iex@" + host);
        assertThat(iex.eval("Node.connect(:\"" + chip.name() + "\")")).isEqualTo("true");
        assertThat(iex.eval("GenServer.call({:echo, :\"" + chip.name() + "\"}, {:ping, 1})"))
                .isEqualTo("{:ping, 1}");
        assertThat(iex.eval("elem(:net_kernel.node_info(:\"" + chip.name() + "\"), 1)[:address] |> elem(3)"))
                .isEqualTo(":tls");

        makeCertificates(); // a new authority: only the reload lets the new iex certificate in
        BeamNode renewed = iex("iex2@" + host);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> renewed.eval(
                        "Node.connect(:\"" + chip.name() + "\")")
                .equals("true"));
        assertThat(dale.nodes()).extracting(c -> c.name()).contains(chip.name());
    }

    @Test
    void withoutNettyTcnativeTheJdkEngineRunsAndOpenSslIsAStartupError() {
        makeCertificates();
        assertThat(TlsProvider.isOpenSslAvailable())
                .as("the demo does not bring netty-tcnative")
                .isFalse();

        Node chip = start("chip").getBean(Node.class);
        assertThat(chip.config().tls().orElseThrow().engine()).isEqualTo("jdk");

        assertThatThrownBy(() -> start("dale", "--nodemesh.ssl.provider=openssl"))
                .rootCause()
                .hasMessageContaining("nodemesh.ssl.provider: the OpenSSL TLS engine is not available")
                .hasMessageContaining("add io.netty:netty-tcnative-boringssl-static to the class path");
    }

    private void makeCertificates() {
        Assumptions.assumeTrue(
                ErlangRuntime.findOnPath("openssl").isPresent() || ErlangRuntime.isCi(),
                "'openssl' is not on the PATH: tls/make-certs.sh needs it");
        ErlangRuntime.run(List.of("sh", "tls/make-certs.sh", certs.toString()), Duration.ofSeconds(60));
    }

    private ConfigurableApplicationContext start(String alive, String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--nodemesh.node.cookie=" + DemoNodes.COOKIE,
                "--nodemesh.epmd.port=" + epmdPort,
                "--demo.tls.dir=" + certs,
                "--spring.ssl.bundle.watch.file.quiet-period=1s"));
        arguments.addAll(List.of(extraArguments));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DemoApplication.class)
                .profiles(alive, "tls")
                .run(arguments.toArray(String[]::new));
        started.push(context);
        return context;
    }

    private BeamNode iex(String name) {
        BeamNode iex = BeamNode.elixir(
                name,
                DemoNodes.COOKIE,
                epmdPort,
                "-proto_dist inet_tls -ssl_dist_optfile " + certs.resolve("iex-dist.conf"));
        started.push(iex);
        return iex;
    }
}

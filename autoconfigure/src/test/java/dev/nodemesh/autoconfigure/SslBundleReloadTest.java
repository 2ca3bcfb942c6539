package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.Cookie;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.PingResult;
import dev.nodemesh.testsupport.Slow;
import dev.nodemesh.testsupport.TestCertificates;
import dev.nodemesh.tls.TlsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Certificate rotation through Spring Boot's bundle reload: the PEM files of a bundle with {@code
 * reload-on-update=true} are replaced by a certificate from a new authority, and a peer that
 * trusts only the new authority connects, while a peer connected before keeps its connection.
 */
@Slow
class SslBundleReloadTest {

    private final TestNodeProperties nodes = new TestNodeProperties();
    private final List<Node> peers = new ArrayList<>();
    private final List<TestCertificates> authorities = new ArrayList<>();

    @TempDir
    Path files;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SslAutoConfiguration.class, NodemeshAutoConfiguration.class, NodemeshSslAutoConfiguration.class));

    @AfterEach
    void close() {
        peers.forEach(Node::close);
        authorities.forEach(TestCertificates::close);
    }

    @Test
    void aReloadedBundleShouldServeNewConnectionsAndKeepTheOldOnes() throws IOException {
        TestCertificates first = authority("first CA");
        TestCertificates next = authority("next CA");
        TestCertificates.Identity chipFirst = first.issue("chip", "DNS:localhost");
        place(chipFirst.certificate(), "chip.pem");
        place(chipFirst.privateKey(), "chip.key");
        place(first.authority(), "trusted.pem");
        String bundle = "spring.ssl.bundle.pem.nodes.";
        runner.withPropertyValues(nodes.node(
                        "chip",
                        bundle + "reload-on-update=true",
                        bundle + "keystore.certificate=file:" + files.resolve("chip.pem"),
                        bundle + "keystore.private-key=file:" + files.resolve("chip.key"),
                        bundle + "truststore.certificate=file:" + files.resolve("trusted.pem"),
                        "spring.ssl.bundle.watch.file.quiet-period=100ms",
                        "nodemesh.ssl.bundle=nodes"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Node chip = context.getBean(Node.class);
                    Node eve = peer("eve", first.issue("eve", "DNS:localhost").mutualTls());
                    assertThat(eve.connect(chip.name())).isTrue();
                    Node dale = peer("dale", next.issue("dale", "DNS:localhost").mutualTls());
                    assertThat(dale.connect(chip.name()))
                            .as("before the rotation")
                            .isFalse();

                    TestCertificates.Identity chipNext = next.issue("chip", "DNS:localhost");
                    place(next.authorities("both.pem", first.authority()), "trusted.pem");
                    place(chipNext.privateKey(), "chip.key");
                    place(chipNext.certificate(), "chip.pem");

                    await().atMost(Duration.ofSeconds(20))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> dale.connect(chip.name()));
                    assertThat(chip.nodes()).extracting(c -> c.name()).contains(eve.name(), dale.name());
                    // eve trusts only the first authority: a new connection to chip, which now shows
                    // a certificate of the next one, would fail, so the pong came over the old one
                    assertThat(eve.ping(chip.name())).isEqualTo(PingResult.PONG);
                    assertThat(eve.nodes()).extracting(c -> c.name()).containsExactly(chip.name());
                });
    }

    private TestCertificates authority(String name) {
        TestCertificates authority = TestCertificates.create(name);
        authorities.add(authority);
        return authority;
    }

    private void place(Path source, String name) throws IOException {
        Path staged = files.resolve(name + ".new");
        Files.copy(source, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, files.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Node peer(String alive, TlsConfig tls) throws IOException {
        Node node = Node.start(NodeConfig.builder(TestNodeProperties.full(alive))
                .cookie(Cookie.of(TestNodeProperties.COOKIE))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(nodes.epmdPort())
                .eventLoopThreads(1)
                .tls(tls)
                .build());
        peers.add(node);
        return node;
    }
}

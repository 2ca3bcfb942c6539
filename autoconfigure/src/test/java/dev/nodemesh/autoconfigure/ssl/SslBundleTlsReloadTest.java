package dev.nodemesh.autoconfigure.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.Cookie;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.autoconfigure.NodemeshProperties;
import dev.nodemesh.testsupport.Slow;
import dev.nodemesh.testsupport.TestCertificates;
import dev.nodemesh.testsupport.TestPorts;
import dev.nodemesh.tls.TlsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The reload against Spring Boot's own bundle registry, without files: an updated bundle serves
 * new connections, and an updated bundle that cannot be used is logged and leaves the node as it
 * was.
 */
@Slow
@ExtendWith(OutputCaptureExtension.class)
class SslBundleTlsReloadTest {

    private static final String COOKIE = "reload-test-cookie";

    private final int epmdPort = TestPorts.freePort();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    @AfterEach
    void close() throws Exception {
        while (!started.isEmpty()) {
            started.pop().close();
        }
    }

    @Test
    void anUpdatedBundleShouldServeNewConnections() throws IOException {
        TestCertificates first = authority("first CA");
        TestCertificates next = authority("next CA");
        DefaultSslBundleRegistry bundles =
                new DefaultSslBundleRegistry("nodes", pem(first.issue("chip", "DNS:localhost")));
        Node chip = chip(bundles);
        Node dale = node("dale", next.issue("dale", "DNS:localhost").mutualTls());
        assertThat(dale.connect(chip.name())).as("before the update").isFalse();

        bundles.updateBundle(
                "nodes",
                pem(next.issue("chip", "DNS:localhost").trusting(next.authorities("both.pem", first.authority()))));

        assertThat(dale.connect(chip.name())).as("after the update").isTrue();
    }

    @Test
    void anUnusableUpdateShouldBeLoggedAndIgnored(CapturedOutput output) throws IOException {
        TestCertificates ca = authority("only CA");
        TestCertificates.Identity chipIdentity = ca.issue("chip", "DNS:localhost");
        DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry("nodes", pem(chipIdentity));
        Node chip = chip(bundles);

        bundles.updateBundle(
                "nodes",
                SslBundle.of(new PemSslStoreBundle(
                        null, PemSslStoreDetails.forCertificate("file:" + chipIdentity.trusted()))));

        assertThat(output)
                .contains("SSL bundle 'nodes' was reloaded but cannot be used, node chip@localhost keeps its TLS"
                        + " material: nodemesh.ssl.bundle: the SSL bundle 'nodes' has no private key");
        Node dale = node("dale", ca.issue("dale", "DNS:localhost").mutualTls());
        assertThat(dale.connect(chip.name())).isTrue();
    }

    private Node chip(DefaultSslBundleRegistry bundles) throws IOException {
        NodemeshProperties.Ssl properties = new NodemeshProperties.Ssl();
        properties.setBundle("nodes");
        SslBundleTls mapping = new SslBundleTls(properties);
        Node chip = node("chip", mapping.tlsConfig(bundles));
        assertThat(SslBundleTlsReload.register(chip, bundles, mapping).isRegistered())
                .isTrue();
        return chip;
    }

    private static SslBundle pem(TestCertificates.Identity identity) {
        return SslBundle.of(new PemSslStoreBundle(
                PemSslStoreDetails.forCertificate("file:" + identity.certificate())
                        .withPrivateKey("file:" + identity.privateKey()),
                PemSslStoreDetails.forCertificate("file:" + identity.trusted())));
    }

    private TestCertificates authority(String name) {
        TestCertificates authority = TestCertificates.create(name);
        started.push(authority);
        return authority;
    }

    private Node node(String alive, TlsConfig tls) throws IOException {
        Node node = Node.start(NodeConfig.builder(alive + "@localhost")
                .cookie(Cookie.of(COOKIE))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(epmdPort)
                .eventLoopThreads(1)
                .tls(tls)
                .build());
        started.push(node);
        return node;
    }
}

package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.Cookie;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.autoconfigure.dashboard.ClusterSnapshot;
import dev.nodemesh.autoconfigure.dashboard.ClusterViewEndpoint;
import dev.nodemesh.autoconfigure.endpoint.NodesEndpoint;
import dev.nodemesh.autoconfigure.ssl.SslBundleTlsReload;
import dev.nodemesh.testsupport.Slow;
import dev.nodemesh.testsupport.TestCertificates;
import dev.nodemesh.tls.TlsConfig;
import dev.nodemesh.tls.TlsProvider;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code nodemesh.ssl.*} maps a Spring Boot SSL bundle (PEM files made by openssl) to the node's
 * TLS, and a wrong setting stops startup with a report that names the property.
 */
@Slow
class NodemeshSslAutoConfigurationTest {

    private static TestCertificates authority;
    private static TestCertificates.Identity chip;

    private final TestNodeProperties nodes = new TestNodeProperties();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SslAutoConfiguration.class,
                    NodemeshAutoConfiguration.class,
                    NodemeshSslAutoConfiguration.class,
                    NodesEndpointAutoConfiguration.class,
                    NodemeshDashboardAutoConfiguration.class));

    @BeforeAll
    static void certificates() {
        authority = TestCertificates.create("nodemesh-ssl-test-ca");
        chip = authority.issue("chip", "DNS:localhost", "IP:127.0.0.1");
    }

    @AfterAll
    static void deleteCertificates() {
        if (authority != null) {
            authority.close();
        }
    }

    /** A PEM bundle named {@code nodes} holding chip's certificate and key and trusting the CA. */
    static List<String> pemBundle(String name, TestCertificates.Identity identity, boolean withKey) {
        List<String> properties = new ArrayList<>();
        String prefix = "spring.ssl.bundle.pem." + name + ".";
        if (withKey) {
            properties.add(prefix + "keystore.certificate=file:" + identity.certificate());
            properties.add(prefix + "keystore.private-key=file:" + identity.privateKey());
        }
        properties.add(prefix + "truststore.certificate=file:" + identity.trusted());
        return properties;
    }

    private String[] chipWith(String... extra) {
        List<String> all = new ArrayList<>(pemBundle("nodes", chip, true));
        all.add("management.endpoints.web.exposure.include=nodes");
        all.addAll(List.of(extra));
        return nodes.node("chip", all.toArray(String[]::new));
    }

    @Test
    void aBundleShouldTurnOnMutualTlsWithHostNameChecks() {
        runner.withPropertyValues(chipWith("nodemesh.ssl.bundle=nodes")).run(context -> {
            assertThat(context).hasNotFailed();
            TlsConfig tls = context.getBean(NodeConfig.class).tls().orElseThrow();
            assertThat(tls.toString()).contains("clientAuth=need").contains("verifyHostnames=true");
            assertThat(tls.serverContext().isServer()).isTrue();
            assertThat(context.getBean(SslBundleTlsReload.class).isRegistered()).isTrue();
        });
    }

    @Test
    void clientAuthAndHostNameChecksShouldFollowTheProperties() {
        runner.withPropertyValues(chipWith(
                        "nodemesh.ssl.bundle=nodes",
                        "nodemesh.ssl.client-auth=want",
                        "nodemesh.ssl.verify-hostname=false"))
                .run(context -> {
                    TlsConfig tls = context.getBean(NodeConfig.class).tls().orElseThrow();
                    assertThat(tls.toString()).contains("clientAuth=want").contains("verifyHostnames=false");
                });
    }

    @Test
    void aBundleWithoutTrustStoreShouldNotAskForClientCertificates() {
        runner.withPropertyValues(nodes.node(
                        "chip",
                        "spring.ssl.bundle.pem.nodes.keystore.certificate=file:" + chip.certificate(),
                        "spring.ssl.bundle.pem.nodes.keystore.private-key=file:" + chip.privateKey(),
                        "nodemesh.ssl.bundle=nodes"))
                .run(context -> assertThat(context.getBean(NodeConfig.class)
                                .tls()
                                .orElseThrow()
                                .toString())
                        .contains("clientAuth=none"));
    }

    @Test
    void aJksBundleOfPkcs12StoresShouldWorkAsWell() throws Exception {
        chip.jdkContext(); // writes chip's certificate and key as <certificate>.p12, password changeit
        Path trust = authority.file("trust.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-importcert",
                        "-noprompt",
                        "-alias",
                        "ca",
                        "-file",
                        chip.trusted().toString(),
                        "-keystore",
                        trust.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(keytool.waitFor()).as("keytool's exit code").isZero();
        String jks = "spring.ssl.bundle.jks.stores.";
        runner.withPropertyValues(nodes.node(
                        "chip",
                        jks + "keystore.location=file:" + chip.certificate() + ".p12",
                        jks + "keystore.type=PKCS12",
                        jks + "keystore.password=changeit",
                        jks + "truststore.location=file:" + trust,
                        jks + "truststore.type=PKCS12",
                        jks + "truststore.password=changeit",
                        "nodemesh.ssl.bundle=stores"))
                .run(context -> assertThat(context.getBean(NodeConfig.class)
                                .tls()
                                .orElseThrow()
                                .toString())
                        .contains("clientAuth=need"));
    }

    @Test
    void enabledFalseShouldKeepTheNodePlainAndTheEndpointShouldSaySo() {
        runner.withPropertyValues(chipWith("nodemesh.ssl.bundle=nodes", "nodemesh.ssl.enabled=false"))
                .run(context -> {
                    assertThat(context.getBean(NodeConfig.class).tls()).isEmpty();
                    assertThat(context.getBean(SslBundleTlsReload.class).isRegistered())
                            .isFalse();
                    assertThat(context.getBean(NodesEndpoint.class)
                                    .nodes()
                                    .self()
                                    .tls())
                            .isFalse();
                });
    }

    @Test
    void theEndpointShouldSayTheNodeRunsTls() {
        runner.withPropertyValues(chipWith("nodemesh.ssl.bundle=nodes")).run(context -> {
            assertThat(context.getBean(Node.class).config().tls()).isPresent();
            assertThat(context.getBean(NodesEndpoint.class).nodes().self().tls())
                    .isTrue();
        });
    }

    @Test
    void theClusterViewShouldShowTheConnectionsInsideTls() {
        runner.withPropertyValues(chipWith(
                        "nodemesh.ssl.bundle=nodes",
                        "nodemesh.dashboard.enabled=true",
                        "management.endpoints.web.exposure.include=nodes,cluster"))
                .run(context -> {
                    Node dale = Node.start(NodeConfig.builder(TestNodeProperties.full("dale"))
                            .cookie(Cookie.of(TestNodeProperties.COOKIE))
                            .listen(InetAddress.getLoopbackAddress(), 0)
                            .epmdPort(nodes.epmdPort())
                            .eventLoopThreads(1)
                            .tls(authority.issue("dale", "DNS:localhost").mutualTls())
                            .build());
                    try {
                        assertThat(dale.connect(TestNodeProperties.full("chip")))
                                .isTrue();
                        ClusterSnapshot snapshot =
                                context.getBean(ClusterViewEndpoint.class).snapshot();
                        assertThat(snapshot.self().tls()).isTrue();
                        assertThat(snapshot.nodes()).singleElement().satisfies(peer -> {
                            assertThat(peer.connection().name()).isEqualTo(TestNodeProperties.full("dale"));
                            assertThat(peer.tls()).isTrue();
                        });
                    } finally {
                        dale.close();
                    }
                });
    }

    @Test
    void onlyTls12ShouldBeKeptFromTheBundlesProtocols() {
        runner.withPropertyValues(chipWith(
                        "nodemesh.ssl.bundle=nodes",
                        "spring.ssl.bundle.pem.nodes.options.enabled-protocols=TLSv1.2,TLSv1.1"))
                .run(context -> {
                    TlsConfig tls = context.getBean(NodeConfig.class).tls().orElseThrow();
                    var engine = tls.acceptorHandler(io.netty.buffer.ByteBufAllocator.DEFAULT)
                            .engine();
                    try {
                        // OpenSSL's engine also lists the SSLv2Hello pseudo-protocol BoringSSL lacks
                        assertThat(engine.getEnabledProtocols())
                                .contains("TLSv1.2")
                                .doesNotContain("TLSv1.3", "TLSv1.1");
                    } finally {
                        engine.closeOutbound();
                    }
                });
    }

    @Test
    void theProviderPropertyShouldPickTheTlsEngine() {
        assertThat(TlsProvider.isOpenSslAvailable())
                .as("netty-tcnative is a test dependency")
                .isTrue();
        for (String[] providerAndEngine :
                new String[][] {{"auto", "openssl"}, {"openssl", "openssl"}, {"jdk", "jdk"}}) {
            runner.withPropertyValues(
                            chipWith("nodemesh.ssl.bundle=nodes", "nodemesh.ssl.provider=" + providerAndEngine[0]))
                    .run(context -> assertThat(context.getBean(NodeConfig.class)
                                    .tls()
                                    .orElseThrow()
                                    .engine())
                            .as(providerAndEngine[0])
                            .isEqualTo(providerAndEngine[1]));
        }
        runner.withPropertyValues(chipWith("nodemesh.ssl.bundle=nodes")).run(context -> assertThat(
                        context.getBean(NodeConfig.class).tls().orElseThrow().engine())
                .as("the default is auto")
                .isEqualTo("openssl"));
    }

    @Test
    void aBundleWithAnUnknownCipherShouldFailNamingTheBundle() {
        for (String provider : List.of("jdk", "openssl")) {
            runner.withPropertyValues(chipWith(
                            "nodemesh.ssl.bundle=nodes",
                            "nodemesh.ssl.provider=" + provider,
                            "spring.ssl.bundle.pem.nodes.options.ciphers=TLS_NO_SUCH_CIPHER"))
                    .run(context -> {
                        FailureAnalysis analysis = analyze(context);
                        assertThat(analysis.getDescription())
                                .as(provider)
                                .startsWith("The nodemesh node cannot be configured: nodemesh.ssl.bundle: the SSL"
                                        + " bundle 'nodes' cannot be used: the " + provider
                                        + " TLS engine refused the configuration");
                        assertThat(analysis.getAction()).contains("options.ciphers");
                    });
        }
    }

    @Test
    void enabledWithoutABundleShouldFailNamingTheBundleProperty() {
        runner.withPropertyValues(chipWith("nodemesh.ssl.enabled=true")).run(context -> {
            FailureAnalysis analysis = analyze(context);
            assertThat(analysis.getDescription())
                    .isEqualTo("The nodemesh node cannot be configured: nodemesh.ssl.bundle: TLS is enabled"
                            + " (nodemesh.ssl.enabled=true) but no SSL bundle is named");
            assertThat(analysis.getAction()).startsWith("Set nodemesh.ssl.bundle to a bundle defined under");
        });
    }

    @Test
    void anUnknownBundleShouldFailNamingTheConfiguredOnes() {
        runner.withPropertyValues(chipWith("nodemesh.ssl.bundle=nodez")).run(context -> {
            FailureAnalysis analysis = analyze(context);
            assertThat(analysis.getDescription())
                    .isEqualTo("The nodemesh node cannot be configured: nodemesh.ssl.bundle: there is no SSL"
                            + " bundle named 'nodez' (configured: [nodes])");
            assertThat(analysis.getAction()).contains("spring.ssl.bundle.pem.nodez");
        });
    }

    @Test
    void aBundleWithoutKeyShouldFail() {
        List<String> trustOnly = pemBundle("trust", chip, false);
        trustOnly.add("nodemesh.ssl.bundle=trust");
        runner.withPropertyValues(nodes.node("chip", trustOnly.toArray(String[]::new)))
                .run(context -> {
                    FailureAnalysis analysis = analyze(context);
                    assertThat(analysis.getDescription())
                            .isEqualTo("The nodemesh node cannot be configured: nodemesh.ssl.bundle: the SSL"
                                    + " bundle 'trust' has no private key and certificate for this node");
                    assertThat(analysis.getAction()).contains("spring.ssl.bundle.pem.trust.keystore.certificate");
                });
    }

    @Test
    void aBundleWithOnlyOldProtocolsShouldFail() {
        runner.withPropertyValues(chipWith(
                        "nodemesh.ssl.bundle=nodes", "spring.ssl.bundle.pem.nodes.options.enabled-protocols=TLSv1.1"))
                .run(context -> assertThat(analyze(context).getDescription())
                        .endsWith("the SSL bundle 'nodes' enables only [TLSv1.1], and the distribution runs TLS"
                                + " 1.3 or TLS 1.2 only"));
    }

    private static FailureAnalysis analyze(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new NodeConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("the failure report").isNotNull();
        return analysis;
    }
}

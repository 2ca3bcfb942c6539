package dev.nodemesh.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.testsupport.TestCertificates;
import dev.nodemesh.testsupport.TestCertificates.Identity;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a {@link TlsConfig} hands each connection: sides, protocols, host name checks, client auth. */
class TlsConfigTest {

    private static TestCertificates ca;
    private static Identity node;

    @BeforeAll
    static void makeCertificates() {
        ca = TestCertificates.create("nodemesh test CA");
        node = ca.issue("localhost", "DNS:localhost");
    }

    @AfterAll
    static void deleteCertificates() {
        ca.close();
    }

    @Test
    void onlyTls13And12AreEnabledWhateverTheContextsAllow() throws IOException {
        SslContext server =
                serverBuilder().protocols("TLSv1.3", "TLSv1.2", "TLSv1.1").build();
        SslContext client =
                clientBuilder().protocols("TLSv1.3", "TLSv1.2", "TLSv1.1").build();
        TlsConfig tls = TlsConfig.of(server, client);

        assertThat(tls.acceptorHandler(ByteBufAllocator.DEFAULT).engine().getEnabledProtocols())
                .containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(tls.dialerHandler(ByteBufAllocator.DEFAULT, "localhost", 1)
                        .engine()
                        .getEnabledProtocols())
                .containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void theOpenSslEngineIsLimitedToTls13And12Too() throws IOException {
        TlsConfig tls = TlsConfig.of(
                serverBuilder()
                        .sslProvider(SslProvider.OPENSSL)
                        .protocols("TLSv1.3", "TLSv1.2", "TLSv1.1")
                        .build(),
                clientBuilder()
                        .sslProvider(SslProvider.OPENSSL)
                        .protocols("TLSv1.3", "TLSv1.2", "TLSv1.1")
                        .build());

        // Netty's OpenSSL engine always lists the SSLv2Hello pseudo-protocol, which BoringSSL does
        // not implement: no SSL 2 hello is accepted whatever the list says
        assertThat(tls.acceptorHandler(ByteBufAllocator.DEFAULT).engine().getEnabledProtocols())
                .containsExactlyInAnyOrder("SSLv2Hello", "TLSv1.3", "TLSv1.2");
        assertThat(tls.dialerHandler(ByteBufAllocator.DEFAULT, "localhost", 1)
                        .engine()
                        .getEnabledProtocols())
                .containsExactlyInAnyOrder("SSLv2Hello", "TLSv1.3", "TLSv1.2");
        assertThat(tls.engine()).isEqualTo("openssl");
        assertThat(endpointIdentification(tls)).isEqualTo("HTTPS");
        assertThat(endpointIdentification(tls.verifyHostnames(false))).isEmpty();
    }

    @Test
    void theBuilderMakesContextsOnTheEngineAsked() {
        TlsConfig jdk = TlsConfig.builder(node.keyManagers())
                .trust(node.trustManagers())
                .provider(TlsProvider.JDK)
                .build();
        TlsConfig openSsl = TlsConfig.builder(node.keyManagers())
                .trust(node.trustManagers())
                .provider(TlsProvider.OPENSSL)
                .build();
        TlsConfig auto = TlsConfig.builder(node.keyManagers()).build();

        assertThat(jdk.engine()).isEqualTo("jdk");
        assertThat(openSsl.engine()).isEqualTo("openssl");
        assertThat(TlsProvider.isOpenSslAvailable())
                .as("netty-tcnative is a test dependency")
                .isTrue();
        assertThat(auto.engine()).as("auto picks OpenSSL where it is available").isEqualTo("openssl");
        assertThat(jdk.toString()).contains("engine=jdk", "clientAuth=need", "verifyHostnames=true");
        assertThat(openSsl.toString()).contains("engine=openssl", "clientAuth=need");
    }

    @Test
    void theBuilderTakesClientAuthProtocolsCiphersAndHostNameRule() {
        for (TlsProvider provider : new TlsProvider[] {TlsProvider.JDK, TlsProvider.OPENSSL}) {
            TlsConfig tls = TlsConfig.builder(node.keyManagers())
                    .trust(node.trustManagers())
                    .provider(provider)
                    .clientAuth(TlsClientAuth.WANT)
                    .protocols(List.of("TLSv1.2", "TLSv1.1"))
                    .ciphers(List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
                    .verifyHostnames(false)
                    .build();

            SSLEngine server = serverEngine(tls);
            assertThat(server.getWantClientAuth()).as(provider.name()).isTrue();
            assertThat(server.getNeedClientAuth()).as(provider.name()).isFalse();
            assertThat(server.getEnabledProtocols())
                    .as(provider.name())
                    .contains("TLSv1.2")
                    .doesNotContain("TLSv1.3", "TLSv1.1");
            assertThat(server.getEnabledCipherSuites())
                    .as(provider.name())
                    .containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            assertThat(tls.verifiesHostnames()).isFalse();
        }
    }

    @Test
    void theBuilderRefusesWhatTheDistributionCannotRun() {
        TlsConfig.Builder builder = TlsConfig.builder(node.keyManagers()).trust(node.trustManagers());

        assertThatThrownBy(() -> builder.protocols(List.of("TLSv1.1", "TLSv1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither TLS 1.3 nor TLS 1.2");
        for (TlsProvider provider : new TlsProvider[] {TlsProvider.JDK, TlsProvider.OPENSSL}) {
            assertThatThrownBy(() -> builder.provider(provider)
                            .ciphers(List.of("TLS_NO_SUCH_CIPHER"))
                            .build())
                    .as(provider.name())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("TLS engine refused the configuration");
        }
    }

    @Test
    void aContextWithNeitherTls13Nor12IsRefused() throws IOException {
        SslContext oldClient = clientBuilder().protocols("TLSv1.1").build();

        assertThatThrownBy(() -> TlsConfig.of(node.server(ClientAuth.REQUIRE), oldClient))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither TLS 1.3 nor TLS 1.2");
    }

    @Test
    void contextsOnTheWrongSideAreRefused() {
        assertThatThrownBy(() -> TlsConfig.of(node.client(), node.client()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the server context is a client context");
        assertThatThrownBy(() -> TlsConfig.of(node.server(ClientAuth.NONE), node.server(ClientAuth.NONE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the client context is a server context");
    }

    @Test
    void hostNamesAreVerifiedUnlessTurnedOff() {
        TlsConfig tls = node.mutualTls();

        assertThat(tls.verifiesHostnames()).isTrue();
        assertThat(endpointIdentification(tls)).isEqualTo("HTTPS");
        assertThat(endpointIdentification(tls.verifyHostnames(false))).isEmpty();
    }

    @Test
    void theHandlersLeaveTheDeadlineToTheHandshake() {
        TlsConfig tls = node.mutualTls();

        assertThat(tls.acceptorHandler(ByteBufAllocator.DEFAULT).getHandshakeTimeoutMillis())
                .isZero();
        assertThat(tls.dialerHandler(ByteBufAllocator.DEFAULT, "localhost", 1).getHandshakeTimeoutMillis())
                .isZero();
    }

    @Test
    void aJdkContextTakesTheClientAuthMode() {
        assertThat(serverEngine(TlsConfig.of(node.jdkContext(), TlsClientAuth.NEED))
                        .getNeedClientAuth())
                .isTrue();
        SSLEngine want = serverEngine(TlsConfig.of(node.jdkContext(), TlsClientAuth.WANT));
        assertThat(want.getWantClientAuth()).isTrue();
        assertThat(want.getNeedClientAuth()).isFalse();
        SSLEngine none = serverEngine(TlsConfig.of(node.jdkContext(), TlsClientAuth.NONE));
        assertThat(none.getWantClientAuth()).isFalse();
        assertThat(none.getNeedClientAuth()).isFalse();
        assertThat(TlsConfig.of(node.jdkContext(), TlsClientAuth.WANT).toString())
                .contains("clientAuth=want");
    }

    private static String endpointIdentification(TlsConfig tls) {
        SslHandler handler = tls.dialerHandler(ByteBufAllocator.DEFAULT, "localhost", 1);
        return handler.engine().getSSLParameters().getEndpointIdentificationAlgorithm();
    }

    private static SSLEngine serverEngine(TlsConfig tls) {
        SSLEngine engine = tls.acceptorHandler(ByteBufAllocator.DEFAULT).engine();
        assertThat(engine.getUseClientMode()).isFalse();
        return engine;
    }

    private static SslContextBuilder serverBuilder() {
        return SslContextBuilder.forServer(
                        node.certificate().toFile(), node.privateKey().toFile())
                .trustManager(node.trusted().toFile())
                .clientAuth(ClientAuth.REQUIRE)
                .sslProvider(SslProvider.JDK);
    }

    private static SslContextBuilder clientBuilder() {
        return SslContextBuilder.forClient()
                .keyManager(node.certificate().toFile(), node.privateKey().toFile())
                .trustManager(node.trusted().toFile())
                .sslProvider(SslProvider.JDK);
    }
}

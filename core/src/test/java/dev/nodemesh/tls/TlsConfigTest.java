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
import java.io.IOException;
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
                .clientAuth(ClientAuth.REQUIRE);
    }

    private static SslContextBuilder clientBuilder() {
        return SslContextBuilder.forClient()
                .keyManager(node.certificate().toFile(), node.privateKey().toFile())
                .trustManager(node.trusted().toFile());
    }
}

package dev.nodemesh;

import io.netty.handler.ssl.SslProvider;

/**
 * Every case of {@link TlsConnectionTest} with the nodes on the OpenSSL engine (netty-tcnative,
 * {@code TlsProvider.OPENSSL}): mutual TLS, the refusals and their failure kinds, host names, the
 * deadlines, and a JDK-engine peer on the other end where a case mixes the two.
 */
class TlsConnectionOpenSslTest extends TlsConnectionTest {

    @Override
    SslProvider engine() {
        return SslProvider.OPENSSL;
    }
}

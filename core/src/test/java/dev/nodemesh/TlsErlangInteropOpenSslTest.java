package dev.nodemesh;

import io.netty.handler.ssl.SslProvider;

/**
 * Every case of {@link TlsErlangInteropTest} with the Java node on the OpenSSL engine
 * (netty-tcnative): real erl and elixir nodes over {@code inet_tls} both ways, and the refusals.
 */
class TlsErlangInteropOpenSslTest extends TlsErlangInteropTest {

    @Override
    SslProvider engine() {
        return SslProvider.OPENSSL;
    }
}

package dev.nodemesh.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Which TLS engine encrypts a node's connections when {@link TlsConfig#builder} makes its
 * contexts: the JDK's, or OpenSSL (BoringSSL) through Netty's native {@code netty-tcnative}
 * library.
 *
 * <p>OpenSSL needs {@code io.netty:netty-tcnative-boringssl-static} on the class path (its version
 * is managed by Spring Boot's and Netty's BOMs); nodemesh does not bring it. It decrypts and
 * encrypts in native code, which costs a node's network threads less than the JDK engine does
 * (docs/benchmarks.md measures both). Both engines speak TLS 1.3 and 1.2 and verify peers and
 * host names the same way.
 */
public enum TlsProvider {

    /** The JDK's TLS engine, on every platform. */
    JDK,

    /** OpenSSL through netty-tcnative; building the configuration fails when it is not available. */
    OPENSSL,

    /** OpenSSL when netty-tcnative is available, the JDK's engine otherwise (the default). */
    AUTO;

    /**
     * Tells whether the OpenSSL engine can be used here: netty-tcnative is on the class path, its
     * native library loads on this platform, and it takes key managers.
     *
     * @return whether {@link #OPENSSL} works
     */
    public static boolean isOpenSslAvailable() {
        return OpenSsl.isAvailable() && OpenSsl.supportsKeyManagerFactory();
    }

    /**
     * The Netty engine this choice stands for here.
     *
     * @return {@link SslProvider#JDK} or {@link SslProvider#OPENSSL}
     * @throws IllegalStateException when OpenSSL is asked for and is not available
     */
    SslProvider engine() {
        return switch (this) {
            case JDK -> SslProvider.JDK;
            case AUTO -> isOpenSslAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            case OPENSSL -> {
                if (!isOpenSslAvailable()) {
                    throw new IllegalStateException("the OpenSSL TLS engine is not available: add"
                            + " io.netty:netty-tcnative-boringssl-static to the class path, or use the JDK"
                            + " engine (" + unavailabilityCause() + ")");
                }
                yield SslProvider.OPENSSL;
            }
        };
    }

    private static String unavailabilityCause() {
        Throwable cause = OpenSsl.unavailabilityCause();
        if (cause == null) {
            return "netty-tcnative cannot use key managers here";
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}

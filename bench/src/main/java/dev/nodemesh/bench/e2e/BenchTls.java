package dev.nodemesh.bench.e2e;

import dev.nodemesh.tls.TlsConfig;
import dev.nodemesh.tls.TlsProvider;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Mutual TLS for the benchmark's nodemesh nodes, from {@code -Dnodemesh.bench.tlsDir=DIR}: one
 * certificate for every node ({@code DIR/node.pem}, its key {@code DIR/node.key}, issued for
 * {@code DNS:localhost} with server and client use) and the authority that issued it ({@code
 * DIR/ca.pem}). The erl nodes get the same material through {@code -proto_dist inet_tls
 * -ssl_dist_optfile DIR/erl-dist.conf} (with {@code verify_peer} and {@code fail_if_no_peer_cert}),
 * so every pair runs over mutual TLS. The nodemesh nodes' engine is OpenSSL (netty-tcnative is on the
 * harness's class path) unless {@code -Dnodemesh.bench.tlsProvider=jdk}.
 */
final class BenchTls {

    private BenchTls() {}

    /**
     * Reads the directory the system property names.
     *
     * @return the configuration, or null when the property is not set
     */
    static TlsConfig fromProperty() {
        String dir = System.getProperty("nodemesh.bench.tlsDir");
        return dir == null ? null : fromDir(Path.of(dir));
    }

    /**
     * The flags that put an erl node on TLS with the same material, writing its options file.
     *
     * @return the flags, or none when the property is not set
     */
    static List<String> erlFlags() {
        String dir = System.getProperty("nodemesh.bench.tlsDir");
        if (dir == null) {
            return List.of();
        }
        Path base = Path.of(dir).toAbsolutePath();
        String common = "{certfile,\"" + base.resolve("node.pem") + "\"},{keyfile,\"" + base.resolve("node.key")
                + "\"},{cacertfile,\"" + base.resolve("ca.pem") + "\"},{verify,verify_peer}";
        Path options = base.resolve("erl-dist.conf");
        try {
            Files.writeString(
                    options, "[{server,[" + common + ",{fail_if_no_peer_cert,true}]},\n {client,[" + common + "]}].\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + options, e);
        }
        return List.of("-proto_dist", "inet_tls", "-ssl_dist_optfile", options.toString());
    }

    /**
     * Names what the nodemesh nodes run, for the report.
     *
     * @return {@code off} without {@code -Dnodemesh.bench.tlsDir}, else {@code jdk} or {@code
     *     openssl}
     */
    static String engineName() {
        if (System.getProperty("nodemesh.bench.tlsDir") == null) {
            return "off";
        }
        return engine() == SslProvider.JDK ? "jdk" : "openssl";
    }

    /**
     * The engine {@code -Dnodemesh.bench.tlsProvider} names ({@code jdk}, {@code openssl}, or
     * {@code auto}, the default: OpenSSL, since the harness carries netty-tcnative).
     */
    private static SslProvider engine() {
        String provider = System.getProperty("nodemesh.bench.tlsProvider", "auto");
        return switch (provider) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> SslProvider.OPENSSL;
            case "auto" -> TlsProvider.isOpenSslAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
            default ->
                throw new IllegalArgumentException(
                        "-Dnodemesh.bench.tlsProvider is jdk, openssl or auto, not " + provider);
        };
    }

    private static TlsConfig fromDir(Path dir) {
        File certificate = dir.resolve("node.pem").toFile();
        File key = dir.resolve("node.key").toFile();
        File authority = dir.resolve("ca.pem").toFile();
        SslProvider engine = engine();
        try {
            return TlsConfig.of(
                    SslContextBuilder.forServer(certificate, key)
                            .trustManager(authority)
                            .clientAuth(ClientAuth.REQUIRE)
                            .sslProvider(engine)
                            .build(),
                    SslContextBuilder.forClient()
                            .keyManager(certificate, key)
                            .trustManager(authority)
                            .sslProvider(engine)
                            .build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS material in " + dir, e);
        }
    }
}

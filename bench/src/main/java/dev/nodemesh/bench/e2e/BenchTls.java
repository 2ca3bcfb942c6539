package dev.nodemesh.bench.e2e;

import dev.nodemesh.tls.TlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
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
 * so every pair runs over mutual TLS.
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

    private static TlsConfig fromDir(Path dir) {
        File certificate = dir.resolve("node.pem").toFile();
        File key = dir.resolve("node.key").toFile();
        File authority = dir.resolve("ca.pem").toFile();
        try {
            return TlsConfig.of(
                    SslContextBuilder.forServer(certificate, key)
                            .trustManager(authority)
                            .clientAuth(ClientAuth.REQUIRE)
                            .build(),
                    SslContextBuilder.forClient()
                            .keyManager(certificate, key)
                            .trustManager(authority)
                            .build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS material in " + dir, e);
        }
    }
}

package dev.nodemesh.bench.e2e;

import dev.nodemesh.tls.TlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Mutual TLS for the benchmark's nodemesh nodes, from {@code -Dnodemesh.bench.tlsDir=DIR}: one
 * certificate for every node ({@code DIR/node.pem}, its key {@code DIR/node.key}, issued for
 * {@code DNS:localhost} with server and client use) and the authority that issued it ({@code
 * DIR/ca.pem}). Only the nodemesh nodes use it: run it with {@code --pairs nm-nm}.
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

package dev.nodemesh.testsupport;

import static org.assertj.core.api.Assertions.fail;

import dev.nodemesh.tls.TlsConfig;
import dev.nodemesh.tls.TlsProvider;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away certificate authority in a temporary directory, made with {@code openssl} for one
 * test: it issues node certificates (P-256 keys, PEM files), valid or already expired. Nothing is
 * committed; closing deletes the directory, keys and all.
 *
 * <p>Without {@code openssl} on the PATH the calling test is skipped; under {@code CI=true} it
 * fails instead.
 */
public final class TestCertificates implements AutoCloseable {

    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(30);
    private static final String PASSWORD = "changeit";

    private final Path dir;
    private final Path caCertificate;
    private final Path caKey;
    private final SslProvider engine;
    private int issued;

    private TestCertificates(Path dir, String authorityName, SslProvider engine) {
        this.dir = dir;
        this.engine = engine;
        this.caCertificate = dir.resolve("ca.pem");
        this.caKey = dir.resolve("ca.key");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                caKey.toString(),
                "-out",
                caCertificate.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=" + authorityName);
    }

    /**
     * Makes a new certificate authority in a new temporary directory.
     *
     * @param authorityName the authority's common name, to tell two apart in TLS errors
     * @return the authority
     */
    public static TestCertificates create(String authorityName) {
        return create(authorityName, SslProvider.JDK);
    }

    /**
     * Makes a new certificate authority whose identities build their Netty contexts with the given
     * TLS engine.
     *
     * @param authorityName the authority's common name, to tell two apart in TLS errors
     * @param engine the engine of {@link Identity#server}, {@link Identity#client} and {@link
     *     Identity#mutualTls()}
     * @return the authority
     */
    public static TestCertificates create(String authorityName, SslProvider engine) {
        requireOpenssl();
        try {
            return new TestCertificates(Files.createTempDirectory("nodemesh-tls-"), authorityName, engine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the authority's certificate, the trust anchor for everything it issues.
     *
     * @return the PEM file
     */
    public Path authority() {
        return caCertificate;
    }

    /**
     * Writes this authority's certificate and others into one PEM file, a trust store that
     * accepts what any of them issued.
     *
     * @param fileName the file's name in this authority's directory
     * @param others the other authorities' certificates
     * @return the file
     */
    public Path authorities(String fileName, Path... others) {
        StringBuilder pem = new StringBuilder();
        try {
            pem.append(Files.readString(caCertificate));
            for (Path other : others) {
                pem.append(Files.readString(other));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = dir.resolve(fileName);
        write(file, pem.toString());
        return file;
    }

    /**
     * Issues a certificate valid for a day, for TLS servers and clients alike.
     *
     * @param commonName the subject's common name
     * @param subjectAltNames the names it is valid for, such as {@code DNS:localhost} or {@code
     *     IP:127.0.0.1}
     * @return the certificate and its key
     */
    public Identity issue(String commonName, String... subjectAltNames) {
        return issue(commonName, "1", subjectAltNames);
    }

    /**
     * Issues a certificate that expired before it was issued (its end lies a day before its start).
     *
     * @param commonName the subject's common name
     * @param subjectAltNames the names it would be valid for
     * @return the certificate and its key
     */
    public Identity issueExpired(String commonName, String... subjectAltNames) {
        return issue(commonName, "-1", subjectAltNames);
    }

    private Identity issue(String commonName, String days, String... subjectAltNames) {
        String base = "cert" + (++issued);
        Path key = dir.resolve(base + ".key");
        Path request = dir.resolve(base + ".csr");
        Path certificate = dir.resolve(base + ".pem");
        Path extensions = dir.resolve(base + ".ext");
        write(
                extensions,
                "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n"
                        + (subjectAltNames.length == 0
                                ? ""
                                : "subjectAltName=" + String.join(",", subjectAltNames) + "\n"));
        openssl(
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                request.toString(),
                "-subj",
                "/CN=" + commonName);
        openssl(
                "x509",
                "-req",
                "-in",
                request.toString(),
                "-CA",
                caCertificate.toString(),
                "-CAkey",
                caKey.toString(),
                "-set_serial",
                Integer.toString(issued),
                "-days",
                days,
                "-extfile",
                extensions.toString(),
                "-out",
                certificate.toString());
        return new Identity(certificate, key, caCertificate, engine);
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A node's certificate, its private key and the authority it trusts (by default the one that
     * issued it).
     *
     * @param certificate the certificate, PEM
     * @param privateKey the unencrypted PKCS#8 key, PEM
     * @param trusted the authority certificate whose certificates this node accepts, PEM
     * @param engine the TLS engine of the Netty contexts this identity makes
     */
    public record Identity(Path certificate, Path privateKey, Path trusted, SslProvider engine) {

        /**
         * Returns the same certificate trusting another authority.
         *
         * @param authority the authority certificate to trust instead
         * @return the identity
         */
        public Identity trusting(Path authority) {
            return new Identity(certificate, privateKey, authority, engine);
        }

        /**
         * Mutual TLS from Netty contexts: peers that dial this node must show a trusted
         * certificate.
         *
         * @return the configuration
         */
        public TlsConfig mutualTls() {
            return TlsConfig.of(server(ClientAuth.REQUIRE), client());
        }

        /**
         * Mutual TLS from one JDK {@link SSLContext}, as a Spring SSL bundle gives it.
         *
         * @return the configuration
         */
        public TlsConfig mutualTlsFromJdkContext() {
            return TlsConfig.of(jdkContext(), dev.nodemesh.tls.TlsClientAuth.NEED);
        }

        /**
         * The server context for accepted connections.
         *
         * @param clientAuth whether to require a client certificate
         * @return the context
         */
        public SslContext server(ClientAuth clientAuth) {
            try {
                return SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                        .trustManager(trusted.toFile())
                        .clientAuth(clientAuth)
                        .sslProvider(engine)
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * The client context for dialled connections, showing this certificate.
         *
         * @return the context
         */
        public SslContext client() {
            try {
                return SslContextBuilder.forClient()
                        .keyManager(certificate.toFile(), privateKey.toFile())
                        .trustManager(trusted.toFile())
                        .sslProvider(engine)
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * A JDK context with this certificate and key and trusting the authority, built from a
         * PKCS#12 file that {@code openssl} makes.
         *
         * @return the context
         */
        public SSLContext jdkContext() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keyManagers().getKeyManagers(), trustManagers().getTrustManagers(), null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Mutual TLS from key and trust manager factories through {@link TlsConfig#builder}, on
         * this identity's engine: the way a Spring SSL bundle's managers reach the node.
         *
         * @return the configuration
         */
        public TlsConfig mutualTlsFromManagers() {
            return TlsConfig.builder(keyManagers())
                    .trust(trustManagers())
                    .provider(engine == SslProvider.JDK ? TlsProvider.JDK : TlsProvider.OPENSSL)
                    .build();
        }

        /**
         * Key managers with this certificate and key, from a PKCS#12 file that {@code openssl}
         * makes.
         *
         * @return the factory
         */
        public KeyManagerFactory keyManagers() {
            Path store = Path.of(certificate + ".p12");
            openssl(
                    "pkcs12",
                    "-export",
                    "-in",
                    certificate.toString(),
                    "-inkey",
                    privateKey.toString(),
                    "-out",
                    store.toString(),
                    "-passout",
                    "pass:" + PASSWORD,
                    "-name",
                    "node");
            try (InputStream in = Files.newInputStream(store)) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(in, PASSWORD.toCharArray());
                KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keys, PASSWORD.toCharArray());
                return keyManagers;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Trust managers that accept what the trusted authority issued.
         *
         * @return the factory
         */
        public TrustManagerFactory trustManagers() {
            try (InputStream ca = Files.newInputStream(trusted)) {
                KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
                anchors.load(null, null);
                anchors.setCertificateEntry(
                        "ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
                TrustManagerFactory trustManagers =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(anchors);
                return trustManagers;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Writes the file for {@code erl -proto_dist inet_tls -ssl_dist_optfile FILE}: this
         * certificate on both sides, {@code verify_peer}, and on the server side {@code
         * fail_if_no_peer_cert}.
         *
         * @param file where to write it
         * @return the file
         */
        public Path erlDistOptions(Path file) {
            String common = "{certfile," + quoted(certificate) + "},{keyfile," + quoted(privateKey) + "},{cacertfile,"
                    + quoted(trusted) + "},{verify,verify_peer}";
            write(file, "[{server,[" + common + ",{fail_if_no_peer_cert,true}]},\n {client,[" + common + "]}].\n");
            return file;
        }

        private static String quoted(Path path) {
            return "\"" + path.toAbsolutePath() + "\"";
        }
    }

    /**
     * Returns a fresh path in this authority's directory, for files a test writes.
     *
     * @param name the file's name
     * @return the path
     */
    public Path file(String name) {
        return dir.resolve(name);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        ErlangRuntime.run(command, OPENSSL_TIMEOUT);
    }

    private static void requireOpenssl() {
        if (ErlangRuntime.findOnPath("openssl").isPresent()) {
            return;
        }
        String message = "'openssl' is not on the PATH: TLS tests make their certificates with it."
                + " Install it with: apt-get install -y openssl";
        if (ErlangRuntime.isCi()) {
            fail(message + " (CI=true, so a missing tool is a failure, not a skip)");
        }
        Assumptions.abort(message);
    }
}

package dev.nodemesh.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the distribution port: the material for accepted connections (the server side) and for
 * the connections this node dials (the client side), and the rules both follow.
 *
 * <p>With TLS configured every distribution connection starts with a TLS handshake right after
 * TCP connect, and the usual cookie handshake runs inside it, as with OTP's {@code -proto_dist
 * inet_tls}: a peer needs both a trusted certificate and the cookie. Only TLS 1.3 and 1.2 are
 * enabled, whatever the contexts allow. The TLS handshake counts against the node's handshake
 * timeout and, on accepted connections, against the deadline for the peer's name.
 *
 * <p>Host names are verified by default: a node that dials {@code alive@host} checks that the
 * peer's certificate is issued for {@code host} (a DNS name, or an IP address as a long name may
 * carry), for long and short names alike, as OTP's TLS distribution does with {@code verify_peer}.
 * The acceptor checks only that a client certificate is trusted (when it asks for one), as OTP
 * does.
 *
 * <p>Direct writes ({@code NodeConfig.Builder#directWrites}) are off on TLS connections: every
 * packet goes through the pipeline and is encrypted there.
 *
 * <p>Three ways in: two Netty contexts ({@link #of(SslContext, SslContext)}, any engine), one JDK
 * {@link SSLContext} ({@link #of(SSLContext, TlsClientAuth)}, the JDK engine), or key and trust
 * managers through {@link #builder}, which runs OpenSSL when netty-tcnative is on the class path
 * ({@link TlsProvider}).
 */
public final class TlsConfig {

    /** The protocol versions a distribution connection may use, best first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SslContext server;
    private final SslContext client;
    private final boolean verifyHostnames;

    private TlsConfig(SslContext server, SslContext client, boolean verifyHostnames) {
        this.server = server;
        this.client = client;
        this.verifyHostnames = verifyHostnames;
    }

    /**
     * TLS from two Netty contexts, built for example with {@code SslContextBuilder.forServer(...)}
     * and {@code SslContextBuilder.forClient(...)}. Whether accepted peers must show a certificate
     * is the server context's {@code clientAuth} setting: use {@code ClientAuth.REQUIRE} for mutual
     * TLS.
     *
     * @param server for accepted connections; a server context
     * @param client for dialled connections; a client context
     * @return the configuration, with host name verification on
     * @throws IllegalArgumentException if a context is on the wrong side or allows neither TLS 1.3
     *     nor TLS 1.2
     */
    public static TlsConfig of(SslContext server, SslContext client) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(client, "client");
        if (!server.isServer()) {
            throw new IllegalArgumentException("the server context is a client context");
        }
        if (!client.isClient()) {
            throw new IllegalArgumentException("the client context is a server context");
        }
        TlsConfig config = new TlsConfig(server, client, true);
        config.checkProtocols(server.newEngine(ByteBufAllocator.DEFAULT), "server");
        config.checkProtocols(client.newEngine(ByteBufAllocator.DEFAULT), "client");
        return config;
    }

    /**
     * TLS from one JDK context, used for both sides: its key managers give this node's certificate
     * (to peers that dial it and to peers it dials), its trust managers decide which peers are
     * trusted. A Spring Boot SSL bundle's {@code createSslContext()} is such a context.
     *
     * @param context the JDK context
     * @param clientAuth whether accepted peers must show a certificate; {@link TlsClientAuth#NEED}
     *     for mutual TLS
     * @return the configuration, with host name verification on
     * @throws IllegalArgumentException if the context allows neither TLS 1.3 nor TLS 1.2
     */
    public static TlsConfig of(SSLContext context, TlsClientAuth clientAuth) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(clientAuth, "clientAuth");
        String[] protocols = PROTOCOLS.toArray(String[]::new);
        SslContext server = new JdkSslContext(
                context,
                false,
                null,
                IdentityCipherSuiteFilter.INSTANCE,
                ApplicationProtocolConfig.DISABLED,
                nettyClientAuth(clientAuth),
                protocols,
                false);
        SslContext client = new JdkSslContext(
                context,
                true,
                null,
                IdentityCipherSuiteFilter.INSTANCE,
                ApplicationProtocolConfig.DISABLED,
                ClientAuth.NONE,
                protocols,
                false);
        return of(server, client);
    }

    /**
     * Starts TLS from key and trust managers, with the engine of your choice ({@link TlsProvider}):
     * the way to run the OpenSSL engine from the same material a JDK context would take. A Spring
     * Boot SSL bundle's {@code getManagers()} gives both factories.
     *
     * @param keys this node's private key and certificate, shown to peers on both sides
     * @return the builder: mutual TLS ({@link TlsClientAuth#NEED}), the JDK's default trust
     *     anchors, the engine's default ciphers, TLS 1.3 and 1.2, {@link TlsProvider#AUTO}, host
     *     names verified
     */
    public static Builder builder(KeyManagerFactory keys) {
        return new Builder(keys);
    }

    /**
     * Returns a copy that verifies, or does not verify, that a dialled peer's certificate is
     * issued for the host of its node name. Turn it off only when certificates do not carry the
     * hosts nodes are named by (then any trusted certificate will do, for any node name).
     *
     * @param verify whether to verify host names (the default is true)
     * @return the copy
     */
    public TlsConfig verifyHostnames(boolean verify) {
        return new TlsConfig(server, client, verify);
    }

    /**
     * Tells whether a dialled peer's certificate must be issued for the host of its node name.
     *
     * @return whether host names are verified
     */
    public boolean verifiesHostnames() {
        return verifyHostnames;
    }

    /**
     * Returns the context for accepted connections.
     *
     * @return the server context
     */
    public SslContext serverContext() {
        return server;
    }

    /**
     * Returns the context for dialled connections.
     *
     * @return the client context
     */
    public SslContext clientContext() {
        return client;
    }

    /**
     * Creates the TLS handler for an accepted connection; it goes first in the pipeline.
     *
     * @param alloc the channel's allocator
     * @return the handler, with its own handshake timeout off (the node's handshake deadline
     *     covers the TLS handshake)
     */
    public SslHandler acceptorHandler(ByteBufAllocator alloc) {
        SSLEngine engine = server.newEngine(alloc);
        restrictProtocols(engine, "server");
        return handler(engine);
    }

    /**
     * Creates the TLS handler for a connection to {@code host}; it goes first in the pipeline.
     *
     * @param alloc the channel's allocator
     * @param host the host part of the peer's node name, checked against its certificate when host
     *     names are verified
     * @param port the peer's distribution port
     * @return the handler, with its own handshake timeout off
     */
    public SslHandler dialerHandler(ByteBufAllocator alloc, String host, int port) {
        SSLEngine engine = client.newEngine(alloc, host, port);
        restrictProtocols(engine, "client");
        SSLParameters parameters = engine.getSSLParameters();
        // null would keep what the context set (Netty's client contexts verify by default); the
        // JDK's trust managers skip the check for an empty algorithm
        parameters.setEndpointIdentificationAlgorithm(verifyHostnames ? "HTTPS" : "");
        engine.setSSLParameters(parameters);
        return handler(engine);
    }

    private static SslHandler handler(SSLEngine engine) {
        SslHandler handler = new SslHandler(engine);
        handler.setHandshakeTimeoutMillis(0);
        return handler;
    }

    private void checkProtocols(SSLEngine probe, String side) {
        try {
            restrictProtocols(probe, side);
        } finally {
            discard(probe);
        }
    }

    /** Closes an engine made only to look at; an OpenSSL engine also frees its native memory. */
    private static void discard(SSLEngine probe) {
        probe.closeOutbound();
        ReferenceCountUtil.release(probe);
    }

    private static void restrictProtocols(SSLEngine engine, String side) {
        List<String> enabled = Arrays.asList(engine.getEnabledProtocols());
        String[] allowed = PROTOCOLS.stream().filter(enabled::contains).toArray(String[]::new);
        if (allowed.length == 0) {
            throw new IllegalArgumentException(
                    "the " + side + " TLS context enables neither TLS 1.3 nor TLS 1.2: " + enabled);
        }
        engine.setEnabledProtocols(allowed);
    }

    private static ClientAuth nettyClientAuth(TlsClientAuth clientAuth) {
        return switch (clientAuth) {
            case NONE -> ClientAuth.NONE;
            case WANT -> ClientAuth.OPTIONAL;
            case NEED -> ClientAuth.REQUIRE;
        };
    }

    @Override
    public String toString() {
        return "TlsConfig[engine=" + engine() + ", protocols=" + PROTOCOLS + ", clientAuth=" + clientAuthOf(server)
                + ", verifyHostnames=" + verifyHostnames + "]";
    }

    /**
     * Names the TLS engine of the contexts.
     *
     * @return {@code "jdk"} or {@code "openssl"}
     */
    public String engine() {
        return server instanceof JdkSslContext ? "jdk" : "openssl";
    }

    private static String clientAuthOf(SslContext server) {
        SSLEngine engine = server.newEngine(ByteBufAllocator.DEFAULT);
        try {
            return engine.getNeedClientAuth() ? "need" : engine.getWantClientAuth() ? "want" : "none";
        } finally {
            discard(engine);
        }
    }

    /**
     * Builds TLS from key and trust managers; see {@link TlsConfig#builder}.
     */
    public static final class Builder {

        private final KeyManagerFactory keys;
        private TrustManagerFactory trust;
        private TlsClientAuth clientAuth = TlsClientAuth.NEED;
        private TlsProvider provider = TlsProvider.AUTO;
        private List<String> ciphers;
        private List<String> protocols = PROTOCOLS;
        private boolean verifyHostnames = true;

        private Builder(KeyManagerFactory keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
        }

        /**
         * Sets whom this node trusts, as peer on either side.
         *
         * @param trust the trust managers, or null for the JDK's default trust anchors
         * @return this builder
         */
        public Builder trust(TrustManagerFactory trust) {
            this.trust = trust;
            return this;
        }

        /**
         * Sets whether accepted peers must show a certificate.
         *
         * @param clientAuth {@link TlsClientAuth#NEED} (the default) for mutual TLS
         * @return this builder
         */
        public Builder clientAuth(TlsClientAuth clientAuth) {
            this.clientAuth = Objects.requireNonNull(clientAuth, "clientAuth");
            return this;
        }

        /**
         * Sets the TLS engine.
         *
         * @param provider the engine ({@link TlsProvider#AUTO} by default)
         * @return this builder
         */
        public Builder provider(TlsProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Limits the cipher suites, named as the JDK names them (the OpenSSL engine translates).
         *
         * @param ciphers the suites, or null for the engine's defaults
         * @return this builder
         */
        public Builder ciphers(List<String> ciphers) {
            this.ciphers = ciphers == null ? null : List.copyOf(ciphers);
            return this;
        }

        /**
         * Limits the protocol versions to some of {@link TlsConfig#PROTOCOLS}.
         *
         * @param protocols the versions; others than TLS 1.3 and 1.2 are left out
         * @return this builder
         * @throws IllegalArgumentException when neither TLS 1.3 nor TLS 1.2 is among them
         */
        public Builder protocols(List<String> protocols) {
            Objects.requireNonNull(protocols, "protocols");
            List<String> allowed =
                    PROTOCOLS.stream().filter(protocols::contains).toList();
            if (allowed.isEmpty()) {
                throw new IllegalArgumentException(
                        "the protocols " + protocols + " include neither TLS 1.3 nor TLS 1.2");
            }
            this.protocols = allowed;
            return this;
        }

        /**
         * Sets whether a dialled peer's certificate must be issued for the host of its node name
         * (see {@link TlsConfig#verifyHostnames}).
         *
         * @param verify whether to verify host names (the default is true)
         * @return this builder
         */
        public Builder verifyHostnames(boolean verify) {
            this.verifyHostnames = verify;
            return this;
        }

        /**
         * Makes the server and client contexts.
         *
         * @return the configuration
         * @throws IllegalStateException when {@link TlsProvider#OPENSSL} is asked for and is not
         *     available
         * @throws IllegalArgumentException when the engine refuses the material or the ciphers
         */
        public TlsConfig build() {
            SslProvider engine = provider.engine();
            String[] versions = protocols.toArray(String[]::new);
            try {
                SslContext server = SslContextBuilder.forServer(keys)
                        .trustManager(trust)
                        .clientAuth(nettyClientAuth(clientAuth))
                        .sslProvider(engine)
                        .protocols(versions)
                        .ciphers(ciphers, IdentityCipherSuiteFilter.INSTANCE)
                        .build();
                SslContext client = SslContextBuilder.forClient()
                        .keyManager(keys)
                        .trustManager(trust)
                        .sslProvider(engine)
                        .protocols(versions)
                        .ciphers(ciphers, IdentityCipherSuiteFilter.INSTANCE)
                        .build();
                return of(server, client).verifyHostnames(verifyHostnames);
            } catch (SSLException | IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "the " + engine.name().toLowerCase(Locale.ROOT) + " TLS engine refused the configuration: "
                                + e.getMessage(),
                        e);
            }
        }
    }
}

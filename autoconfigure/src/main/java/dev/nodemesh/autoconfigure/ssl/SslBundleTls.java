package dev.nodemesh.autoconfigure.ssl;

import dev.nodemesh.autoconfigure.NodeConfigurationException;
import dev.nodemesh.autoconfigure.NodemeshProperties;
import dev.nodemesh.tls.TlsClientAuth;
import dev.nodemesh.tls.TlsConfig;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * Turns the SSL bundle that {@code nodemesh.ssl.bundle} names into the node's {@link TlsConfig}:
 * the bundle's key and trust managers on both sides, its ciphers, its protocols less all but TLS
 * 1.3 and 1.2, and the client authentication, host name rule and TLS engine of {@code
 * nodemesh.ssl.*}.
 */
public final class SslBundleTls {

    static final String ENABLED = "nodemesh.ssl.enabled";
    static final String BUNDLE = "nodemesh.ssl.bundle";
    static final String PROVIDER = "nodemesh.ssl.provider";

    private final NodemeshProperties.Ssl properties;

    /**
     * Creates the mapping.
     *
     * @param properties {@code nodemesh.ssl.*}
     */
    public SslBundleTls(NodemeshProperties.Ssl properties) {
        this.properties = properties;
    }

    /**
     * Tells whether TLS is on: as {@code nodemesh.ssl.enabled} says, or, when it is not set,
     * whether a bundle is named.
     *
     * @return whether the node runs TLS
     */
    public boolean isActive() {
        Boolean enabled = properties.getEnabled();
        return enabled != null ? enabled : hasBundleName();
    }

    /**
     * Returns the name of the configured bundle.
     *
     * @return the name, stripped
     * @throws NodeConfigurationException when TLS is on and no bundle is named
     */
    public String bundleName() {
        if (!hasBundleName()) {
            throw new NodeConfigurationException(
                    BUNDLE,
                    "TLS is enabled (" + ENABLED + "=true) but no SSL bundle is named",
                    "Set " + BUNDLE + " to a bundle defined under spring.ssl.bundle.pem.<name> or"
                            + " spring.ssl.bundle.jks.<name>, or set " + ENABLED + "=false.");
        }
        return properties.getBundle().strip();
    }

    /**
     * Looks the configured bundle up and maps it.
     *
     * @param bundles the application's bundles, or {@code null} when it has none
     * @return the TLS configuration
     * @throws NodeConfigurationException when no bundle is named, it does not exist, or it has no
     *     key material
     */
    public TlsConfig tlsConfig(SslBundles bundles) {
        String name = bundleName();
        if (bundles != null) {
            try {
                return tlsConfig(name, bundles.getBundle(name));
            } catch (NoSuchSslBundleException e) {
                // reported below, with the names that do exist
            }
        }
        List<String> known = bundles == null ? List.of() : bundles.getBundleNames();
        throw new NodeConfigurationException(
                BUNDLE,
                "there is no SSL bundle named '" + name + "'"
                        + (known.isEmpty() ? " (no bundles are configured)" : " (configured: " + known + ")"),
                "Define the bundle under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
                        + ", or set " + BUNDLE + " to a configured one.");
    }

    /**
     * Maps a bundle.
     *
     * @param name the bundle's name, for messages
     * @param bundle the bundle
     * @return the TLS configuration
     * @throws NodeConfigurationException when the bundle has no key material, allows neither TLS
     *     1.3 nor TLS 1.2, or names ciphers the engine does not know, or when {@code
     *     nodemesh.ssl.provider=openssl} and netty-tcnative is not available
     */
    public TlsConfig tlsConfig(String name, SslBundle bundle) {
        KeyStore keyStore = bundle.getStores().getKeyStore();
        if (!hasKey(keyStore)) {
            throw new NodeConfigurationException(
                    BUNDLE,
                    "the SSL bundle '" + name + "' has no private key and certificate for this node",
                    "Give the bundle a keystore: spring.ssl.bundle.pem." + name + ".keystore.certificate and"
                            + " .private-key, or spring.ssl.bundle.jks." + name + ".keystore.location.");
        }
        String[] protocols = protocols(name, bundle.getOptions());
        List<String> ciphers = Optional.ofNullable(bundle.getOptions().getCiphers())
                .map(Arrays::asList)
                .orElse(null);
        SslManagerBundle managers = bundle.getManagers();
        TlsConfig.Builder builder = TlsConfig.builder(managers.getKeyManagerFactory())
                .trust(managers.getTrustManagerFactory())
                .clientAuth(clientAuth(bundle))
                .protocols(Arrays.asList(protocols))
                .ciphers(ciphers)
                .provider(properties.getProvider())
                .verifyHostnames(properties.isVerifyHostname());
        try {
            return builder.build();
        } catch (IllegalStateException e) {
            throw new NodeConfigurationException(
                    PROVIDER,
                    e.getMessage(),
                    "Add io.netty:netty-tcnative-boringssl-static (its version comes from Spring Boot's dependency"
                            + " management) to the application, or set " + PROVIDER + "=auto or jdk.");
        } catch (IllegalArgumentException e) {
            throw new NodeConfigurationException(
                    BUNDLE,
                    "the SSL bundle '" + name + "' cannot be used: " + e.getMessage(),
                    "Check the bundle's options.ciphers (JDK names, such as TLS_AES_128_GCM_SHA256) and its key"
                            + " material.");
        }
    }

    /** The client authentication asked for, or mutual TLS when the bundle says whom to trust. */
    TlsClientAuth clientAuth(SslBundle bundle) {
        if (properties.getClientAuth() != null) {
            return properties.getClientAuth();
        }
        return bundle.getStores().getTrustStore() != null ? TlsClientAuth.NEED : TlsClientAuth.NONE;
    }

    private boolean hasBundleName() {
        return properties.getBundle() != null && !properties.getBundle().isBlank();
    }

    private static boolean hasKey(KeyStore store) {
        if (store == null) {
            return false;
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return true;
                }
            }
            return false;
        } catch (KeyStoreException e) {
            return false;
        }
    }

    private static String[] protocols(String name, SslOptions options) {
        String[] enabled = options.getEnabledProtocols();
        if (enabled == null) {
            return TlsConfig.PROTOCOLS.toArray(String[]::new);
        }
        List<String> asked = Arrays.asList(enabled);
        String[] allowed = TlsConfig.PROTOCOLS.stream().filter(asked::contains).toArray(String[]::new);
        if (allowed.length == 0) {
            throw new NodeConfigurationException(
                    BUNDLE,
                    "the SSL bundle '" + name + "' enables only " + asked
                            + ", and the distribution runs TLS 1.3 or TLS 1.2 only",
                    "Add TLSv1.3 or TLSv1.2 to the bundle's options.enabled-protocols, or leave them unset.");
        }
        return allowed;
    }
}

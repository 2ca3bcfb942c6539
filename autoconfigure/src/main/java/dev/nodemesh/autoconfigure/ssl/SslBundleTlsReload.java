package dev.nodemesh.autoconfigure.ssl;

import dev.nodemesh.Node;
import dev.nodemesh.tls.TlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Hands a reloaded SSL bundle to the node: when Spring Boot reloads the bundle (its files changed
 * and it has {@code reload-on-update=true}), connections set up from then on use the new
 * certificate and trust store ({@link Node#updateTls}); the connections that are up keep theirs.
 * A reloaded bundle that cannot be used (no key, no TLS 1.3/1.2) is logged and the node keeps its
 * material.
 */
public final class SslBundleTlsReload {

    private static final Logger log = LoggerFactory.getLogger(SslBundleTlsReload.class);

    private final Node node;
    private final String bundleName;
    private final SslBundleTls mapping;

    private SslBundleTlsReload(Node node, String bundleName, SslBundleTls mapping) {
        this.node = node;
        this.bundleName = bundleName;
        this.mapping = mapping;
    }

    /**
     * Registers the reload with the bundles, when the node runs TLS from a bundle.
     *
     * @param node the node
     * @param bundles the application's bundles
     * @param mapping {@code nodemesh.ssl.*}
     * @return the reload, registered when TLS is on and the node runs it
     */
    public static SslBundleTlsReload register(Node node, SslBundles bundles, SslBundleTls mapping) {
        if (!mapping.isActive() || node.config().tls().isEmpty() || bundles == null) {
            return new SslBundleTlsReload(node, null, mapping);
        }
        SslBundleTlsReload reload = new SslBundleTlsReload(node, mapping.bundleName(), mapping);
        bundles.addBundleUpdateHandler(reload.bundleName, reload::reloaded);
        return reload;
    }

    /**
     * Tells whether the node follows reloads of a bundle.
     *
     * @return whether a reload was registered
     */
    public boolean isRegistered() {
        return bundleName != null;
    }

    void reloaded(SslBundle bundle) {
        TlsConfig next;
        try {
            next = mapping.tlsConfig(bundleName, bundle);
        } catch (RuntimeException e) {
            log.warn(
                    "SSL bundle '{}' was reloaded but cannot be used, node {} keeps its TLS material: {}",
                    bundleName,
                    node.name(),
                    e.getMessage());
            return;
        }
        try {
            node.updateTls(next);
            log.info("node {} uses the reloaded SSL bundle '{}' for new connections", node.name(), bundleName);
        } catch (RuntimeException e) {
            log.warn("node {} did not take the reloaded SSL bundle '{}': {}", node.name(), bundleName, e.getMessage());
        }
    }
}

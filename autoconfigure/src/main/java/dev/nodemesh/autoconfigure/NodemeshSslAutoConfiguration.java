package dev.nodemesh.autoconfigure;

import dev.nodemesh.Node;
import dev.nodemesh.autoconfigure.ssl.SslBundleTls;
import dev.nodemesh.autoconfigure.ssl.SslBundleTlsReload;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * TLS on the distribution port from a Spring Boot SSL bundle ({@code nodemesh.ssl.*}): a {@link
 * NodeConfigCustomizer} that gives the node the bundle's material before the application's own
 * customizers run, and the {@link SslBundleTlsReload} that hands a reloaded bundle to the running
 * node.
 */
@AutoConfiguration(
        after = NodemeshAutoConfiguration.class,
        afterName = "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration")
@ConditionalOnClass(Node.class)
@ConditionalOnBooleanProperty(name = "nodemesh.enabled", matchIfMissing = true)
public final class NodemeshSslAutoConfiguration {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    NodeConfigCustomizer nodemeshSslBundleCustomizer(
            NodemeshProperties properties, ObjectProvider<SslBundles> bundles) {
        SslBundleTls mapping = new SslBundleTls(properties.getSsl());
        return builder -> {
            if (mapping.isActive()) {
                builder.tls(mapping.tlsConfig(bundles.getIfAvailable()));
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(Node.class)
    SslBundleTlsReload nodemeshSslBundleReload(
            Node node, NodemeshProperties properties, ObjectProvider<SslBundles> bundles) {
        return SslBundleTlsReload.register(node, bundles.getIfAvailable(), new SslBundleTls(properties.getSsl()));
    }
}

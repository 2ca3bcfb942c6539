package dev.nodemesh.autoconfigure;

import dev.nodemesh.NodeConfig;

/**
 * Callback that adjusts the {@link NodeConfig} built from {@link NodemeshProperties} before the
 * node starts. Every customizer bean is applied, in {@link org.springframework.core.annotation.Order
 * order}, after the properties.
 *
 * <pre>{@code
 * @Bean
 * NodeConfigCustomizer fewerNetworkThreads() {
 *     return builder -> builder.eventLoopThreads(1);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface NodeConfigCustomizer {

    /**
     * Adjusts the configuration.
     *
     * @param builder the builder, already filled from the properties
     */
    void customize(NodeConfig.Builder builder);
}

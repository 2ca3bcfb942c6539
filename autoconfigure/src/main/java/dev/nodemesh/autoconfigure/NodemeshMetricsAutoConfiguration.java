package dev.nodemesh.autoconfigure;

import dev.nodemesh.Node;
import dev.nodemesh.autoconfigure.metrics.NodeMeterBinder;
import dev.nodemesh.spring.NodeProcessRegistrar;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link NodeMeterBinder}, when Micrometer is on the classpath and a
 * {@link MeterRegistry} is configured; Spring Boot binds it to the registry.
 */
@AutoConfiguration(
        after = NodemeshAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
        })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "nodemesh.enabled", matchIfMissing = true)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(Node.class)
@EnableConfigurationProperties(NodemeshProperties.class)
public final class NodemeshMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    NodeMeterBinder nodemeshMeterBinder(
            Node node, NodemeshProperties properties, ObjectProvider<NodeProcessRegistrar> processes) {
        Duration interval = properties.getMetrics().getRefreshInterval();
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new InvalidConfigurationPropertyValueException(
                    "nodemesh.metrics.refresh-interval", interval, "it must be a positive duration, such as 10s");
        }
        return new NodeMeterBinder(node, interval, processes.getIfUnique());
    }
}

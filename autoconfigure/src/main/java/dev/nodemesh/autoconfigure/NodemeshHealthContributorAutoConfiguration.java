package dev.nodemesh.autoconfigure;

import dev.nodemesh.autoconfigure.health.NodemeshHealthIndicator;
import dev.nodemesh.spring.NodeProcessRegistrar;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code nodemesh} {@link NodemeshHealthIndicator}, when Spring Boot's
 * health support is on the classpath; {@code management.health.nodemesh.enabled=false} turns it
 * off.
 */
@AutoConfiguration(after = NodemeshAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnSingleCandidate(NodeLifecycle.class)
@ConditionalOnEnabledHealthIndicator("nodemesh")
@EnableConfigurationProperties(NodemeshProperties.class)
public final class NodemeshHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "nodemeshHealthIndicator")
    NodemeshHealthIndicator nodemeshHealthIndicator(
            NodeLifecycle lifecycle, NodemeshProperties properties, ObjectProvider<NodeProcessRegistrar> processes) {
        return new NodemeshHealthIndicator(
                lifecycle,
                ConfiguredNodeNames.parse(
                        "nodemesh.health.required-nodes", properties.getHealth().getRequiredNodes()),
                processes.getIfUnique());
    }
}

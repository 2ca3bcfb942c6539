package dev.nodemesh.autoconfigure;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Keeps the cookie out of the actuator's {@code env} and {@code configprops} endpoints, even with
 * {@code show-values=always}: {@code nodemesh.node.cookie} is not a key Spring Boot treats as
 * sensitive by its name.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class NodemeshSanitizingAutoConfiguration {

    @Bean
    SanitizingFunction nodemeshCookieSanitizer() {
        return SanitizingFunction.sanitizeValue().ifKeyMatches("(?i)(.*\\.)?nodemesh[._]node[._]cookie");
    }
}

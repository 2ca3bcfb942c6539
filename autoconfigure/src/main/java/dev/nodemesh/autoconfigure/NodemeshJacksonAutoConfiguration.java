package dev.nodemesh.autoconfigure;

import dev.nodemesh.jackson.TermJacksonModule;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JacksonModule;

/**
 * Registers {@link TermJacksonModule} when Jackson 3 ({@code tools.jackson}, Spring Boot 4's
 * default) is on the class path: Spring Boot adds every {@link JacksonModule} bean to its
 * auto-configured {@code JsonMapper}, so a {@code @RestController} returning a term writes plain
 * JSON. Independent of {@code nodemesh.enabled}: terms may come from anywhere.
 */
@AutoConfiguration
@ConditionalOnClass({JacksonModule.class, TermJacksonModule.class})
public final class NodemeshJacksonAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TermJacksonModule termJacksonModule() {
        return new TermJacksonModule();
    }
}

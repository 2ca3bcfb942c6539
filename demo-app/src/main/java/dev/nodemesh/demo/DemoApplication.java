package dev.nodemesh.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * chip and dale: the Elixir "Remote Message Passing" walkthrough with Java nodes. Run it with the
 * profile {@code chip} or {@code dale}; the REST API in {@link WalkthroughController} stands in
 * for the iex prompt.
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoProperties.class)
public class DemoApplication {

    /**
     * Starts the demo.
     *
     * @param args Spring Boot arguments, such as {@code --spring.profiles.active=chip}
     */
    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }
}

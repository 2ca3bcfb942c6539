package dev.nodemesh.demo;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermSyntax;
import dev.nodemesh.term.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The chip and dale demo. Until the node runtime lands it shows the term layer: one message in
 * Elixir and Erlang syntax.
 */
@SpringBootApplication
public class DemoApplication {

    private static final Logger log = LoggerFactory.getLogger(DemoApplication.class);

    /**
     * Starts the demo.
     *
     * @param args Spring Boot arguments, such as {@code --spring.profiles.active=chip}
     */
    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }

    @Bean
    ApplicationRunner showGreeting() {
        return args -> {
            Term greeting = Tuple.of(Atom.of("hi"), Binary.of("there"), Int.of(42));
            log.info("nodemesh demo: a message as iex prints it: {}", TermSyntax.ELIXIR.format(greeting));
            log.info("nodemesh demo: the same message in Erlang:  {}", TermSyntax.ERLANG.format(greeting));
            log.info("nodemesh demo: the chip and dale walkthrough arrives with the node runtime (see README)");
        };
    }
}

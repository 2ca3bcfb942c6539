package dev.nodemesh.autoconfigure;

import dev.nodemesh.testsupport.Slow;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A whole application, chip, on a random HTTP port on loopback, with the cluster view switched on
 * and its endpoint exposed (and no other endpoint). A test class adds its own sampling settings
 * with {@code @TestPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "nodemesh.node.name=chip@localhost",
            "nodemesh.node.cookie=" + TestNodeProperties.COOKIE,
            "nodemesh.listen.address=127.0.0.1",
            "nodemesh.distribution.event-loop-threads=1",
            "nodemesh.dashboard.enabled=true",
            "management.endpoints.web.exposure.include=cluster",
            "server.address=127.0.0.1"
        })
@DirtiesContext
@Slow
@interface ChipWithClusterView {}

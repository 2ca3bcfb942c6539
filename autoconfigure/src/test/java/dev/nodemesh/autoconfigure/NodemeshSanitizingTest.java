package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.testsupport.Slow;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@Slow
class NodemeshSanitizingTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NodemeshSanitizingAutoConfiguration.class));

    @Test
    void shouldHideTheCookieInEnvAndConfigprops() {
        runner.run(context -> {
            SanitizingFunction sanitizer = context.getBean(SanitizingFunction.class);
            for (String key : new String[] {"nodemesh.node.cookie", "NODEMESH_NODE_COOKIE", "nodemesh.node.Cookie"}) {
                assertThat(sanitizer
                                .applyUnlessFiltered(new SanitizableData(null, key, "s3cret"))
                                .getValue())
                        .as(key)
                        .isEqualTo(SanitizableData.SANITIZED_VALUE);
            }
            assertThat(sanitizer
                            .applyUnlessFiltered(new SanitizableData(null, "nodemesh.node.cookie-file", "/x"))
                            .getValue())
                    .isEqualTo("/x");
            assertThat(sanitizer
                            .applyUnlessFiltered(new SanitizableData(null, "nodemesh.node.name", "chip"))
                            .getValue())
                    .isEqualTo("chip");
        });
    }

    @Test
    void shouldBackOffWithoutTheActuator() {
        runner.withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
                .run(context -> assertThat(context).doesNotHaveBean("nodemeshCookieSanitizer"));
    }
}

package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.jackson.TermJacksonModule;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermSyntax;
import dev.nodemesh.term.mapping.Result;
import dev.nodemesh.testsupport.Slow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;

/**
 * A started web application whose controller returns terms: the auto-configured {@code
 * JsonMapper} carries {@link TermJacksonModule}, so the HTTP response is plain JSON.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"nodemesh.enabled=false", "server.address=127.0.0.1"})
@Slow
class TermJsonHttpTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper jsonMapper;

    @Test
    void aControllerReturningATermWritesPlainJson() throws Exception {
        assertThat(get("/reply"))
                .isEqualTo("{\"status\":\"ok\",\"greeting\":{\"text\":\"hi\",\"count\":3},\"tags\":[\"a\",\"b\"]}");
        assertThat(get("/tuple")).isEqualTo("[\"ok\",[1,2]]");
    }

    @Test
    void aMappedResultIsAnObject() throws Exception {
        assertThat(get("/result")).isEqualTo("{\"value\":\"hi\",\"ok\":true}");
    }

    @Test
    void theAutoConfiguredMapperHasTheModule() {
        assertThat(jsonMapper.writeValueAsString(Map.of("pid", TermSyntax.ELIXIR.parse(":nodemesh"))))
                .isEqualTo("{\"pid\":\"nodemesh\"}");
    }

    @Test
    void noModuleWithoutJackson() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NodemeshJacksonAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(JacksonModule.class))
                .run(context -> assertThat(context).doesNotHaveBean(TermJacksonModule.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NodemeshJacksonAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(TermJacksonModule.class));
    }

    private String get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return response.body();
    }

    @RestController
    static class TermController {

        @GetMapping("/reply")
        Term reply() {
            return TermSyntax.ELIXIR.parse(
                    "%{status: :ok, greeting: %{__struct__: MyApp.Greeting, text: \"hi\", count: 3}, tags: [:a, \"b\"]}");
        }

        @GetMapping("/tuple")
        Term tuple() {
            return TermSyntax.ELIXIR.parse("{:ok, [1, 2]}");
        }

        @GetMapping("/result")
        Result<String, String> result() {
            return Result.ok("hi");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {

        @org.springframework.context.annotation.Bean
        TermController termController() {
            return new TermController();
        }
    }
}

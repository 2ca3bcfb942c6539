package dev.nodemesh.autoconfigure;

import static dev.nodemesh.autoconfigure.TestNodeProperties.full;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.Mailbox;
import dev.nodemesh.term.Atom;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster view as a browser fetches it, from a whole application on a random HTTP port with a
 * real second node, dale: the page, and the JSON snapshot with the connection, its traffic, the
 * processes and the node events.
 */
@ChipWithClusterView
@TestPropertySource(properties = {"nodemesh.dashboard.sample-interval=100ms", "nodemesh.dashboard.history=1s"})
class ClusterViewHttpTest extends ActuatorHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Duration SOON = Duration.ofSeconds(10);

    @Test
    void thePageShouldBeOneSelfContainedDocumentThatOnlyRunsItsOwnScript() throws Exception {
        HttpResponse<String> page = send("GET", "/actuator/cluster");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        String html = page.body();
        Matcher policy =
                Pattern.compile("script-src '(sha256-[A-Za-z0-9+/=]+)'").matcher(html);
        assertThat(policy.find())
                .as("a Content-Security-Policy with the script's hash")
                .isTrue();
        assertThat(html).doesNotContain("{{").doesNotContain("<link").doesNotContain(" src=");
        assertThat(html).doesNotContainPattern("https?://(?!www\\.w3\\.org/2000/svg)");
    }

    @Test
    void theSnapshotShouldShowTheConnectionItsTrafficTheProcessesAndTheEvents() throws Exception {
        Mailbox sink = chip.createMailbox("sink");
        try {
            assertThat(chip.connect(full("dale"))).isTrue();
            await().atMost(SOON)
                    .until(() -> snapshot().get("nodes").size() == 1
                            && snapshot()
                                    .get("nodes")
                                    .get(0)
                                    .get("kind")
                                    .asString()
                                    .equals("nodemesh"));
            for (int i = 0; i < 50; i++) {
                dale.send("sink", full("chip"), Atom.of("ping"));
            }
            await().atMost(SOON).until(() -> receivedPerSecond(snapshot()) > 0);

            JsonNode snapshot = snapshot();
            assertThat(snapshot.get("self").get("name").asString()).isEqualTo(full("chip"));
            assertThat(snapshot.get("self").get("tls").asBoolean()).isFalse();
            JsonNode dalePeer = snapshot.get("nodes").get(0);
            assertThat(dalePeer.get("connection").get("name").asString()).isEqualTo(full("dale"));
            assertThat(dalePeer.get("tls").asBoolean()).isFalse();
            assertThat(dalePeer.get("connection").get("messagesIn").asLong()).isGreaterThanOrEqualTo(50);
            assertThat(dalePeer.get("traffic").size()).as("1s of 100ms samples").isBetween(1, 10);
            assertThat(snapshot.get("processes").toString()).contains("\"sink\"", "net_kernel");
            assertThat(snapshot.get("events").get(0).get("node").asString()).isEqualTo(full("dale"));
            assertThat(snapshot.get("events").get(0).get("type").asString()).isEqualTo("up");
            assertThat(snapshot.toString()).doesNotContain(TestNodeProperties.COOKIE);

            assertThat(chip.disconnect(full("dale"))).isTrue();
            await().atMost(SOON).untilAsserted(() -> {
                JsonNode after = snapshot();
                assertThat(after.get("nodes").size()).isZero();
                assertThat(after.get("events").get(0).get("type").asString()).isEqualTo("down");
                assertThat(after.get("events").get(0).get("reason").asString()).isEqualTo("disconnect");
            });
        } finally {
            sink.close();
        }
    }

    @Test
    void anyOtherPartShouldBeNotFound() throws Exception {
        assertThat(send("GET", "/actuator/cluster/other").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/actuator/cluster").statusCode()).isIn(404, 405);
        assertThat(send("GET", "/actuator/nodes").statusCode())
                .as("not exposed")
                .isEqualTo(404);
    }

    private static double receivedPerSecond(JsonNode snapshot) {
        double sum = 0;
        for (JsonNode sample : snapshot.get("nodes").get(0).get("traffic")) {
            sum += sample.get("messagesIn").asDouble();
        }
        return sum;
    }

    private JsonNode snapshot() throws Exception {
        HttpResponse<String> response = send("GET", "/actuator/cluster/snapshot");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {}
}

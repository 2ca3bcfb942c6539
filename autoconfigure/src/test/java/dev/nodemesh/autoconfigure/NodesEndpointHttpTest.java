package dev.nodemesh.autoconfigure;

import static dev.nodemesh.autoconfigure.TestNodeProperties.full;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.CallException;
import dev.nodemesh.NodeName;
import dev.nodemesh.spring.NodeTemplate;
import dev.nodemesh.testsupport.Slow;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole application on a random HTTP port, with Spring MVC and the actuator: {@code
 * /actuator/nodes}, {@code /actuator/health/nodemesh} and the meters as an operator sees them, with the
 * endpoint's writing operations switched on and nodes on {@code localhost} allowed. The other node,
 * dale, is a plain core node.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "nodemesh.node.name=chip@localhost",
            "nodemesh.node.cookie=" + TestNodeProperties.COOKIE,
            "nodemesh.listen.address=127.0.0.1",
            "nodemesh.distribution.event-loop-threads=1",
            "management.endpoints.web.exposure.include=nodes,health,metrics",
            "management.endpoint.health.show-details=always",
            "management.endpoint.nodes.access=unrestricted",
            "nodemesh.actuator.allowed-connect-hosts=localhost",
            "server.address=127.0.0.1"
        })
@DirtiesContext
@Slow
class NodesEndpointHttpTest extends ActuatorHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void operatorShouldSeeConnectAndDisconnectNodesOverHttp() throws Exception {
        HttpResponse<String> connect = send("POST", "/actuator/nodes/" + full("dale"));
        assertThat(connect.statusCode()).isEqualTo(200);
        assertThat(json(connect).get("connected").asBoolean()).isTrue();

        JsonNode nodes = json(send("GET", "/actuator/nodes"));
        assertThat(nodes.get("self").get("name").asString()).isEqualTo(full("chip"));
        assertThat(nodes.get("self").get("port").asInt())
                .isEqualTo(chip.address().getPort());
        assertThat(nodes.get("self").has("cookie")).isFalse();
        assertThat(nodes.toString()).doesNotContain(TestNodeProperties.COOKIE);
        assertThat(nodes.get("nodes").get(0).get("name").asString()).isEqualTo(full("dale"));
        assertThat(nodes.get("processes").toString()).contains("net_kernel");

        HttpResponse<String> one = send("GET", "/actuator/nodes/" + full("dale"));
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one).get("messagesIn").isNumber()).isTrue();
        assertThat(send("GET", "/actuator/nodes/" + full("nobody")).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/actuator/nodes/no-host").statusCode()).isEqualTo(400);

        JsonNode health = json(send("GET", "/actuator/health/nodemesh"));
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("details").get("connectedNodes").asInt()).isEqualTo(1);

        JsonNode connected = json(send("GET", "/actuator/metrics/nodemesh.nodes.connected"));
        assertThat(connected.get("measurements").get(0).get("value").asDouble()).isEqualTo(1.0);
        String bytesReceived = "/actuator/metrics/nodemesh.bytes.received?tag=peer:" + full("dale");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> json(send("GET", bytesReceived))
                                .get("measurements")
                                .get(0)
                                .get("value")
                                .asDouble()
                        > 0);

        HttpResponse<String> disconnect = send("DELETE", "/actuator/nodes/" + full("dale"));
        assertThat(disconnect.statusCode()).isEqualTo(200);
        assertThat(json(disconnect).get("disconnected").asBoolean()).isTrue();
        assertThat(json(send("GET", "/actuator/nodes")).get("nodes").size()).isZero();
    }

    @Test
    void callsShouldBeMeteredByOutcome(@Autowired NodeTemplate template) throws Exception {
        assertThatThrownBy(() -> template.call("nobody", full("chip"), "hi", String.class))
                .isInstanceOf(CallException.class);

        JsonNode calls = json(send("GET", "/actuator/metrics/nodemesh.calls?tag=outcome:noproc&tag=process:nobody"));
        assertThat(calls.get("measurements").get(0).get("statistic").asString()).isEqualTo("COUNT");
        assertThat(calls.get("measurements").get(0).get("value").asDouble()).isEqualTo(1.0);
    }

    @Test
    void connectToAHostNotAllowedShouldBeForbiddenWithoutDialling() throws Exception {
        String eve = "eve@attacker.example";
        HttpResponse<String> refused = send("POST", "/actuator/nodes/" + eve);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("node").asString()).isEqualTo(eve);
        assertThat(body.get("connected").asBoolean()).isFalse();
        assertThat(body.get("refused").asBoolean()).isTrue();
        assertThat(body.get("failure").asString()).contains("nodemesh.actuator.allowed-connect-hosts");
        // an attempt (EPMD look-up, DNS, handshake) leaves a failure behind; a refusal does not
        assertThat(chip.connectFailure(NodeName.parse(eve))).isEmpty();
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {}
}

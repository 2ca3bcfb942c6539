package dev.nodemesh.autoconfigure;

import static dev.nodemesh.autoconfigure.TestNodeProperties.full;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.NodeName;
import dev.nodemesh.testsupport.Slow;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The {@code nodes} endpoint exposed over HTTP with nothing else set: it can be read, and neither
 * {@code POST} nor {@code DELETE} reaches the node, even for a node it is configured to connect to.
 */
@SpringBootTest(
        classes = NodesEndpointHttpTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "nodemesh.node.name=chip@localhost",
            "nodemesh.node.cookie=" + TestNodeProperties.COOKIE,
            "nodemesh.listen.address=127.0.0.1",
            "nodemesh.distribution.event-loop-threads=1",
            "nodemesh.health.required-nodes=dale@localhost",
            "management.endpoints.web.exposure.include=nodes",
            "server.address=127.0.0.1"
        })
@DirtiesContext
@Slow
class NodesEndpointDefaultAccessHttpTest extends ActuatorHttp {

    @Test
    void byDefaultTheEndpointShouldBeReadOnly() throws Exception {
        assertThat(send("GET", "/actuator/nodes").statusCode()).isEqualTo(200);

        HttpResponse<String> connect = send("POST", "/actuator/nodes/" + full("dale"));
        assertThat(connect.statusCode()).as(connect.body()).isBetween(400, 499);
        assertThat(chip.nodes()).isEmpty();
        assertThat(chip.connectFailure(NodeName.parse(full("dale")))).isEmpty();
        assertThat(dale.nodes()).isEmpty();

        assertThat(dale.connect(full("chip"))).isTrue();
        HttpResponse<String> disconnect = send("DELETE", "/actuator/nodes/" + full("dale"));
        assertThat(disconnect.statusCode()).as(disconnect.body()).isBetween(400, 499);
        assertThat(chip.nodes()).hasSize(1);
    }

    @Test
    void metricsAreServedOnlyWhenMetricsIsInTheExposureList() throws Exception {
        assertThat(send("GET", "/actuator/metrics/nodemesh.nodes.connected").statusCode())
                .isEqualTo(404);
    }
}

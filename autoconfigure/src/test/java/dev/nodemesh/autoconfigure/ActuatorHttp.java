package dev.nodemesh.autoconfigure;

import dev.nodemesh.Cookie;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the HTTP tests of the actuator share: the application's node, chip, on a private EPMD
 * port; the other node, dale, a plain core node started before the class and closed after it; and
 * a plain HTTP client for the application's random port. Subclasses are the
 * {@code @SpringBootTest}s, each with its own properties.
 */
abstract class ActuatorHttp {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final int EPMD_PORT = TestNodeProperties.freePort();

    /** The other node. */
    static Node dale;

    @LocalServerPort
    private int port;

    /** The application's node. */
    @Autowired
    Node chip;

    @DynamicPropertySource
    static void epmdPort(DynamicPropertyRegistry registry) {
        registry.add("nodemesh.epmd.port", () -> EPMD_PORT);
    }

    @BeforeAll
    static void startDale() throws IOException {
        dale = Node.start(NodeConfig.builder("dale@localhost")
                .cookie(Cookie.of(TestNodeProperties.COOKIE))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(EPMD_PORT)
                .eventLoopThreads(1)
                .build());
    }

    @AfterAll
    static void stopDale() {
        dale.close();
    }

    /** Sends a request without a body to the application. */
    HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

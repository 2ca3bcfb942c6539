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

/** What the HTTP tests of the actuator share: the other node, dale, and a plain HTTP client. */
final class ActuatorHttp {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ActuatorHttp() {}

    /** Starts dale, a plain core node, on loopback with the tests' cookie and the given EPMD port. */
    static Node startDale(int epmdPort) throws IOException {
        return Node.start(NodeConfig.builder("dale@localhost")
                .cookie(Cookie.of(TestNodeProperties.COOKIE))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(epmdPort)
                .eventLoopThreads(1)
                .build());
    }

    /** Sends a request without a body to the application on the given port. */
    static HttpResponse<String> send(int port, String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

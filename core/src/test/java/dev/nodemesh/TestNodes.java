package dev.nodemesh;

import dev.nodemesh.testsupport.TestPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts nodes for tests: loopback only, {@code @localhost} names, a test cookie and a private
 * EPMD port (so the first node runs the embedded EPMD and nothing touches the host's port 4369).
 * Closes every node it started.
 */
final class TestNodes implements AutoCloseable {

    static final String COOKIE = "nodemesh-test-cookie";

    private final int epmdPort = TestPorts.freePort();
    private final List<Node> started = new ArrayList<>();

    int epmdPort() {
        return epmdPort;
    }

    NodeConfig.Builder config(String alive) {
        return NodeConfig.builder(alive + "@localhost")
                .cookie(Cookie.of(COOKIE))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(epmdPort)
                .handshakeTimeout(Duration.ofSeconds(5))
                .eventLoopThreads(1);
    }

    Node start(String alive) {
        return start(config(alive));
    }

    Node start(NodeConfig.Builder config) {
        try {
            Node node = Node.start(config.build());
            started.add(node);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Registers a gen_server-style echo on a node: every {@code $gen_call} is answered with its
     * request.
     */
    static Mailbox echo(Node node, String name) {
        return node.createMailbox(name, (message, self) -> GenServerRequest.parse(message)
                .filter(GenServerRequest.Call.class::isInstance)
                .map(GenServerRequest.Call.class::cast)
                .ifPresent(call -> call.reply(self, call.request())));
    }

    static String full(String alive) {
        return alive + "@localhost";
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }
}

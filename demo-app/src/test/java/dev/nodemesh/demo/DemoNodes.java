package dev.nodemesh.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the demo as chip or dale the way the README does, but on loopback: random HTTP ports,
 * {@code @localhost} names, a private EPMD port and a test cookie.
 */
final class DemoNodes {

    static final String COOKIE = "nodemesh-demo-test";

    private final int epmdPort = freePort();

    int epmdPort() {
        return epmdPort;
    }

    ConfigurableApplicationContext start(String profile) {
        return new SpringApplicationBuilder(DemoApplication.class)
                .profiles(profile)
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--nodemesh.node.name=" + profile + "@localhost",
                        "--nodemesh.node.cookie=" + COOKIE,
                        "--nodemesh.listen.address=127.0.0.1",
                        "--nodemesh.epmd.port=" + epmdPort);
    }

    static DemoClient client(ConfigurableApplicationContext context) {
        return new DemoClient(
                ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

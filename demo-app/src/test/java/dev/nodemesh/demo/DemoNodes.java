package dev.nodemesh.demo;

import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.TestPorts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the demo as chip or dale the way the README does, but with random HTTP ports (on the
 * demo's own default address, loopback), {@code @localhost} names, a private EPMD port and a test
 * cookie.
 */
final class DemoNodes implements AutoCloseable {

    static final String COOKIE = "nodemesh-demo-test";

    private final int epmdPort = TestPorts.freePort();

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    int epmdPort() {
        return epmdPort;
    }

    ConfigurableApplicationContext start(String profile, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--nodemesh.node.name=" + profile + "@localhost",
                "--nodemesh.node.cookie=" + COOKIE,
                "--nodemesh.listen.address=127.0.0.1",
                "--nodemesh.epmd.port=" + epmdPort));
        args.addAll(List.of(extra));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DemoApplication.class)
                .profiles(profile)
                .run(args.toArray(String[]::new));
        started.push(context);
        return context;
    }

    /** Starts a real iex node with the demo's cookie and EPMD port; closed with the demo nodes. */
    BeamNode iex(String name) {
        BeamNode iex = BeamNode.elixir(name, COOKIE, epmdPort);
        started.push(iex);
        return iex;
    }

    /** Stops every node started here, the last started first. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static DemoClient client(ConfigurableApplicationContext context) {
        return new DemoClient(
                ((WebServerApplicationContext) context).getWebServer().getPort());
    }
}

package dev.nodemesh.autoconfigure;

import dev.nodemesh.testsupport.TestPorts;
import java.util.ArrayList;
import java.util.List;

/**
 * Properties for a node in a test: an {@code @localhost} name, loopback only, any free port, a
 * private EPMD port shared by the nodes of one test (the first hosts the embedded EPMD, nothing
 * touches the host's 4369) and an explicit cookie.
 */
final class TestNodeProperties {

    static final String COOKIE = "nodemesh-test-cookie";

    private final int epmdPort = freePort();

    int epmdPort() {
        return epmdPort;
    }

    /** The properties of a node named {@code alive@localhost}, followed by the extra ones. */
    String[] node(String alive, String... extra) {
        List<String> properties = new ArrayList<>(List.of(
                "nodemesh.node.name=" + alive + "@localhost",
                "nodemesh.node.cookie=" + COOKIE,
                "nodemesh.listen.address=127.0.0.1",
                "nodemesh.listen.port=0",
                "nodemesh.epmd.port=" + epmdPort,
                "nodemesh.distribution.handshake-timeout=5s",
                "nodemesh.distribution.event-loop-threads=1"));
        properties.addAll(List.of(extra));
        return properties.toArray(String[]::new);
    }

    static String full(String alive) {
        return alive + "@localhost";
    }

    static int freePort() {
        return TestPorts.freePort();
    }
}

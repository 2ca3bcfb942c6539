package dev.nodemesh.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.Node;
import dev.nodemesh.NodeName;
import dev.nodemesh.term.Atom;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** What the demo's REST API refuses to do: be a remote shell, dial strangers, or fill its memory. */
@Interop
class DemoLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final DemoNodes nodes = new DemoNodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    /** 127.0.0.2 is loopback too, but a server bound to 127.0.0.1 alone does not answer there. */
    @Test
    void httpListensOnLoopbackOnlyByDefault() throws IOException {
        ConfigurableApplicationContext chip = nodes.start("chip");
        int port = ((WebServerApplicationContext) chip).getWebServer().getPort();

        assertThat(DemoNodes.client(chip).get("/nodes")).isEqualTo("[]");
        try (Socket socket = new Socket()) {
            assertThatExceptionOfType(ConnectException.class)
                    .isThrownBy(() ->
                            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), port), 5_000));
        }
    }

    @Test
    void sendsGoOnlyToTheDemosOwnNames() {
        ConfigurableApplicationContext dale = nodes.start("dale");
        ConfigurableApplicationContext chip = nodes.start("chip");
        DemoClient atDale = DemoNodes.client(dale);

        for (String name : new String[] {"rex", "net_kernel", "global_name_server", "init", "code_server"}) {
            var refused = atDale.postTextResponse(
                    "/send/chip@localhost/" + name, "{:\"$gen_cast\", {:cast, :os, :cmd, [~c\"id\"], :user}}");
            assertThat(refused.statusCode()).as(name).isEqualTo(403);
            assertThat(refused.body()).contains("demo.send-names");
        }
        // a send connects first: no connection means nothing was sent
        assertThat(dale.getBean(Node.class).nodes()).isEmpty();

        assertThat(atDale.postTextResponse("/send/chip@localhost/echo", ":ping").statusCode())
                .isEqualTo(200);
        assertThat(atDale.postTextResponse("/send/chip@localhost/my_iex", ":hi").statusCode())
                .isEqualTo(200);
        await().atMost(WAIT).until(() -> chip.getBean(Inbox.class).size() == 1);
    }

    /** The attack: a cast to rex ran os:cmd on the connected iex. */
    @Test
    void aCastToRexNeverReachesARealIex() {
        ErlangRuntime.requireElixir();
        ConfigurableApplicationContext chip = nodes.start("chip");
        BeamNode iex = nodes.iex("dale@localhost");
        DemoClient atChip = DemoNodes.client(chip);

        var refused = atChip.postTextResponse(
                "/send/dale@localhost/rex", "{:\"$gen_cast\", {:cast, :os, :cmd, [~c\"id\"], :user}}");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(iex.eval("Node.list(:hidden)")).isEqualTo("[]");
        assertThat(chip.getBean(Node.class).nodes()).isEmpty();
    }

    @Test
    void connectsOnlyToNodesOnThisHost() {
        ConfigurableApplicationContext chip = nodes.start("chip");
        DemoClient atChip = DemoNodes.client(chip);
        Node chipNode = chip.getBean(Node.class);

        for (String path : new String[] {"/connect/eve@attacker.example", "/monitor/eve@attacker.example/my_iex"}) {
            var refused = atChip.postTextResponse(path, "");
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.body()).contains("demo.connect-hosts");
        }
        assertThat(atChip.postTextResponse("/send/eve@attacker.example/my_iex", ":hi")
                        .statusCode())
                .isEqualTo(403);
        // an attempt leaves a connection or a failure behind; a refusal leaves neither
        assertThat(chipNode.connectFailure(NodeName.parse("eve@attacker.example")))
                .isEmpty();
        assertThat(atChip.post("/connect/ghost@localhost")).isEqualTo("false");
        assertThat(chipNode.connectFailure(NodeName.parse("ghost@localhost"))).isPresent();
    }

    @Test
    void theInboxKeepsAtMostItsCapacityAndFlushesInPages() {
        ConfigurableApplicationContext chip = nodes.start("chip", "--demo.inbox-capacity=5");
        ConfigurableApplicationContext dale = nodes.start("dale");
        DemoClient atChip = DemoNodes.client(chip);
        Node daleNode = dale.getBean(Node.class);

        for (int i = 0; i < 8; i++) {
            daleNode.send("my_iex", "chip@localhost", Atom.of("m" + i));
        }
        await().atMost(WAIT)
                .until(() -> atChip.get("/inbox").equals("{\"dropped\":3,\"waiting\":5}")
                        || atChip.get("/inbox").equals("{\"waiting\":5,\"dropped\":3}"));

        assertThat(atChip.get("/flush?limit=2")).isEqualTo("[\":m0\",\":m1\"]");
        assertThat(atChip.get("/flush")).isEqualTo("[\":m2\",\":m3\",\":m4\"]");
        assertThat(atChip.get("/flush")).isEqualTo("[]");
        daleNode.send("my_iex", "chip@localhost", Atom.of("again"));
        await().atMost(WAIT).until(() -> chip.getBean(Inbox.class).size() == 1);

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> atChip.get("/flush?limit=0"))
                .withMessageStartingWith("400");
        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> atChip.get("/flush?limit=1001"))
                .withMessageStartingWith("400");
    }

    @Test
    void aTermLongerThan64KbIsRefused() {
        ConfigurableApplicationContext chip = nodes.start("chip");
        DemoClient atChip = DemoNodes.client(chip);

        var tooLong = atChip.postTextResponse("/send/chip@localhost/my_iex", "\"" + "a".repeat(70_000) + "\"");

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("longer than 65536 bytes");
        assertThat(chip.getBean(Inbox.class).size()).isZero();
    }
}

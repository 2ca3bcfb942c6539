package dev.nodemesh.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.Node;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The README walkthrough, through the demo's REST API: chip and dale, then chip and a real iex. */
@Interop
class DemoWalkthroughTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final DemoNodes nodes = new DemoNodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void chipAndDaleReplayTheSeedChapter() {
        ConfigurableApplicationContext dale = nodes.start("dale");
        ConfigurableApplicationContext chip = nodes.start("chip");
        DemoClient atDale = DemoNodes.client(dale);
        DemoClient atChip = DemoNodes.client(chip);

        assertThat(atDale.post("/connect/chip@localhost")).isEqualTo("true");
        assertThat(atDale.get("/nodes")).isEqualTo("[\"chip@localhost\"]");
        await().atMost(WAIT).until(() -> atChip.get("/nodes").equals("[\"dale@localhost\"]"));

        atDale.postText("/send/chip@localhost/my_iex", ":hello_from_dale");
        await().atMost(WAIT).until(() -> chip.getBean(Inbox.class).size() == 1);
        assertThat(atChip.get("/flush")).isEqualTo("[\":hello_from_dale\"]");
        assertThat(atChip.get("/flush")).isEqualTo("[]");

        assertThat(atDale.post("/disconnect/chip@localhost")).isEqualTo("true");
        assertThat(atDale.get("/nodes")).isEqualTo("[]");
        await().atMost(WAIT).until(() -> atChip.get("/nodes").equals("[]"));

        atDale.postText("/send/chip@localhost/my_iex", "{:hi, \"there\", 42}");
        await().atMost(WAIT).until(() -> chip.getBean(Inbox.class).size() == 1);
        assertThat(atChip.get("/flush")).isEqualTo("[\"{:hi, \\\"there\\\", 42}\"]");
        assertThat(atDale.get("/nodes")).isEqualTo("[\"chip@localhost\"]");

        assertThat(atDale.postTextResponse("/send/chip@localhost/my_iex", "{:bad")
                        .statusCode())
                .isEqualTo(400);

        String ref = atDale.post("/monitor/chip@localhost/my_iex");
        assertThat(ref).startsWith("#Reference<");
        // The monitor request may still be on its way when the POST returns (a reader of the README
        // takes seconds to type the next command): a message sent after it on the same connection
        // reaches chip after the monitor is in place, so once it is there, closing chip cannot
        // overtake the monitor (which would then be answered with noproc).
        atDale.postText("/send/chip@localhost/my_iex", ":after_the_monitor");
        await().atMost(WAIT).until(() -> chip.getBean(Inbox.class).size() == 1);
        assertThat(atChip.get("/flush")).isEqualTo("[\":after_the_monitor\"]");
        // chip's node closes, its web server still up: gracefully, so the monitor sees shutdown
        // (the README's kill -9 gives noconnection)
        chip.getBean(Node.class).close();

        await().atMost(WAIT).until(() -> dale.getBean(Inbox.class).size() == 1);
        assertThat(atDale.get("/flush"))
                .isEqualTo("[\"{:DOWN, " + ref + ", :process, {:my_iex, :chip@localhost}, :shutdown}\"]");
    }

    @Test
    void aRealIexTakesDalesPlace() {
        ErlangRuntime.requireElixir();
        ConfigurableApplicationContext chip = nodes.start("chip");
        DemoClient atChip = DemoNodes.client(chip);
        BeamNode iex = nodes.iex("dale@localhost");

        assertThat(iex.eval("Node.connect(:\"chip@localhost\")")).isEqualTo("true");
        assertThat(iex.eval("Node.list(:hidden)")).isEqualTo("[:chip@localhost]");
        assertThat(atChip.get("/nodes")).isEqualTo("[\"dale@localhost\"]");

        iex.eval("send({:my_iex, :\"chip@localhost\"}, :hello_from_dale)");
        await().atMost(WAIT).until(() -> chip.getBean(Inbox.class).size() == 1);
        assertThat(atChip.get("/flush")).isEqualTo("[\":hello_from_dale\"]");

        assertThat(iex.eval("GenServer.call({:echo, :\"chip@localhost\"}, {:ping, 1})"))
                .isEqualTo("{:ping, 1}");
        iex.eval("send({:echo, :\"chip@localhost\"}, {self(), :echo_me})");
        assertThat(iex.eval("receive do m -> m after 10_000 -> :timeout end")).isEqualTo(":echo_me");

        iex.eval("Process.register(self(), :my_iex)");
        atChip.postText("/send/dale@localhost/my_iex", ":hello_from_chip");
        assertThat(iex.eval("receive do m -> m after 10_000 -> :timeout end")).isEqualTo(":hello_from_chip");

        iex.eval("ref = Process.monitor({:my_iex, :\"chip@localhost\"})");
        await().atMost(WAIT).until(() -> chip.getBean(Node.class).nodes().size() == 1);
        // as above: a message after the monitor, on the same connection, proves the monitor arrived
        atChip.get("/flush");
        iex.eval("send({:my_iex, :\"chip@localhost\"}, :after_the_monitor)");
        await().atMost(WAIT).until(() -> chip.getBean(Inbox.class).size() == 1);
        assertThat(atChip.get("/flush")).isEqualTo("[\":after_the_monitor\"]");
        chip.getBean(Node.class).close();
        assertThat(iex.eval("receive do {:DOWN, ^ref, :process, obj, r} -> {:DOWN, :ref, :process, obj, r}"
                        + " after 10_000 -> :timeout end"))
                .isEqualTo("{:DOWN, :ref, :process, {:my_iex, :chip@localhost}, :shutdown}");
    }
}

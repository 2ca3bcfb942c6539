package dev.nodemesh.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The {@code :chat} group of the README: chip, dale and a real iex join it and talk over it. */
@Interop
class DemoChatTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final DemoNodes nodes = new DemoNodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void chipDaleAndIexShareTheChatGroup() {
        ErlangRuntime.requireElixir();
        ConfigurableApplicationContext chip = nodes.start("chip", "--nodemesh.node.visible=true");
        ConfigurableApplicationContext dale = nodes.start("dale", "--nodemesh.node.visible=true");
        DemoClient atChip = DemoNodes.client(chip);
        DemoClient atDale = DemoNodes.client(dale);
        BeamNode iex = nodes.iex("iex@localhost");
        iex.eval("{:ok, _} = :pg.start(:pg)");
        assertThat(iex.eval(":pg.join(:chat, self())")).isEqualTo(":ok");

        assertThat(atDale.post("/connect/chip@localhost")).isEqualTo("true");
        assertThat(iex.eval("Node.connect(:\"chip@localhost\")")).isEqualTo("true");
        assertThat(iex.eval("Node.connect(:\"dale@localhost\")")).isEqualTo("true");
        await().atMost(WAIT).until(() -> atChip.get("/chat/members").split("PID").length == 4);
        assertThat(atChip.get("/chat/members"))
                .contains("\"chip@localhost\":[", "\"dale@localhost\":[", "\"iex@localhost\":[");
        await().atMost(WAIT)
                .until(() -> iex.eval(":pg.get_members(:chat) |> length").equals("3"));

        assertThat(atDale.postText("/chat", "hello from dale")).isEqualTo("3");
        assertThat(iex.eval("receive do m -> m after 5000 -> :timeout end"))
                .isEqualTo("{:chat, :dale@localhost, \"hello from dale\"}");
        iex.eval("for p <- :pg.get_members(:chat), p != self(), do: send(p, {:chat, node(), \"hi from iex\"})");

        String expected = "[\"{:chat, :dale@localhost, \\\"hello from dale\\\"}\","
                + "\"{:chat, :iex@localhost, \\\"hi from iex\\\"}\"]";
        await().atMost(WAIT).until(() -> atChip.get("/chat").equals(expected));
        await().atMost(WAIT).until(() -> atDale.get("/chat").equals(expected));
    }

    @Test
    void aLineTooLongIsRefused() {
        ConfigurableApplicationContext chip = nodes.start("chip");
        DemoClient atChip = DemoNodes.client(chip);

        assertThat(atChip.postTextResponse("/chat", "x".repeat(ChatController.MAX_LINE_BYTES + 1))
                        .statusCode())
                .isEqualTo(400);
        assertThat(atChip.get("/chat")).isEqualTo("[]");
    }
}

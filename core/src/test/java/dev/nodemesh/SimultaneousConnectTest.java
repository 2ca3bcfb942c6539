package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Int;
import dev.nodemesh.testsupport.Slow;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Two nodes dialling each other at once end with exactly one working connection. */
@Slow
class SimultaneousConnectTest {

    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @RepeatedTest(10)
    void bothSidesConnectingAtOnceGiveOneConnection() throws Exception {
        Node a = nodes.start("a");
        Node b = nodes.start("b");
        Mailbox inA = a.createMailbox("in");
        Mailbox inB = b.createMailbox("in");

        CompletableFuture<Boolean> fromA = CompletableFuture.supplyAsync(() -> a.connect("b@localhost"));
        CompletableFuture<Boolean> fromB = CompletableFuture.supplyAsync(() -> b.connect("a@localhost"));

        assertThat(fromA.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(fromB.get(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> a.nodes().size() == 1 && b.nodes().size() == 1);
        inA.send("in", "b@localhost", Int.of(1));
        inB.send("in", "a@localhost", Int.of(2));
        assertThat(inB.receive(Duration.ofSeconds(5))).contains(Int.of(1));
        assertThat(inA.receive(Duration.ofSeconds(5))).contains(Int.of(2));
    }

    @Test
    void aSecondNodeWithATakenNameFailsToStartWithAClearError() {
        nodes.start("chip");

        Assertions.assertThatThrownBy(() -> Node.start(nodes.config("chip").build()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("chip")
                .hasMessageContaining("already registered");
    }
}

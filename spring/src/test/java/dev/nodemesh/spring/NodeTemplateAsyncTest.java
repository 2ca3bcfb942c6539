package dev.nodemesh.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.CallException;
import dev.nodemesh.CallTimeoutException;
import dev.nodemesh.Cookie;
import dev.nodemesh.Mailbox;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.mapping.TermMapper;
import dev.nodemesh.testsupport.Slow;
import dev.nodemesh.testsupport.TestPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NodeTemplate#callAsync} and handlers that return futures, between two real nodes whose
 * server node has a single dispatch thread: a handler that held it while waiting would stall
 * every other process.
 */
@Slow
class NodeTemplateAsyncTest {

    /** Answers {@code "later"} only when {@link #release} completes, and {@code "now"} at once. */
    @NodeProcess("slowpoke")
    static class Slowpoke {
        final CompletableFuture<String> release = new CompletableFuture<>();

        @OnMessage
        CompletionStage<String> answer(String request) {
            return request.equals("later")
                    ? release.thenApply(v -> "released " + v)
                    : CompletableFuture.completedFuture("now");
        }

        @OnMessage
        CompletableFuture<Void> nothing(Atom request) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Forwards a request to the slowpoke on the other node asynchronously and returns the future. */
    @NodeProcess("relay")
    static class Relay {
        NodeTemplate template;

        @OnMessage
        CompletableFuture<String> relay(Long number) {
            return template.callAsync("slowpoke", "chip@localhost", "now", String.class)
                    .thenApply(reply -> reply + " " + number);
        }
    }

    private Node chip;
    private Node dale;
    private Slowpoke slowpoke;
    private Relay relay;
    private NodeProcessRegistrar chipProcesses;
    private NodeProcessRegistrar daleProcesses;
    private NodeTemplate template;

    @BeforeEach
    void start() throws IOException {
        int epmdPort = TestPorts.freePort();
        chip = Node.start(config("chip", epmdPort));
        dale = Node.start(config("dale", epmdPort));
        slowpoke = new Slowpoke();
        chipProcesses = new NodeProcessRegistrar(() -> chip, TermMapper::standard, 0);
        chipProcesses.postProcessAfterInitialization(slowpoke, "slowpoke");
        chipProcesses.start();
        relay = new Relay();
        relay.template = new NodeTemplate(dale, TermMapper.standard(), Duration.ofSeconds(5), d -> {});
        daleProcesses = new NodeProcessRegistrar(() -> dale, TermMapper::standard, 0);
        daleProcesses.postProcessAfterInitialization(relay, "relay");
        daleProcesses.start();
        template = new NodeTemplate(dale, TermMapper.standard(), Duration.ofSeconds(5), d -> {});
    }

    @AfterEach
    void stop() {
        slowpoke.release.complete("at the end");
        daleProcesses.stop();
        chipProcesses.stop();
        dale.close();
        chip.close();
    }

    @Test
    void anAsyncCallCompletesWithTheMappedReply() throws Exception {
        CompletableFuture<String> reply = template.callAsync("slowpoke", "chip@localhost", "now", String.class);

        assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("now");
    }

    @Test
    void aHandlerFutureRepliesWhenItCompletesAndTheProcessAnswersOthersMeanwhile() throws Exception {
        CompletableFuture<String> later = template.callAsync("slowpoke", "chip@localhost", "later", String.class);

        // chip has one dispatch thread: the pending reply holds neither it nor the process
        assertThat(template.call("slowpoke", "chip@localhost", "now", String.class))
                .isEqualTo("now");
        assertThat(later).isNotDone();

        slowpoke.release.complete("by the test");
        assertThat(later.get(5, TimeUnit.SECONDS)).isEqualTo("released by the test");
    }

    @Test
    void aFutureOfVoidRepliesOk() {
        assertThat(template.call("slowpoke", "chip@localhost", Atom.of("ping"), Term.class))
                .isEqualTo(Atom.OK);
    }

    @Test
    void aHandlerMayChainAnAsyncCallToAnotherProcess() {
        assertThat(template.call("relay", "dale@localhost", 7L, String.class)).isEqualTo("now 7");
    }

    @Test
    void anAsyncCallToAMissingProcessFailsWithNoproc() {
        CompletableFuture<String> reply = template.callAsync("nobody", "chip@localhost", "x", String.class);

        assertThatThrownBy(() -> reply.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        CallException.class, e -> assertThat(e.reason()).isEqualTo(Atom.of("noproc")));
    }

    @Test
    void anAsyncCallWithoutAReplyTimesOut() throws Exception {
        try (Mailbox silent = chip.createMailbox("silent")) {
            CompletableFuture<Term> reply =
                    template.callAsync("silent", "chip@localhost", "x", Term.class, Duration.ofMillis(200));

            assertThatThrownBy(() -> reply.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(CallTimeoutException.class);
            assertThat(silent.receive(Duration.ofSeconds(5))).isPresent(); // the request did arrive
        }
    }

    private static NodeConfig config(String alive, int epmdPort) {
        return NodeConfig.builder(alive + "@localhost")
                .cookie(Cookie.of("spring-test-cookie"))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(epmdPort)
                .eventLoopThreads(1)
                .dispatchThreads(1)
                .build();
    }
}

package dev.nodemesh.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.CallException;
import dev.nodemesh.Cookie;
import dev.nodemesh.Down;
import dev.nodemesh.Mailbox;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermSyntax;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.term.mapping.Result;
import dev.nodemesh.term.mapping.TermMapper;
import dev.nodemesh.term.mapping.TermMappingException;
import dev.nodemesh.term.mapping.TermType;
import dev.nodemesh.testsupport.Slow;
import dev.nodemesh.testsupport.TestPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NodeProcess} beans served between two real nodes, without a Spring context, and {@link
 * NodeTemplate} calling them (generic reply types too).
 */
@Slow
class NodeProcessHandlerTest {

    record Greet(String name) {}

    record Unmappable(long unmappable) {}

    @NodeProcess("greeter")
    static class Greeter {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @OnMessage
        public String greet(Greet greet, Pid caller) {
            seen.add("greet " + greet.name() + (caller == null ? "" : " from a caller"));
            return "Hello, " + greet.name() + "!";
        }

        @OnMessage
        public void note(String text) {
            seen.add("note " + text);
        }

        @OnMessage
        public long count(Atom atom) {
            if (atom.name().equals("boom")) {
                throw new IllegalStateException("boom requested");
            }
            seen.add("atom " + atom.name());
            return 42;
        }

        @OnMessage
        public Object unmappable(Unmappable request) {
            return new Object(); // no rule maps a plain Object to a term
        }

        @OnMessage
        public void down(Down down) {
            seen.add("down " + down.reason());
        }

        @OnMessage
        void anything(Term other) {
            seen.add("term " + other);
        }
    }

    record Greeting(String text, int count) {}

    @NodeProcess("replies")
    static class Replies {

        /** Answers each request atom with the term it names. */
        @OnMessage
        public Term reply(Atom request) {
            return TermSyntax.ELIXIR.parse(
                    switch (request.name()) {
                        case "list" -> "[%{text: \"hi\", count: 1}, [text: \"ho\", count: 2]]";
                        case "map" -> "%{name: \"Ada\", tags: [:a]}";
                        case "ok" -> "{:ok, %{text: \"hi\", count: 3}}";
                        case "error" -> "{:error, :not_found}";
                        default -> "{:bad, 1}";
                    });
        }
    }

    private Node chip;
    private Node dale;
    private Greeter greeter;
    private NodeProcessRegistrar registrar;
    private NodeTemplate template;

    @BeforeEach
    void start() throws IOException {
        int epmdPort = TestPorts.freePort();
        chip = Node.start(config("chip", epmdPort));
        dale = Node.start(config("dale", epmdPort));
        greeter = new Greeter();
        registrar = new NodeProcessRegistrar(() -> chip, TermMapper::standard, 0);
        registrar.postProcessAfterInitialization(greeter, "greeter");
        registrar.postProcessAfterInitialization(new Replies(), "replies");
        registrar.start();
        template = new NodeTemplate(dale, TermMapper.standard(), Duration.ofSeconds(5), d -> {});
    }

    @AfterEach
    void stop() {
        registrar.stop();
        dale.close();
        chip.close();
    }

    @Test
    void aCallIsAnsweredByTheMethodTheRequestFits() {
        assertThat(template.call("greeter", "chip@localhost", new Greet("dale"), String.class))
                .isEqualTo("Hello, dale!");
        assertThat(template.call("greeter", "chip@localhost", Atom.of("hi"), Long.class))
                .isEqualTo(42L);
        assertThat(greeter.seen).containsExactly("greet dale from a caller", "atom hi");
    }

    @Test
    void sendsAndCastsReachVoidMethodsInOrder() {
        template.send("greeter", "chip@localhost", "first");
        template.cast("greeter", "chip@localhost", "second");
        template.send("greeter", "chip@localhost", Tuple.of(Int.of(1), Int.of(2)));
        assertThat(template.call("greeter", "chip@localhost", "third", Term.class))
                .isEqualTo(Atom.OK);

        assertThat(greeter.seen).containsExactly("note first", "note second", "term {1, 2}", "note third");
    }

    @Test
    void aThrowingMethodAnswersTheCallerWithAnErrorAndKeepsRunning() {
        Term reply = template.call("greeter", "chip@localhost", Atom.of("boom"), Term.class);

        assertThat(reply).isInstanceOf(Tuple.class);
        assertThat(((Tuple) reply).get(0)).isEqualTo(Atom.ERROR);
        assertThat(reply).isEqualTo(Tuple.of(Atom.ERROR, dev.nodemesh.term.Binary.of("boom requested")));
        assertThat(template.call("greeter", "chip@localhost", new Greet("again"), String.class))
                .isEqualTo("Hello, again!");
    }

    @Test
    void anUnmappableReturnValueRepliesAnErrorAndTheProcessKeepsRunning() {
        Pid before = chip.whereis("greeter").orElseThrow();

        Term reply = template.call("greeter", "chip@localhost", new Unmappable(1), Term.class);

        assertThat(reply).isInstanceOf(Tuple.class);
        assertThat(((Tuple) reply).get(0)).isEqualTo(Atom.ERROR);
        assertThat(reply.toString()).doesNotContain("Exception");
        assertThat(template.call("greeter", "chip@localhost", new Greet("again"), String.class))
                .isEqualTo("Hello, again!");
        assertThat(chip.whereis("greeter")).contains(before);
        assertThat(registrar.failedMessages("greeter")).isEqualTo(1);
    }

    @Test
    void aDownParameterTakesDownMessages() throws Exception {
        Mailbox watcher = dale.createMailbox();
        watcher.monitor("nobody", "chip@localhost");
        Term down = watcher.receive(Duration.ofSeconds(5)).orElseThrow();
        assertThat(Down.of(down)).isPresent();

        template.send("greeter", "chip@localhost", down);
        template.send(
                "greeter", "chip@localhost", Tuple.of(Atom.of("DOWN"), Atom.of("not"), Atom.of("a"), Atom.of("down")));
        template.call("greeter", "chip@localhost", "sync", Term.class);

        assertThat(greeter.seen).containsExactly("down :noproc", "term {:DOWN, :not, :a, :down}", "note sync");
    }

    @Test
    void aCallToAProcessThatIsNotThereFailsFast() {
        assertThatThrownBy(() -> template.call("nobody", "chip@localhost", "x", Term.class))
                .isInstanceOf(CallException.class);
    }

    @Test
    void aBeanWithoutHandlerMethodsIsAClearError() {
        @NodeProcess("empty")
        class Empty {}
        NodeProcessRegistrar other = new NodeProcessRegistrar(() -> chip, TermMapper::standard, 0);
        other.postProcessAfterInitialization(new Empty(), "empty");

        assertThatThrownBy(other::start).hasMessageContaining("has no @OnMessage method");
    }

    @Test
    void stoppingClosesTheProcesses() throws Exception {
        Mailbox watcher = dale.createMailbox();
        watcher.monitor("greeter", "chip@localhost");
        template.call("greeter", "chip@localhost", "sync", Term.class);

        registrar.stop();

        Tuple down = (Tuple) watcher.receive(Duration.ofSeconds(5)).orElseThrow();
        assertThat(down.get(4)).isEqualTo(Atom.of("shutdown"));
    }

    // ---- NodeTemplate.call with generic reply types

    @Test
    void aListOfRecords() {
        List<Greeting> greetings =
                template.call("replies", "chip@localhost", Atom.of("list"), new TermType<List<Greeting>>() {});
        assertThat(greetings).containsExactly(new Greeting("hi", 1), new Greeting("ho", 2));
    }

    @Test
    void aMapWithStringKeys() {
        Map<String, Object> map = template.call(
                "replies",
                "chip@localhost",
                Atom.of("map"),
                new TermType<Map<String, Object>>() {},
                Duration.ofSeconds(5));
        assertThat(map).containsEntry("name", "Ada").containsEntry("tags", List.of(Atom.of("a")));
    }

    @Test
    void aResult() {
        TermType<Result<Greeting, String>> type = new TermType<>() {};
        assertThat(template.call("replies", "chip@localhost", Atom.of("ok"), type))
                .isEqualTo(Result.ok(new Greeting("hi", 3)));
        assertThat(template.call("replies", "chip@localhost", Atom.of("error"), type))
                .isEqualTo(Result.error("not_found"));
    }

    @Test
    void byPid() {
        var pid = chip.whereis("replies").orElseThrow();
        assertThat(template.call(pid, Atom.of("list"), new TermType<List<Greeting>>() {}, Duration.ofSeconds(5)))
                .hasSize(2);
    }

    @Test
    void aReplyThatDoesNotFitIsAMappingError() {
        assertThatThrownBy(() -> template.call(
                        "replies", "chip@localhost", Atom.of("other"), new TermType<Result<Greeting, String>>() {}))
                .isInstanceOf(TermMappingException.class)
                .hasMessage("expected one of {:ok, value} | {:error, reason}, got {:bad, 1}");
    }

    private static NodeConfig config(String alive, int epmdPort) {
        return NodeConfig.builder(alive + "@localhost")
                .cookie(Cookie.of("spring-test-cookie"))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(epmdPort)
                .eventLoopThreads(1)
                .build();
    }
}

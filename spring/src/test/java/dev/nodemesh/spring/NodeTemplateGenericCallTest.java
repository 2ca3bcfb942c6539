package dev.nodemesh.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.Cookie;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermSyntax;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link NodeTemplate#call} with generic reply types, between two real nodes. */
@Slow
class NodeTemplateGenericCallTest {

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
    private NodeProcessRegistrar registrar;
    private NodeTemplate template;

    @BeforeEach
    void start() throws IOException {
        int epmdPort = TestPorts.freePort();
        chip = Node.start(config("chip", epmdPort));
        dale = Node.start(config("dale", epmdPort));
        registrar = new NodeProcessRegistrar(() -> chip, TermMapper::standard, 0);
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

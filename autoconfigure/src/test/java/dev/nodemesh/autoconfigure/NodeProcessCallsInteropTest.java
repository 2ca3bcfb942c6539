package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.Node;
import dev.nodemesh.spring.MessageKind;
import dev.nodemesh.spring.NodeProcess;
import dev.nodemesh.spring.NodeProcessErrorHandler;
import dev.nodemesh.spring.NodeProcessException;
import dev.nodemesh.spring.NodeProcessRegistrar;
import dev.nodemesh.spring.OnMessage;
import dev.nodemesh.spring.ProcessStopException;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@code @NodeProcess} called, cast to and sent to from a real iex: the kind of each message,
 * the neutral error replies and the error hook, a handler that stops the process as a gen_server
 * returning {@code {:stop, reason, state}}, a placeholder name and the rule for {@code nil}.
 */
@Interop
class NodeProcessCallsInteropTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    @NodeProcess("${app.process-name}")
    static class Kinds {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @OnMessage
        public String text(String text, MessageKind kind) {
            seen.add(kind + " " + text);
            return "got " + text;
        }

        @OnMessage
        public Term anyTerm(Term term, MessageKind kind) {
            seen.add(kind + " term " + term);
            return Atom.of("term");
        }

        @OnMessage
        public String fail(Long number) {
            if (number == 1) {
                throw new IllegalStateException("boom");
            }
            if (number == 2) {
                throw new NodeProcessException(Atom.of("not_allowed"));
            }
            throw new ProcessStopException(Atom.of("too_bad"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class KindsConfiguration {
        @Bean
        Kinds kinds() {
            return new Kinds();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnErrorHandlerConfiguration {
        @Bean
        NodeProcessErrorHandler ownErrorHandler() {
            return failure -> Tuple.of(Atom.ERROR, Tuple.of(Atom.of(failure.process()), Binary.of("sorry")));
        }
    }

    private final TestNodeProperties nodes = new TestNodeProperties();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(NodemeshAutoConfiguration.class))
            .withUserConfiguration(KindsConfiguration.class);
    private BeamNode iex;

    @AfterEach
    void stop() {
        if (iex != null) {
            iex.close();
        }
    }

    private static String call(String request) {
        return "GenServer.call({:kinds, :\"chip@localhost\"}, " + request + ")";
    }

    private static String exitReason(String request) {
        return "try do " + call(request) + " catch :exit, {reason, _} -> {:exit, reason} end";
    }

    @Test
    void callsCastsAndSendsAreToldApartAndCastsGetNoReply() {
        ErlangRuntime.requireElixir();
        runner.withPropertyValues(nodes.node("chip", "app.process-name=kinds")).run(context -> {
            Kinds kinds = context.getBean(Kinds.class);
            assertThat(context.getBean(Node.class).whereis("kinds")).isPresent();
            iex = BeamNode.elixir("dale@localhost", TestNodeProperties.COOKIE, nodes.epmdPort());

            iex.eval("GenServer.cast({:kinds, :\"chip@localhost\"}, \"a cast\")");
            iex.eval("send({:kinds, :\"chip@localhost\"}, \"a send\")");
            assertThat(iex.eval(call("\"a call\""))).isEqualTo("\"got a call\"");
            // nil is not an absent String: the Term method takes it
            assertThat(iex.eval(call("nil"))).isEqualTo(":term");

            assertThat(kinds.seen).containsExactly("CAST a cast", "INFO a send", "CALL a call", "CALL term nil");
            // the shell got the two replies of its calls and nothing for the cast or the send
            assertThat(iex.eval("Process.info(self(), :message_queue_len)")).isEqualTo("{:message_queue_len, 0}");
        });
    }

    @Test
    void aThrowingMethodRepliesANeutralErrorAndAStopEndsTheCallersCall() {
        ErlangRuntime.requireElixir();
        runner.withPropertyValues(nodes.node("chip", "app.process-name=kinds", "nodemesh.process.restart-backoff=10ms"))
                .run(context -> {
                    iex = BeamNode.elixir("dale@localhost", TestNodeProperties.COOKIE, nodes.epmdPort());

                    assertThat(iex.eval(call("1"))).isEqualTo("{:error, \"boom\"}");
                    assertThat(iex.eval(call("2"))).isEqualTo("{:error, :not_allowed}");
                    assertThat(iex.eval(exitReason("3"))).isEqualTo("{:exit, :too_bad}");

                    NodeProcessRegistrar registrar = context.getBean(NodeProcessRegistrar.class);
                    await().atMost(SOON)
                            .until(() -> registrar.status("kinds").orElseThrow().restarts() == 1);
                    assertThat(registrar.status("kinds").orElseThrow().lastExitReason())
                            .contains(":too_bad");
                    assertThat(iex.eval(call("\"again\""))).isEqualTo("\"got again\"");
                });
    }

    @Test
    void theExceptionClassIsIncludedOnlyWhenAskedFor() {
        ErlangRuntime.requireElixir();
        runner.withPropertyValues(
                        nodes.node("chip", "app.process-name=kinds", "nodemesh.process.include-exception-class=true"))
                .run(context -> {
                    iex = BeamNode.elixir("dale@localhost", TestNodeProperties.COOKIE, nodes.epmdPort());

                    assertThat(iex.eval(call("1"))).isEqualTo("{:error, \"java.lang.IllegalStateException: boom\"}");
                });
    }

    @Test
    void anErrorHandlerBeanDecidesTheReply() {
        ErlangRuntime.requireElixir();
        runner.withUserConfiguration(OwnErrorHandlerConfiguration.class)
                .withPropertyValues(nodes.node("chip", "app.process-name=kinds"))
                .run(context -> {
                    iex = BeamNode.elixir("dale@localhost", TestNodeProperties.COOKIE, nodes.epmdPort());

                    assertThat(iex.eval(call("1"))).isEqualTo("{:error, {:kinds, \"sorry\"}}");
                });
    }
}

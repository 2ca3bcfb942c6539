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
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.term.mapping.TermMapper;
import dev.nodemesh.testsupport.Slow;
import dev.nodemesh.testsupport.TestPorts;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The observations of {@link NodeTemplate} calls and {@link NodeProcess} handlers, in a {@link TestObservationRegistry}. */
@Slow
class NodeObservationsTest {

    @NodeProcess("greeter")
    static class Greeter {
        @OnMessage
        public String greet(String name) {
            if (name.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            return "Hello, " + name + "!";
        }
    }

    private final TestObservationRegistry observations = TestObservationRegistry.create();
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
        registrar.setObservationRegistry(() -> observations);
        registrar.postProcessAfterInitialization(new Greeter(), "greeter");
        registrar.start();
        template = new NodeTemplate(dale, TermMapper.standard(), Duration.ofSeconds(5), d -> {}, observations);
    }

    @AfterEach
    void stop() {
        registrar.stop();
        dale.close();
        chip.close();
    }

    @Test
    void callsAreObservedByProcessAndOutcome() throws Exception {
        template.call("greeter", "chip@localhost", "dale", String.class);
        assertThatThrownBy(() -> template.call("nobody", "chip@localhost", "x", Term.class))
                .isInstanceOf(CallException.class);
        try (Mailbox silent = chip.createMailbox("silent")) {
            assertThatThrownBy(() -> template.call("silent", "chip@localhost", "x", Term.class, Duration.ofMillis(100)))
                    .isInstanceOf(CallTimeoutException.class);
        }
        assertThat(template.callAsync("greeter", "chip@localhost", "async", String.class)
                        .get(5, TimeUnit.SECONDS))
                .isEqualTo("Hello, async!");

        assertThat(observed(NodeObservations.CALLS))
                .containsExactly(
                        "outcome=success process=greeter",
                        "outcome=noproc process=nobody",
                        "outcome=timeout process=silent",
                        "outcome=success process=greeter");
    }

    @Test
    void handlersAreObservedByProcessKindAndOutcome() {
        template.call("greeter", "chip@localhost", "dale", String.class);
        template.call("greeter", "chip@localhost", "boom", Term.class);
        template.call("greeter", "chip@localhost", Tuple.of(Int.of(1)), Term.class);
        template.cast("greeter", "chip@localhost", "cast");
        template.call("greeter", "chip@localhost", "sync", String.class);

        assertThat(observed(NodeObservations.HANDLER))
                .containsExactly(
                        "kind=call outcome=success process=greeter",
                        "kind=call outcome=error process=greeter",
                        "kind=call outcome=unhandled process=greeter",
                        "kind=cast outcome=success process=greeter",
                        "kind=call outcome=success process=greeter");
        assertThat(registrar.failedMessages("greeter")).isEqualTo(1);
        assertThat(registrar.unhandledMessages("greeter")).isEqualTo(1);
    }

    @Test
    void outcomesNameTheFailure() {
        assertThat(CallOutcome.of(null)).isEqualTo(CallOutcome.SUCCESS);
        assertThat(CallOutcome.of(new CallException(Atom.of("noconnection"), "lost")))
                .isEqualTo(CallOutcome.NOCONNECTION);
        assertThat(CallOutcome.of(new CallException(Atom.of("killed"), "killed")))
                .isEqualTo(CallOutcome.ERROR);
        assertThat(CallOutcome.of(new IllegalStateException("unmappable"))).isEqualTo(CallOutcome.ERROR);
    }

    /** The stopped observations of a name, each as its sorted low-cardinality key values. */
    private List<String> observed(String name) {
        List<String> found = new java.util.ArrayList<>();
        TestObservationRegistryAssert.assertThat(observations).hasHandledContextsThatSatisfy(contexts -> {
            for (Observation.Context context : contexts) {
                if (name.equals(context.getName())) {
                    found.add(context.getLowCardinalityKeyValues().stream()
                            .map(kv -> kv.getKey() + "=" + kv.getValue())
                            .sorted()
                            .collect(Collectors.joining(" ")));
                }
            }
        });
        return found;
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

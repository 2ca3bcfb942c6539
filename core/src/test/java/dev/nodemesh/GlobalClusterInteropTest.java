package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Atom;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three-node clusters mixing nodemesh and erl: global's {@code connect_all} makes the mesh
 * transitive both ways, {@code global:sync()} returns on every BEAM node, and a name registered
 * concurrently from both kinds of node is taken once.
 */
@Interop
class GlobalClusterInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestNodes nodes = new TestNodes();
    private final List<BeamNode> beams = new ArrayList<>();

    @BeforeEach
    void requireErlang() {
        ErlangRuntime.requireErl();
    }

    @AfterEach
    void stop() {
        beams.forEach(BeamNode::close);
        nodes.close();
    }

    private BeamNode erl(String alive) {
        BeamNode node = BeamNode.erl(alive + "@localhost", TestNodes.COOKIE, nodes.epmdPort());
        beams.add(node);
        return node;
    }

    private static String sorted(String... names) {
        return "[" + String.join(",", java.util.Arrays.stream(names).sorted().toList()) + "]";
    }

    @Test
    void anErlangNodeThatJoinsOneNodemeshMemberConnectsToTheOthers() {
        Node chip = nodes.start(nodes.config("chip").visible(true));
        Node zed = nodes.start(nodes.config("zed").visible(true));
        assertThat(zed.connect("chip@localhost")).isTrue();
        await().atMost(WAIT).until(() -> chip.global().syncedNodes().size() == 1);
        BeamNode dale = erl("dale");

        assertThat(dale.eval("net_kernel:connect_node('chip@localhost')")).isEqualTo("true");

        await().atMost(WAIT)
                .until(() -> dale.eval("lists:sort(nodes())").equals(sorted("chip@localhost", "zed@localhost")));
        assertThat(dale.eval("{T, R} = timer:tc(fun global:sync/0), {R, T < 1000000}", WAIT))
                .isEqualTo("{ok,true}");
        await().atMost(WAIT).until(() -> zed.global().syncedNodes().size() == 2);
    }

    @Test
    void aNodemeshNodeThatJoinsOneErlangNodeConnectsToTheOthers() {
        Node chip = nodes.start(nodes.config("chip").visible(true));
        BeamNode dale = erl("dale");
        BeamNode eve = erl("eve");
        assertThat(eve.eval("net_kernel:connect_node('dale@localhost')")).isEqualTo("true");
        assertThat(eve.eval("global:sync()", WAIT)).isEqualTo("ok");

        assertThat(chip.connect("dale@localhost")).isTrue();

        await().atMost(WAIT).until(() -> chip.nodes().size() == 2);
        await().atMost(WAIT).until(() -> chip.global().syncedNodes().size() == 2);
        for (BeamNode beam : List.of(dale, eve)) {
            assertThat(beam.eval("{T, R} = timer:tc(fun global:sync/0), {R, T < 1000000}", WAIT))
                    .isEqualTo("{ok,true}");
        }
        assertThat(eve.eval("lists:member('chip@localhost', nodes())")).isEqualTo("true");
    }

    @Test
    void concurrentRegistrationsFromErlangAndJavaTakeANameOnce() throws Exception {
        Node chip = nodes.start(nodes.config("chip").visible(true));
        Node zed = nodes.start(nodes.config("zed").visible(true));
        assertThat(zed.connect("chip@localhost")).isTrue();
        BeamNode dale = erl("dale");
        assertThat(dale.eval("net_kernel:connect_node('chip@localhost')")).isEqualTo("true");
        await().atMost(WAIT).until(() -> zed.global().syncedNodes().size() == 2);
        dale.eval("global:sync()", WAIT);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 10; round++) {
                String name = "leader" + round;
                CountDownLatch start = new CountDownLatch(1);
                Mailbox onChip = chip.createMailbox();
                Mailbox onZed = zed.createMailbox();
                Callable<Boolean> fromChip = () -> {
                    start.await();
                    return chip.global().register(name, onChip);
                };
                Callable<Boolean> fromZed = () -> {
                    start.await();
                    return zed.global().register(name, onZed);
                };
                Callable<Boolean> fromDale = () -> {
                    start.await();
                    return dale.eval(
                                    "global:register_name(" + name + ", spawn(fun() -> receive stop -> ok end end))",
                                    WAIT)
                            .equals("yes");
                };
                List<Future<Boolean>> results =
                        List.of(threads.submit(fromChip), threads.submit(fromZed), threads.submit(fromDale));
                start.countDown();
                int winners = 0;
                for (Future<Boolean> result : results) {
                    winners += result.get() ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
                String owner = dale.eval("node(global:whereis_name(" + name + "))");
                assertThat(chip.global().whereis(name).map(p -> p.node())).contains(Atom.of(owner));
                assertThat(zed.global().whereis(name).map(p -> p.node())).contains(Atom.of(owner));
            }
        } finally {
            threads.shutdownNow();
        }
    }
}

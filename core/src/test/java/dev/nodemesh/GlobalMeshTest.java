package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Global names among five visible nodemesh nodes in one JVM, without any BEAM node. */
class GlobalMeshTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int NODES = 5;

    private final TestNodes nodes = new TestNodes();
    private final List<Node> cluster = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.close();
    }

    private void startSyncedCluster() {
        for (int i = 0; i < NODES; i++) {
            cluster.add(nodes.start(nodes.config("n" + i).visible(true)));
        }
        for (int i = 1; i < NODES; i++) {
            assertThat(cluster.get(i).connect(cluster.get(i - 1).name())).isTrue();
        }
        for (Node node : cluster) {
            await().atMost(WAIT).until(() -> node.global().syncedNodes().size() == NODES - 1);
        }
    }

    @Test
    void aNameRegisteredOnOneNodeIsSeenOnAllAndGoesWithItsMailbox() {
        startSyncedCluster();
        Mailbox orders = cluster.get(0).createMailbox();

        assertThat(cluster.get(0).global().register("orders", orders)).isTrue();

        for (Node node : cluster) {
            assertThat(node.global().whereis("orders")).contains(orders.pid());
        }
        assertThat(cluster.get(3).global().register("orders", cluster.get(3).createMailbox()))
                .isFalse();

        orders.close();
        for (Node node : cluster) {
            await().atMost(WAIT).until(() -> node.global().whereis("orders").isEmpty());
        }
    }

    @Test
    void concurrentRegistrationsOfOneNameFromEveryNodeLetExactlyOneWin() throws Exception {
        startSyncedCluster();
        ExecutorService threads = Executors.newFixedThreadPool(NODES);
        try {
            for (int round = 0; round < 5; round++) {
                String name = "leader" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                List<Mailbox> candidates = new ArrayList<>();
                for (Node node : cluster) {
                    Mailbox candidate = node.createMailbox();
                    candidates.add(candidate);
                    Callable<Boolean> register = () -> {
                        start.await();
                        return node.global().register(name, candidate);
                    };
                    results.add(threads.submit(register));
                }
                start.countDown();
                List<Pid> winners = new ArrayList<>();
                for (int i = 0; i < NODES; i++) {
                    if (results.get(i).get()) {
                        winners.add(candidates.get(i).pid());
                    }
                }
                assertThat(winners).as("round %d", round).hasSize(1);
                for (Node node : cluster) {
                    assertThat(node.global().whereis(name))
                            .as("round %d on %s", round, node.name())
                            .isEqualTo(Optional.of(winners.get(0)));
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aNodeThatClosesLosesItsNamesOnTheOthers() {
        startSyncedCluster();
        Node leaving = cluster.get(2);
        assertThat(leaving.global().register("billing", leaving.createMailbox()))
                .isTrue();
        await().atMost(WAIT)
                .until(() -> cluster.get(4).global().whereis("billing").isPresent());

        leaving.close();

        for (Node node : List.of(cluster.get(0), cluster.get(1), cluster.get(3), cluster.get(4))) {
            await().atMost(WAIT).until(() -> node.global().whereis("billing").isEmpty());
        }
    }

    @Test
    void genServerCallsByGlobalName() throws Exception {
        startSyncedCluster();
        Mailbox echo = cluster.get(1)
                .createMailbox(MailboxOptions.builder()
                        .handler((message, self) -> {
                            if (GenServerRequest.parse(message).orElse(null) instanceof GenServerRequest.Call call) {
                                call.reply(self, call.request());
                            }
                        })
                        .build());
        assertThat(cluster.get(1).global().register("echo", echo)).isTrue();

        assertThat(GenServer.callGlobal(cluster.get(4), "echo", Atom.of("hi"), WAIT))
                .isEqualTo(Atom.of("hi"));
        assertThatThrownBy(() -> GenServer.callGlobal(cluster.get(4), "nobody", Atom.of("hi"), WAIT))
                .isInstanceOfSatisfying(
                        CallException.class, e -> assertThat(e.reason()).isEqualTo(Atom.of("noproc")));
    }
}

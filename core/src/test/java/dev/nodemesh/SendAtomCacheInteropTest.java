package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real erl node reads what nodemesh's sending atom cache writes: 3,000 registered names (more
 * than the cache's 2,048 slots, so entries are overwritten again and again), each sent to three
 * times in a shuffled order, each message reaching the process of that name and no other.
 */
class SendAtomCacheInteropTest {

    private static final String DALE = "dale@localhost";
    private static final int NAMES = 3_000;
    private static final int ROUNDS = 3;

    private final TestNodes nodes = new TestNodes();
    private BeamNode erl;

    @AfterEach
    void stop() {
        if (erl != null) {
            erl.close();
        }
        nodes.close();
    }

    @Test
    void erlResolvesEveryCachedAtomThroughSlotReuse() {
        ErlangRuntime.requireErl();
        Node chip = nodes.start("chip");
        erl = BeamNode.erl(DALE, TestNodes.COOKIE, nodes.epmdPort());
        erl.eval("register(collector, spawn(fun() -> (fun Loop(Ok, Bad) -> receive"
                + " {got, Name, Name} -> Loop(Ok + 1, Bad);"
                + " {got, _, _} -> Loop(Ok, Bad + 1);"
                + " {count, From} -> From ! {counted, Ok, Bad}, Loop(Ok, Bad) end end)(0, 0) end))");
        assertThat(erl.eval("[register(list_to_atom(\"cached_name_\" ++ integer_to_list(I)),"
                        + " spawn(fun F() -> receive {msg, Name} -> collector ! {got, Name,"
                        + " element(2, process_info(self(), registered_name))}, F() end end))"
                        + " || I <- lists:seq(0, " + (NAMES - 1) + ")], ok"))
                .isEqualTo("ok");
        Mailbox mailbox = chip.createMailbox();
        List<String> sends = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < NAMES; i++) {
                sends.add("cached_name_" + i);
            }
        }
        Collections.shuffle(sends, new Random(7));

        for (String name : sends) {
            mailbox.send(name, DALE, Tuple.of(Atom.of("msg"), Atom.of(name)));
        }

        String expected = "{" + NAMES * ROUNDS + ",0}";
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> erl.eval(
                                "collector ! {count, self()}, receive {counted, Ok, Bad} -> {Ok, Bad} after 5000 -> timeout end")
                        .equals(expected));
        assertThat(chip.ping(DALE)).isEqualTo(PingResult.PONG);
    }
}

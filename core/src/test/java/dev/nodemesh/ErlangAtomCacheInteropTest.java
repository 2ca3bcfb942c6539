package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.dist.Connection;
import dev.nodemesh.dist.DistFraming;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real {@code erl} node sends to a nodemesh node as it sends to another {@code erl}: with the
 * distribution header and atoms as references to the connection's atom cache.
 */
@Interop
class ErlangAtomCacheInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestNodes nodes = new TestNodes();
    private BeamNode erl;
    private Node chip;
    private Mailbox inbox;

    @BeforeEach
    void start() {
        ErlangRuntime.requireErl();
        chip = nodes.start("chip");
        inbox = chip.createMailbox("inbox");
        erl = BeamNode.erl("dale@localhost", TestNodes.COOKIE, nodes.epmdPort());
        // connected first: messages OTP encodes while the connection is still being set up carry
        // every atom in full (docs/erlang-distribution.md §4.2)
        assertThat(erl.eval("net_adm:ping('chip@localhost')")).isEqualTo("pong");
    }

    @AfterEach
    void stop() {
        if (erl != null) {
            erl.close();
        }
        nodes.close();
    }

    private Connection connectionToErl() {
        return chip.runtime()
                .connections()
                .connection(Atom.of("dale@localhost"))
                .orElseThrow();
    }

    @Test
    void erlSendsAtomsAsReferencesToTheCache() throws Exception {
        erl.eval("[{inbox, 'chip@localhost'} ! {hello, N, self()} || N <- lists:seq(1, 20)], ok");

        Pid shell = null;
        for (int n = 1; n <= 20; n++) {
            Tuple message = (Tuple) inbox.receive(WAIT).orElseThrow();
            assertThat(message.get(0)).isEqualTo(Atom.of("hello"));
            assertThat(message.get(1)).isEqualTo(Int.of(n));
            shell = (Pid) message.get(2);
            assertThat(shell.node()).isEqualTo(Atom.of("dale@localhost"));
        }
        Connection connection = connectionToErl();
        assertThat(connection.framing()).isEqualTo(DistFraming.DISTRIBUTION_HEADER);
        // 'dale@localhost', '', inbox and hello: after the first message, all four are references
        assertThat(connection.atomCacheHits()).isGreaterThanOrEqualTo(19 * 4);

        // and the other way: erl reads what nodemesh sends after its empty distribution headers
        inbox.send(shell, Atom.of("pong"));
        assertThat(erl.eval("receive pong -> got_pong after 5000 -> timeout end"))
                .isEqualTo("got_pong");
    }

    @Test
    void thousandsOfDistinctAtomsOverwriteCacheSlotsAndArriveIntactAndInOrder() throws Exception {
        // 3000 atoms seen once and 300 seen every 300 messages: each of the 3300 came as a new
        // entry at least once, into 2048 slots (256 per segment), so at least 1252 new entries
        // overwrote a slot; every atom arriving right proves the overwrites were read right
        int count = 3000;
        erl.eval(
                "[{inbox, 'chip@localhost'} ! {N, list_to_atom(\"fresh_\" ++ integer_to_list(N)),"
                        + " list_to_atom(\"again_\" ++ integer_to_list(N rem 300))} || N <- lists:seq(1, "
                        + count + ")], ok",
                Duration.ofSeconds(30));

        for (int n = 1; n <= count; n++) {
            Term message = inbox.receive(WAIT).orElseThrow();
            assertThat(message)
                    .as("message %d", n)
                    .isEqualTo(Tuple.of(Int.of(n), Atom.of("fresh_" + n), Atom.of("again_" + (n % 300))));
        }
        assertThat(inbox.receive(Duration.ofMillis(100))).isEmpty();
        assertThat(connectionToErl().atomCacheHits()).isGreaterThan(count);
        assertThat(chip.nodes()).extracting(node -> node.name().toString()).containsExactly("dale@localhost");
    }
}

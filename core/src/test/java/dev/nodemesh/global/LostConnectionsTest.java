package dev.nodemesh.global;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import org.junit.jupiter.api.Test;

/** A relayed lost_connection report is acted on once, and the memory of reports is bounded. */
class LostConnectionsTest {

    private static final Atom A = Atom.of("a@host");
    private static final Atom B = Atom.of("b@host");

    @Test
    void aReportIsNewOnceAndALaterOperationIsNewAgain() {
        LostConnections seen = new LostConnections(10);

        assertThat(seen.firstTime(A, Int.of(7), 1, B)).isTrue();
        assertThat(seen.firstTime(A, Int.of(7), 1, B)).isFalse();
        assertThat(seen.firstTime(A, Int.of(7), 2, B)).isTrue();
        assertThat(seen.firstTime(A, Int.of(8), 1, B))
                .as("a restarted reporter")
                .isTrue();
    }

    @Test
    void theOldestReportIsForgottenBeyondTheCapacity() {
        LostConnections seen = new LostConnections(2);
        seen.firstTime(A, Int.of(7), 1, Atom.of("x@host"));
        seen.firstTime(A, Int.of(7), 1, Atom.of("y@host"));
        seen.firstTime(A, Int.of(7), 1, Atom.of("z@host"));

        assertThat(seen.firstTime(A, Int.of(7), 1, Atom.of("x@host"))).isTrue();
        assertThat(seen.firstTime(A, Int.of(7), 1, Atom.of("z@host"))).isFalse();
    }
}

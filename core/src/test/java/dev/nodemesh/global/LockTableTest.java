package dev.nodemesh.global;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import org.junit.jupiter.api.Test;

/** global's lock semantics: one requester id at a time, many holders for it. */
class LockTableTest {

    private static final Atom GLOBAL = GlobalTerms.GLOBAL;
    private static final Pid ONE = new Pid(Atom.of("a@host"), 1, 0, 1);
    private static final Pid TWO = new Pid(Atom.of("b@host"), 2, 0, 1);

    @Test
    void anotherRequesterIsRefusedUntilTheLastHolderLetsGo() {
        LockTable locks = new LockTable();

        assertThat(locks.set(GLOBAL, Atom.of("r1"), ONE)).isTrue();
        assertThat(locks.set(GLOBAL, Atom.of("r1"), TWO)).isTrue();
        assertThat(locks.set(GLOBAL, Atom.of("r2"), TWO)).isFalse();

        locks.delete(GLOBAL, Atom.of("r1"), ONE);
        assertThat(locks.canSet(GLOBAL, Atom.of("r2"))).isFalse();
        locks.delete(GLOBAL, Atom.of("r1"), TWO);
        assertThat(locks.set(GLOBAL, Atom.of("r2"), TWO)).isTrue();
    }

    @Test
    void deletingForAnotherRequesterChangesNothing() {
        LockTable locks = new LockTable();
        locks.set(GLOBAL, Atom.of("r1"), ONE);

        locks.delete(GLOBAL, Atom.of("r2"), ONE);

        assertThat(locks.isLocked(GLOBAL)).isTrue();
    }

    @Test
    void aNodeGoingDownReleasesWhatItsProcessesHeld() {
        LockTable locks = new LockTable();
        locks.set(GLOBAL, Atom.of("r1"), TWO);
        locks.set(Atom.of("other"), Atom.of("r1"), ONE);

        locks.releaseNode(TWO.node());

        assertThat(locks.isLocked(GLOBAL)).isFalse();
        assertThat(locks.isLocked(Atom.of("other"))).isTrue();
        assertThat(locks.heldBy(ONE.node())).isEqualTo(1);
    }
}

package dev.nodemesh.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A group's members as a multiset: repeats count, and the difference of two bags keeps them. */
class PidBagTest {

    private static Pid pid(int id) {
        return new Pid(Atom.of("b@localhost"), id, 0, 1);
    }

    @Test
    void theDifferenceCountsRepeats() {
        PidBag before = PidBag.of(List.of(pid(1), pid(1), pid(2), pid(3)));
        PidBag now = PidBag.of(List.of(pid(1), pid(3), pid(4), pid(4)));

        assertThat(before.minus(now)).containsExactly(pid(1), pid(2));
        assertThat(now.minus(before)).containsExactly(pid(4), pid(4));
        assertThat(before.size()).isEqualTo(4);
    }

    @Test
    void removeTakesOneMembershipAtATime() {
        PidBag bag = PidBag.of(List.of(pid(1), pid(1)));

        assertThat(bag.remove(pid(1))).isTrue();
        assertThat(bag.toList()).containsExactly(pid(1));
        assertThat(bag.remove(pid(1))).isTrue();
        assertThat(bag.remove(pid(1))).isFalse();
        assertThat(bag.isEmpty()).isTrue();
    }
}

package dev.nodemesh.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read view of a scope's groups: repeats, snapshots, order, and linear cost at scale. */
class GroupViewTest {

    private static final Atom SELF = Atom.of("a@localhost");
    private static final Atom GROUP = Atom.of("g");

    private final GroupView view = new GroupView(SELF);

    private static Pid pid(String node, int id) {
        return new Pid(Atom.of(node), id, 0, 1);
    }

    @Test
    void localMembersComeFirstThenEachNodesMembersTogether() {
        Pid b1 = pid("b@localhost", 1);
        Pid c1 = pid("c@localhost", 1);
        Pid b2 = pid("b@localhost", 2);
        Pid a1 = pid("a@localhost", 1);

        view.add(GROUP, List.of(b1, c1, b2, a1));

        GroupView.Members members = view.members(GROUP);
        assertThat(members.all()).containsExactly(a1, b1, b2, c1);
        assertThat(members.local()).containsExactly(a1);
        assertThat(members.localTargets()).containsExactly(a1);
    }

    @Test
    void aPidThatJoinedTwiceIsListedTwiceAndTargetedOnce() {
        Pid a1 = pid("a@localhost", 1);
        Pid b1 = pid("b@localhost", 1);

        view.add(GROUP, List.of(a1, b1, a1, b1));

        assertThat(view.members(GROUP).all()).containsExactly(a1, a1, b1, b1);
        assertThat(view.members(GROUP).targets()).containsExactly(a1, b1);
        view.remove(GROUP, List.of(a1, b1));
        assertThat(view.members(GROUP).all()).containsExactly(a1, b1);
        view.remove(GROUP, List.of(a1, b1));
        assertThat(view.members(GROUP)).isNull();
        assertThat(view.groups()).isEmpty();
    }

    @Test
    void aSnapshotTakenIsNotChangedByLaterJoins() {
        Pid a1 = pid("a@localhost", 1);
        view.add(GROUP, List.of(a1));
        GroupView.Members before = view.members(GROUP);

        view.add(GROUP, List.of(pid("b@localhost", 1)));

        assertThat(before.all()).containsExactly(a1);
        assertThat(view.members(GROUP).all()).hasSize(2);
    }

    @Test
    void removingAPidThatIsNotThereChangesNothing() {
        Pid a1 = pid("a@localhost", 1);
        view.add(GROUP, List.of(a1));

        view.remove(GROUP, List.of(pid("b@localhost", 9)));
        view.remove(Atom.of("other"), List.of(a1));

        assertThat(view.members(GROUP).all()).containsExactly(a1);
        assertThat(view.localGroups()).containsExactly(GROUP);
    }

    @Test
    void aHundredThousandMembersJoinAndLeaveOneByOne() {
        List<Pid> pids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            Pid pid = pid("b@localhost", i);
            pids.add(pid);
            view.add(GROUP, List.of(pid));
        }
        assertThat(view.members(GROUP).all()).hasSize(100_000);
        for (Pid pid : pids) {
            view.remove(GROUP, List.of(pid));
        }
        assertThat(view.members(GROUP)).isNull();
    }
}

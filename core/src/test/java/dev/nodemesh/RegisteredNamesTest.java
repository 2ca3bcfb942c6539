package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.nodemesh.term.Atom;
import dev.nodemesh.testsupport.Slow;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Node#registeredNames()}: what the actuator endpoint and the mailbox meters read. */
@Slow
class RegisteredNamesTest {

    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void listsEveryRegisteredNameSortedWithItsMailboxSize() {
        Node chip = nodes.start("chip");
        Mailbox inbox = chip.createMailbox("inbox");
        Mailbox archive = chip.createMailbox("archive");
        chip.createMailbox(); // anonymous: not listed
        chip.send(inbox.pid(), Atom.of("one"));
        chip.send(inbox.pid(), Atom.of("two"));

        assertThat(chip.registeredNames())
                .containsEntry("inbox", 2)
                .containsEntry("archive", 0)
                .containsEntry("net_kernel", 0)
                .containsKey("nodemesh_mesh");
        assertThat(List.copyOf(chip.registeredNames().keySet())).isSorted();
        assertThat(archive.size()).isZero();
    }

    @Test
    void forgetsNamesThatAreGoneAndCannotBeChanged() {
        Node chip = nodes.start("chip");
        chip.createMailbox("inbox").close();
        chip.createMailbox("other");
        assertThat(chip.unregister("other")).isTrue();

        assertThat(chip.registeredNames()).doesNotContainKeys("inbox", "other");
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> chip.registeredNames().put("x", 1));
    }
}

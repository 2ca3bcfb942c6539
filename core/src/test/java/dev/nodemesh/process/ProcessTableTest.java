package dev.nodemesh.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The process table: pids, registered names, and removal with every name. */
class ProcessTableTest {

    private static final Atom NODE = Atom.of("chip@localhost");

    private final ProcessTable table = new ProcessTable(NODE, 7);

    /** A process that takes nothing: the table only needs its pid. */
    private record Idle(Pid pid) implements LocalProcess {
        @Override
        public void deliver(Term message) {}
    }

    @Test
    void spawnedProcessesAreFoundByPidUntilRemoved() {
        Idle a = table.spawn(Idle::new);
        Idle b = table.spawn(Idle::new);

        assertThat(a.pid()).isNotEqualTo(b.pid());
        assertThat(a.pid().node()).isEqualTo(NODE);
        assertThat(a.pid().creation()).isEqualTo(7);
        assertThat(table.find(a.pid())).containsSame(a);
        assertThat(table.find(new Pid(Atom.of("chip@localhost"), a.pid().id(), 0, 7)))
                .containsSame(a);
        assertThat(table.find(new Pid(NODE, a.pid().id(), 0, 8))).isEmpty();
        assertThat(table.find(new Pid(Atom.of("dale@localhost"), a.pid().id(), 0, 7)))
                .isEmpty();
        assertThat(table.size()).isEqualTo(2);

        table.remove(a);
        table.remove(a);

        assertThat(table.find(a.pid())).isEmpty();
        assertThat(table.find(b.pid())).containsSame(b);
        assertThat(table.all()).containsExactly(b);
    }

    @Test
    void aNameIsTakenOnceAndReleasedByUnregister() {
        Idle a = table.spawn(Idle::new);
        Idle b = table.spawn(Idle::new);
        Atom name = Atom.of("greeter");

        assertThat(table.register(name, a)).isTrue();
        assertThat(table.register(name, b)).isFalse();
        assertThat(table.whereis(name)).containsSame(a);
        assertThat(table.find(a.pid())).containsSame(a);
        assertThat(table.all()).containsExactlyInAnyOrder(a, b);

        assertThat(table.unregister(name)).isTrue();
        assertThat(table.unregister(name)).isFalse();
        assertThat(table.whereis(name)).isEmpty();
        assertThat(table.register(name, b)).isTrue();
        assertThat(table.whereis(name)).containsSame(b);
        assertThat(table.find(a.pid())).containsSame(a);
    }

    @Test
    void removingAProcessReleasesEveryNameItHadAndOnlyThose() {
        Idle a = table.spawn(Idle::new);
        Idle b = table.spawn(Idle::new);
        table.register(Atom.of("one"), a);
        table.register(Atom.of("two"), a);
        table.register(Atom.of("three"), a);
        table.register(Atom.of("other"), b);
        table.unregister(Atom.of("two"));

        table.remove(a);

        assertThat(table.registered()).containsOnlyKeys(Atom.of("other"));
        assertThat(table.register(Atom.of("one"), b)).isTrue();
        assertThat(table.register(Atom.of("two"), b)).isTrue();
        assertThat(table.register(Atom.of("three"), b)).isTrue();

        table.remove(b);

        assertThat(table.registered()).isEmpty();
        assertThat(table.size()).isZero();
    }

    @Test
    void onlyALiveProcessCanBeRegistered() {
        Idle a = table.spawn(Idle::new);
        table.remove(a);

        assertThatThrownBy(() -> table.register(Atom.of("late"), a))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not alive");
        assertThat(table.registered()).isEmpty();
    }

    @Test
    void aNameRegisteredWhileItsProcessIsRemovedDoesNotOutliveTheProcess() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            Idle process = table.spawn(Idle::new);
            Atom name = Atom.of("racer_" + round);
            CountDownLatch start = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread registrar = new Thread(() -> {
                try {
                    start.await();
                    table.register(name, process);
                } catch (IllegalStateException e) {
                    // removed first: the registration is refused
                } catch (InterruptedException | RuntimeException e) {
                    failure.set(e);
                }
            });
            registrar.start();
            start.countDown();
            table.remove(process);
            registrar.join();

            assertThat(failure.get()).isNull();
            assertThat(table.whereis(name)).as("round %d", round).isEmpty();
        }
        assertThat(table.size()).isZero();
    }
}

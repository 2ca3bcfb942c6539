package dev.nodemesh.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nodemesh.testsupport.Interop;
import dev.nodemesh.testsupport.Slow;
import dev.nodemesh.testsupport.TestPorts;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The idle-mailbox harness on a small count: it finds the objects it says it measures. */
class IdleMailboxMemoryTest {

    private static final int COUNT = 2_000;

    @Slow
    @ParameterizedTest
    @EnumSource(IdleMailboxMemory.Kind.class)
    void theHistogramGrowsByOneMailboxPerMailboxCreated(IdleMailboxMemory.Kind kind) throws IOException {
        IdleMailboxMemory.Measurement m = IdleMailboxMemory.measure(kind, COUNT, TestPorts.freePort(), new HeapProbe());

        assertThat(m.kind()).isEqualTo(kind.label());
        assertThat(m.classes())
                .filteredOn(c -> c.name().equals("dev.nodemesh.Mailbox"))
                .singleElement()
                .satisfies(c -> assertThat(c.instances()).isEqualTo(COUNT));
        assertThat(m.classes())
                .filteredOn(c -> c.name().equals("dev.nodemesh.term.Pid"))
                .singleElement()
                .satisfies(c -> assertThat(c.instances()).isEqualTo(COUNT));
        if (kind == IdleMailboxMemory.Kind.HANDLER) {
            assertThat(m.classes())
                    .filteredOn(c -> c.name().equals("dev.nodemesh.runtime.HandlerDrain"))
                    .singleElement()
                    .satisfies(c -> assertThat(c.instances()).isEqualTo(COUNT));
        }
        assertThat(m.histogramBytes()).isPositive();
        assertThat(m.allocated()).isPositive();
    }

    @Test
    void readsTheClassHistogramOfTheJvm() {
        Map<String, long[]> classes = HeapProbe.parseHistogram(
                """
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:          1000          48000  dev.nodemesh.Mailbox
                   2:            12            960  [Ljava.lang.Object; (java.base@17.0.15)
                Total          1012          48960
                """);

        assertThat(classes).containsOnlyKeys("dev.nodemesh.Mailbox", "[Ljava.lang.Object;");
        assertThat(classes.get("dev.nodemesh.Mailbox")).containsExactly(1000, 48000);
        assertThat(HeapProbe.parseHistogram(new HeapProbe().liveHistogram()))
                .containsKey("dev.nodemesh.bench.memory.HeapProbe");
    }

    @Test
    void readsWhatErlPrints() throws IOException {
        ErlangIdleProcesses.Result result = ErlangIdleProcesses.parse("banner\nNODEMESH_ERL 25 100 1000 266000 138\n");

        assertThat(result.otpRelease()).isEqualTo("25");
        assertThat(result.bytesPerProcess()).isEqualTo(2650.0);
        assertThatThrownBy(() -> ErlangIdleProcesses.parse("{\"init terminating in do_boot\"}"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("init terminating");
    }

    @Interop
    @Test
    void anIdleErlangProcessHoldsAtLeastItsFirstHeap() throws Exception {
        Optional<ErlangIdleProcesses.Result> result = ErlangIdleProcesses.measure(COUNT);
        // skipped without erl, except on CI (CI=true), where it must run
        assumeTrue(result.isPresent() || "true".equals(System.getenv("CI")), "erl is not installed");
        assertThat(result).as("erl on the PATH (needed on CI)").isPresent();

        // 233 words of heap (8 bytes each) before any process control block.
        assertThat(result.get().bytesPerProcess()).isGreaterThan(233 * 8);
        assertThat(result.get().count()).isEqualTo(COUNT);
    }
}

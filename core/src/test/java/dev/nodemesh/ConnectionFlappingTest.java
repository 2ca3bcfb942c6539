package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.term.Int;
import dev.nodemesh.testsupport.Slow;
import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.PlatformDependent;
import java.io.File;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thousand connect/disconnect cycles and a thousand simultaneous-connect races between two
 * nodes, with Netty's leak detector at {@code PARANOID}: afterwards no buffer has leaked, and
 * nodemesh's threads, the JVM's file descriptors and direct memory are back near where they were
 * (a dispatch thread may start late, as work comes; the buffer pool keeps the chunks it made).
 */
@Slow
class ConnectionFlappingTest {

    private static final Logger log = LoggerFactory.getLogger(ConnectionFlappingTest.class);

    private static final int CYCLES = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** What may stay allocated: the pool keeps the chunks it made (4 MiB each), and a few caches. */
    private static final long DIRECT_SLACK = 16L << 20;

    private final TestNodes nodes = new TestNodes();
    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private ResourceLeakDetector.Level levelBefore;

    @BeforeEach
    void paranoidLeakDetection() throws ReflectiveOperationException {
        levelBefore = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        bufferLeakDetector().setLeakListener((type, records) -> leaks.add(type + ": " + records));
    }

    @AfterEach
    void restore() throws ReflectiveOperationException {
        nodes.close();
        bufferLeakDetector().setLeakListener(null);
        ResourceLeakDetector.setLevel(levelBefore);
    }

    @Test
    void flappingConnectionsLeaveNothingBehind() throws Exception {
        // without the pg scope: its sync after a connect may dial the peer again right after a
        // disconnect (as a send does), which would blur "both sides list no connection"
        Node chip = nodes.start(nodes.config("chip").defaultGroupScope(false));
        Node dale = nodes.start(nodes.config("dale").defaultGroupScope(false));
        Mailbox inChip = chip.createMailbox("in");
        Mailbox inDale = dale.createMailbox("in");
        // a few of each first: the pools and the threads that start lazily (network threads take
        // connections in turn, dispatch threads start as work comes) and then stay
        for (int i = 1; i <= 20; i++) {
            cycle(chip, dale, inChip, -i);
            race(chip, dale, inChip, inDale, CYCLES + i);
        }
        Resources baseline = Resources.now();

        for (int i = 1; i <= CYCLES; i++) {
            cycle(chip, dale, inChip, i);
        }
        for (int i = 1; i <= CYCLES; i++) {
            race(chip, dale, inChip, inDale, i);
        }

        awaitReportedLeaks();
        assertThat(leaks).as("buffers leaked").isEmpty();
        Resources after;
        try {
            after = await().atMost(WAIT)
                    .until(
                            Resources::now,
                            now -> now.threads() <= baseline.threads() + 2
                                    && now.fileDescriptors() <= baseline.fileDescriptors() + 4
                                    && now.directBytes() <= baseline.directBytes() + DIRECT_SLACK);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not back near " + baseline + ": " + Resources.now(), e);
        }
        log.info(String.format(
                Locale.ROOT,
                "%d cycles and %d races: threads %d -> %d, descriptors %d -> %d, direct memory %d -> %d KiB",
                CYCLES,
                CYCLES,
                baseline.threads(),
                after.threads(),
                baseline.fileDescriptors(),
                after.fileDescriptors(),
                baseline.directBytes() >> 10,
                after.directBytes() >> 10));
    }

    /** dale connects, sends one message, disconnects; both sides then list no connection. */
    private static void cycle(Node chip, Node dale, Mailbox inChip, int i) throws InterruptedException {
        assertThat(dale.connect("chip@localhost")).as("connect %d", i).isTrue();
        dale.createMailbox().send("in", "chip@localhost", Int.of(i));
        assertThat(inChip.receive(WAIT)).contains(Int.of(i));
        assertThat(dale.disconnect("chip@localhost")).isTrue();
        awaitNoConnection(chip, dale, "cycle " + i);
    }

    /** Both dial at once; one connection wins and carries messages both ways; then it goes. */
    private static void race(Node chip, Node dale, Mailbox inChip, Mailbox inDale, int i) throws Exception {
        CompletableFuture<Boolean> fromChip = CompletableFuture.supplyAsync(() -> chip.connect("dale@localhost"));
        CompletableFuture<Boolean> fromDale = CompletableFuture.supplyAsync(() -> dale.connect("chip@localhost"));
        assertThat(fromChip.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("race %d, chip", i)
                .isTrue();
        assertThat(fromDale.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("race %d, dale", i)
                .isTrue();
        inChip.send("in", "dale@localhost", Int.of(i));
        inDale.send("in", "chip@localhost", Int.of(-i));
        assertThat(inDale.receive(WAIT)).contains(Int.of(i));
        assertThat(inChip.receive(WAIT)).contains(Int.of(-i));
        chip.disconnect("dale@localhost");
        awaitNoConnection(chip, dale, "race " + i);
    }

    private static void awaitNoConnection(Node chip, Node dale, String when) {
        try {
            await().pollInterval(Duration.ofMillis(1))
                    .atMost(WAIT)
                    .until(() -> chip.nodes().isEmpty() && dale.nodes().isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    when + ": still connected after " + WAIT + ": chip lists " + chip.nodes() + ", dale lists "
                            + dale.nodes(),
                    e);
        }
    }

    /** The detector reports a leaked buffer when it finds it collected, on a later allocation. */
    private static void awaitReportedLeaks() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 100; i++) {
                ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(64);
                probe.release();
            }
        }
    }

    private static ResourceLeakDetector<?> bufferLeakDetector() throws ReflectiveOperationException {
        Field field = AbstractByteBuf.class.getDeclaredField("leakDetector");
        field.setAccessible(true);
        return (ResourceLeakDetector<?>) Objects.requireNonNull(field.get(null));
    }

    /** nodemesh's threads (the test's own come and go), open descriptors, direct memory in use. */
    private record Resources(int threads, int fileDescriptors, long directBytes) {

        static Resources now() {
            String[] fds = new File("/proc/self/fd").list();
            long jdkDirect = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                    .filter(pool -> pool.getName().equals("direct"))
                    .mapToLong(BufferPoolMXBean::getMemoryUsed)
                    .sum();
            return new Resources(
                    (int) Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().startsWith("nodemesh-"))
                            .count(),
                    fds == null ? 0 : fds.length,
                    Math.max(0, PlatformDependent.usedDirectMemory()) + jdkDirect);
        }
    }
}

package dev.nodemesh.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.Mailbox;
import dev.nodemesh.MailboxOptions;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.term.Int;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Handlers on virtual threads (JDK 21+): each mailbox still handles one message at a time, in
 * order, while a blocked handler holds no platform thread; on JDK 17 asking for them fails.
 */
class VirtualDispatchTest {

    @Test
    @Tag("jdk21")
    void handlersRunOnVirtualThreadsOneAtATimeInOrderWhileAnotherBlocks() throws Exception {
        // tag jdk21: run by the build on a JDK 21+ only (see the root pom)
        assertThat(DispatchPool.virtualThreadsAvailable())
                .as("virtual threads on " + Runtime.version())
                .isTrue();
        NodeConfig config = NodeConfig.builder("chip@localhost")
                .listen(InetAddress.getLoopbackAddress(), dev.nodemesh.testsupport.TestPorts.freePort())
                .epmdMode(dev.nodemesh.EpmdMode.NONE)
                .dispatchThreads(1)
                .virtualDispatchThreads(true)
                .build();
        try (Node chip = Node.start(config)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch blocked = new CountDownLatch(1);
            Mailbox stuck = chip.createMailbox(MailboxOptions.builder()
                    .handler((message, self) -> {
                        blocked.countDown();
                        release.await();
                    })
                    .build());
            chip.send(stuck.pid(), Int.of(0));
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();

            int count = 2_000;
            AtomicInteger next = new AtomicInteger();
            AtomicBoolean overlap = new AtomicBoolean();
            AtomicBoolean running = new AtomicBoolean();
            AtomicBoolean allVirtual = new AtomicBoolean(true);
            CountDownLatch done = new CountDownLatch(1);
            Mailbox counter = chip.createMailbox(MailboxOptions.builder()
                    .handler((message, self) -> {
                        if (!running.compareAndSet(false, true)) {
                            overlap.set(true);
                        }
                        if (!isVirtual(Thread.currentThread())) {
                            allVirtual.set(false);
                        }
                        if (((Int) message).longValue() != next.getAndIncrement()) {
                            overlap.set(true);
                        }
                        running.set(false);
                        if (next.get() == count) {
                            done.countDown();
                        }
                    })
                    .build());
            for (int i = 0; i < count; i++) {
                chip.send(counter.pid(), Int.of(i));
            }

            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(overlap).isFalse();
            assertThat(allVirtual).isTrue();
            release.countDown();
        }
    }

    private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
        return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }

    @Test
    @Tag("jdk17")
    void withoutVirtualThreadsTheBuilderRefusesThem() {
        // tag jdk17: run by the build on a JDK without virtual threads only (see the root pom)
        assertThat(DispatchPool.virtualThreadsAvailable())
                .as("virtual threads on " + Runtime.version())
                .isFalse();

        assertThatThrownBy(() -> DispatchPool.virtual("x", null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> NodeConfig.builder("chip@localhost").virtualDispatchThreads(true))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}

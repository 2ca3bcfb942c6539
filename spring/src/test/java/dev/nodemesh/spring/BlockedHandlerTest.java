package dev.nodemesh.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.Cookie;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.process.DispatchPool;
import dev.nodemesh.term.mapping.TermMapper;
import dev.nodemesh.testsupport.Slow;
import dev.nodemesh.testsupport.TestPorts;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A handler blocked (on a latch) while another process of the same node keeps answering: on
 * virtual dispatch threads even when the node has a single platform dispatch thread.
 */
@Slow
class BlockedHandlerTest {

    @NodeProcess("stuck")
    static class Stuck {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean onVirtualThread;

        @OnMessage
        String block(String request) throws InterruptedException {
            onVirtualThread = BlockingCallCheck.isVirtual(Thread.currentThread());
            entered.countDown();
            release.await();
            return "released";
        }
    }

    @NodeProcess("greeter")
    static class Greeter {
        @OnMessage
        String greet(Long number) {
            return "hello " + number;
        }
    }

    @Test
    @Tag("jdk21")
    void onVirtualThreadsAProcessAnswersWhileAnotherIsBlocked() throws Exception {
        // tag jdk21: run by the build on a JDK 21+ only (see the root pom)
        assertThat(DispatchPool.virtualThreadsAvailable())
                .as("virtual threads on " + Runtime.version())
                .isTrue();
        int epmdPort = TestPorts.freePort();
        Stuck stuck = new Stuck();
        try (Node chip = Node.start(
                        config("chip", epmdPort).virtualDispatchThreads(true).build());
                Node dale = Node.start(config("dale", epmdPort).build())) {
            NodeProcessRegistrar processes = new NodeProcessRegistrar(() -> chip, TermMapper::standard, 0);
            processes.postProcessAfterInitialization(stuck, "stuck");
            processes.postProcessAfterInitialization(new Greeter(), "greeter");
            processes.start();
            try {
                NodeTemplate template = new NodeTemplate(dale, TermMapper.standard(), Duration.ofSeconds(5), d -> {});
                CompletableFuture<String> blocked = template.callAsync("stuck", "chip@localhost", "wait", String.class);
                assertThat(stuck.entered.await(5, TimeUnit.SECONDS)).isTrue();

                for (long i = 0; i < 20; i++) {
                    assertThat(template.call("greeter", "chip@localhost", i, String.class))
                            .isEqualTo("hello " + i);
                }
                assertThat(blocked).isNotDone();
                assertThat(stuck.onVirtualThread).isTrue();

                stuck.release.countDown();
                assertThat(blocked.get(5, TimeUnit.SECONDS)).isEqualTo("released");
            } finally {
                stuck.release.countDown();
                processes.stop();
            }
        }
    }

    @Test
    @Tag("jdk17")
    void withoutVirtualThreadsAskingForThemFailsClearly() {
        // tag jdk17: run by the build on a JDK without virtual threads only (see the root pom)
        assertThat(DispatchPool.virtualThreadsAvailable())
                .as("virtual threads on " + Runtime.version())
                .isFalse();

        assertThatThrownBy(() -> NodeConfig.builder("chip@localhost").virtualDispatchThreads(true))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("JDK 21");
    }

    @Test
    void aBlockingCallFromAPlatformDispatchThreadWarnsOnce() throws Exception {
        BlockingCallCheck.reset();
        boolean[] warned = new boolean[2];
        Thread platform = new Thread(() -> {
            BlockingCallCheck.enter("caller");
            try {
                warned[0] = BlockingCallCheck.check("greeter");
                warned[1] = BlockingCallCheck.check("greeter");
            } finally {
                BlockingCallCheck.leave();
            }
        });
        platform.start();
        platform.join();

        assertThat(warned).containsExactly(true, false);
        BlockingCallCheck.reset();
        assertThat(BlockingCallCheck.check("outside a handler")).isFalse();
    }

    private static NodeConfig.Builder config(String alive, int epmdPort) {
        return NodeConfig.builder(alive + "@localhost")
                .cookie(Cookie.of("spring-test-cookie"))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(epmdPort)
                .eventLoopThreads(1)
                .dispatchThreads(1);
    }
}

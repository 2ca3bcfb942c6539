package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.runtime.HandlerDrain;
import dev.nodemesh.runtime.HandlerErrors;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Mailboxes with a handler: run on the node's shared dispatch threads, one message at a time, in order. */
@Slow
class MailboxDispatchTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TestNodes nodes = new TestNodes();

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Test
    void eachSendersMessagesAreHandledInTheOrderSent() throws Exception {
        Node chip = nodes.start("chip");
        int senders = 4;
        int perSender = 10_000;
        int[] lastSeen = new int[senders];
        java.util.Arrays.fill(lastSeen, -1);
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        Mailbox sink = chip.createMailbox(null, (message, self) -> {
            Tuple t = (Tuple) message;
            int sender = (int) ((Int) t.get(0)).longValue();
            int seq = (int) ((Int) t.get(1)).longValue();
            if (seq != lastSeen[sender] + 1) {
                outOfOrder.incrementAndGet();
            }
            lastSeen[sender] = seq;
            handled.incrementAndGet();
        });

        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            Mailbox from = chip.createMailbox();
            threads.add(new Thread(() -> {
                for (int i = 0; i < perSender; i++) {
                    from.send(sink.pid(), Tuple.of(Int.of(sender), Int.of(i)));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        await().atMost(WAIT).until(() -> handled.get() == senders * perSender);
        assertThat(outOfOrder).hasValue(0);
        assertThat(lastSeen).containsOnly(perSender - 1);
    }

    @Test
    void aMailboxHandlesOneMessageAtATime() throws Exception {
        Node chip = nodes.start(nodes.config("chip").dispatchThreads(4));
        AtomicInteger running = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger handled = new AtomicInteger();
        Mailbox sink = chip.createMailbox(null, (message, self) -> {
            if (running.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            Thread.yield();
            running.decrementAndGet();
            handled.incrementAndGet();
        });

        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    chip.send(sink.pid(), Int.of(i));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        await().atMost(WAIT).until(() -> handled.get() == 20_000);
        assertThat(overlapped).isFalse();
    }

    @Test
    void manyMailboxesShareTheConfiguredDispatchThreads() {
        Node chip = nodes.start(nodes.config("chip").dispatchThreads(2));
        Set<String> threadNames = ConcurrentHashMap.newKeySet();
        AtomicInteger handled = new AtomicInteger();
        MessageHandler recordThread = (message, self) -> {
            threadNames.add(Thread.currentThread().getName());
            handled.incrementAndGet();
        };
        int count = 10_000;
        List<Mailbox> mailboxes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            mailboxes.add(chip.createMailbox(null, recordThread));
        }

        for (Mailbox mailbox : mailboxes) {
            chip.send(mailbox.pid(), Atom.of("hello"));
        }

        await().atMost(WAIT).until(() -> handled.get() == count);
        assertThat(threadNames).hasSizeBetween(1, 2).allSatisfy(name -> assertThat(name)
                .startsWith("nodemesh-chip-")
                .contains("-dispatch-"));
    }

    @Test
    void aBusyMailboxLetsOthersRunBetweenBatches() throws Exception {
        Node chip = nodes.start(nodes.config("chip").dispatchThreads(1));
        CountDownLatch gateEntered = new CountDownLatch(1);
        CountDownLatch openGate = new CountDownLatch(1);
        Mailbox gate = chip.createMailbox(null, (message, self) -> {
            gateEntered.countDown();
            openGate.await();
        });
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Mailbox busy = chip.createMailbox(null, (message, self) -> order.add("busy"));
        Mailbox quiet = chip.createMailbox(null, (message, self) -> order.add("quiet"));

        chip.send(gate.pid(), Atom.of("hold"));
        assertThat(gateEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        int busyMessages = 1_000;
        for (int i = 0; i < busyMessages; i++) {
            chip.send(busy.pid(), Int.of(i));
        }
        chip.send(quiet.pid(), Atom.of("hello"));
        openGate.countDown();

        await().atMost(WAIT).until(() -> order.size() == busyMessages + 1);
        assertThat(order.indexOf("quiet")).isEqualTo(HandlerDrain.BATCH);
    }

    @Test
    void aHandlerThatThrowsEndsItsMailboxWithAReasonMonitorsAndLinksSeeAndOthersKeepRunning() throws Exception {
        Node chip = nodes.start(nodes.config("chip").dispatchThreads(1));
        AtomicInteger beforeFailure = new AtomicInteger();
        Mailbox fragile = chip.createMailbox("fragile", (message, self) -> {
            if (message.equals(Atom.of("boom"))) {
                throw new IllegalStateException("boom");
            }
            beforeFailure.incrementAndGet();
        });
        AtomicInteger sturdyHandled = new AtomicInteger();
        Mailbox sturdy = chip.createMailbox(null, (message, self) -> sturdyHandled.incrementAndGet());
        Mailbox watcher = chip.createMailbox();
        watcher.monitor(fragile.pid());
        Mailbox linked = chip.createMailbox();
        linked.link(fragile.pid());

        chip.send(fragile.pid(), Atom.of("ok"));
        chip.send(fragile.pid(), Atom.of("boom"));
        chip.send(fragile.pid(), Atom.of("never handled"));

        await().atMost(WAIT).until(fragile::isClosed);
        assertThat(beforeFailure).hasValue(1);
        assertThat(watcher.receive(WAIT).flatMap(Down::of)).hasValueSatisfying(down -> assertThat(down.reason())
                .isEqualTo(HandlerErrors.exitReason(new IllegalStateException("boom"))));
        assertThat(linked.receive(WAIT))
                .contains(Tuple.of(
                        Atom.of("EXIT"), fragile.pid(), HandlerErrors.exitReason(new IllegalStateException("boom"))));
        assertThat(chip.whereis("fragile")).isEmpty();
        chip.send(sturdy.pid(), Atom.of("still here"));
        await().atMost(WAIT).until(() -> sturdyHandled.get() == 1);
    }

    @Test
    void theExitReasonNamesTheExceptionClassAndMessage() {
        Term reason = HandlerErrors.exitReason(new IllegalStateException("boom"));

        assertThat(reason).hasToString("{:handler_error, \"java.lang.IllegalStateException\", \"boom\"}");
        assertThat(HandlerErrors.exitReason(new NullPointerException()))
                .isEqualTo(Tuple.of(
                        Atom.of("handler_error"),
                        dev.nodemesh.term.Binary.of("java.lang.NullPointerException"),
                        dev.nodemesh.term.Binary.of("")));
    }

    @Test
    void keepRunningOnErrorGoesOnWithTheNextMessage() {
        Node chip = nodes.start("chip");
        List<Term> handled = Collections.synchronizedList(new ArrayList<>());
        Mailbox tolerant = chip.createMailbox(MailboxOptions.builder()
                .handler((message, self) -> {
                    if (((Int) message).longValue() % 2 == 1) {
                        throw new IllegalArgumentException("odd " + message);
                    }
                    handled.add(message);
                })
                .keepRunningOnError(true)
                .build());

        for (int i = 0; i < 10; i++) {
            chip.send(tolerant.pid(), Int.of(i));
        }

        await().atMost(WAIT).until(() -> handled.size() == 5);
        assertThat(handled).containsExactly(Int.of(0), Int.of(2), Int.of(4), Int.of(6), Int.of(8));
        assertThat(tolerant.isClosed()).isFalse();
    }

    @Test
    void aHandlerRepliesFromItsMailboxToARemoteCaller() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        chip.createMailbox("echo", (message, self) -> {
            Tuple request = (Tuple) message;
            self.send((dev.nodemesh.term.Pid) request.get(0), Tuple.of(self.pid(), request.get(1)));
        });
        Mailbox caller = dale.createMailbox();

        caller.send("echo", "chip@localhost", Tuple.of(caller.pid(), Atom.of("ping")));

        Tuple reply = (Tuple) caller.receive(WAIT).orElseThrow();
        assertThat(reply.get(0)).isEqualTo(chip.whereis("echo").orElseThrow());
        assertThat(reply.get(1)).isEqualTo(Atom.of("ping"));
    }

    @Test
    void aHandlerOnTheNetworkThreadHandlesRemoteMessagesInOrderOnTheThreadThatReadThem() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        int count = 20_000;
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int[] last = {-1};
        CountDownLatch done = new CountDownLatch(1);
        chip.createMailbox(MailboxOptions.builder()
                .name("fast")
                .handleOnNetworkThread(true)
                .handler((message, self) -> {
                    if (running.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    threads.add(Thread.currentThread().getName());
                    int seq = (int) ((Int) message).longValue();
                    if (seq != last[0] + 1) {
                        outOfOrder.incrementAndGet();
                    }
                    last[0] = seq;
                    if (seq == count - 1) {
                        done.countDown();
                    }
                    running.decrementAndGet();
                })
                .build());
        Mailbox from = dale.createMailbox();

        for (int i = 0; i < count; i++) {
            from.send("fast", "chip@localhost", Int.of(i));
        }

        assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(outOfOrder).hasValue(0);
        assertThat(overlaps).hasValue(0);
        assertThat(threads).anyMatch(name -> name.startsWith("nodemesh-chip-") && name.contains("-io-"));
    }

    @Test
    void withoutIdleSpinDispatchThreadsSleepAtOnceAndStillHandleEverything() throws Exception {
        Node chip = nodes.start(nodes.config("chip").idleSpin(Duration.ZERO));
        AtomicInteger handled = new AtomicInteger();
        Mailbox sink = chip.createMailbox(null, (message, self) -> handled.incrementAndGet());
        Mailbox from = chip.createMailbox();

        for (int i = 0; i < 1_000; i++) {
            from.send(sink.pid(), Int.of(i));
            if (i % 100 == 0) {
                // Let the dispatch thread drain and, with no spin, fall asleep before the next burst.
                int sent = i + 1;
                await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == sent);
            }
        }

        await().atMost(WAIT).until(() -> handled.get() == 1_000);
        assertThatThrownBy(() -> nodes.config("dale").idleSpin(Duration.ofMillis(11)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handleOnNetworkThreadNeedsAHandler() {
        assertThatThrownBy(() ->
                        MailboxOptions.builder().handleOnNetworkThread(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handler");
    }

    @Test
    void aMailboxWithAHandlerCannotBeReceivedFrom() {
        Node chip = nodes.start("chip");
        Mailbox handled = chip.createMailbox(null, (message, self) -> {});

        assertThat(handled.hasHandler()).isTrue();
        assertThatThrownBy(() -> handled.receive(Duration.ZERO))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has a handler");
        assertThatThrownBy(handled::receive).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aHandlerThatClosesItsOwnMailboxStopsGettingMessages() {
        Node chip = nodes.start("chip");
        AtomicInteger handled = new AtomicInteger();
        Mailbox once = chip.createMailbox(null, (message, self) -> {
            handled.incrementAndGet();
            self.close();
        });

        for (int i = 0; i < 100; i++) {
            chip.send(once.pid(), Int.of(i));
        }

        await().atMost(WAIT).until(once::isClosed);
        assertThat(handled).hasValue(1);
    }

    @Test
    void closingTheNodeStopsItsDispatchThreads() throws Exception {
        Node chip = nodes.start(nodes.config("chip").dispatchThreads(3));
        CountDownLatch entered = new CountDownLatch(1);
        AtomicReference<String> prefix = new AtomicReference<>();
        Mailbox sleeper = chip.createMailbox(null, (message, self) -> {
            String thread = Thread.currentThread().getName();
            prefix.set(thread.substring(0, thread.lastIndexOf('-') + 1));
            entered.countDown();
            new CountDownLatch(1).await();
        });
        for (int i = 0; i < 50; i++) {
            chip.send(chip.createMailbox(null, (message, self) -> {}).pid(), Atom.of("warm up"));
        }
        chip.send(sleeper.pid(), Atom.of("sleep"));
        assertThat(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        chip.close();

        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith(prefix.get()) && t.isAlive()));
        assertThat(sleeper.isClosed()).isTrue();
    }
}

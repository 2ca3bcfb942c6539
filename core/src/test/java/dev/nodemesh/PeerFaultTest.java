package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.dist.Connection;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.FaultLab;
import dev.nodemesh.testsupport.FaultPeer;
import dev.nodemesh.testsupport.Interop;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults between nodemesh (on the host) and a peer in a network namespace the test makes, a real
 * erl or a nodemesh node in a JVM of its own (see {@link FaultLab}): a silent partition (every packet of the link dropped by {@code iptables}, no
 * reset, no error), a frozen peer ({@code SIGSTOP}) and a killed one ({@code kill -9}), each
 * followed by the way back. A node declared down by the tick must be so within OTP's window,
 * {@code [tick, 1.25 × tick]} after the fault (with scheduling slack); messages sent while
 * connected arrive once each, in order; nothing reaches a previous incarnation.
 */
@Interop
class PeerFaultTest {

    private static final Logger log = LoggerFactory.getLogger(PeerFaultTest.class);

    private static final Duration TICK = Duration.ofSeconds(2);
    private static final long SLACK_MILLIS = 750;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int STREAM = 1_000;
    private static final Duration SLOW_CONSUMER = Duration.ofSeconds(5);

    private FaultLab lab;

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @ParameterizedTest
    @EnumSource(FaultLab.Peer.class)
    void bothSidesSeeTheNodeDownWithinTheTickWindowAndTheNextSendReconnects(FaultLab.Peer kind) throws Exception {
        lab = FaultLab.start(TICK, kind);
        FaultPeer peer = lab.peer();
        Node node = lab.node();
        String peerName = peer.name();
        Mailbox sink = node.createMailbox(
                MailboxOptions.builder().name("nmsink").capacity(10 * STREAM).build());

        // connected: a stream each way, every message once and in order
        Mailbox source = node.createMailbox();
        for (int i = 1; i <= STREAM; i++) {
            source.send("sink", peerName, Tuple.of(Atom.of("seq"), Int.of(i)));
        }
        peer.stream("nmsink", lab.nodemeshName(), 1, STREAM);
        for (int i = 1; i <= STREAM; i++) {
            assertThat(sink.receive(WAIT)).contains(Tuple.of(Atom.of("seq"), Int.of(i)));
        }
        await().atMost(WAIT).until(() -> peer.seqsInOrder(STREAM));

        // the cut: both sides declare the other down, from the tick timeout
        lab.partition();
        long cutAt = System.nanoTime();
        var down = await().atMost(TICK.multipliedBy(3))
                .until(lab::lastDown, Optional::isPresent)
                .orElseThrow();
        long ourMillis = (down.getKey() - cutAt) / 1_000_000;
        long peerMillis = (await().atMost(WAIT)
                                .until(() -> peer.downAtNanos(lab.nodemeshName()), Optional::isPresent)
                                .orElseThrow()
                        - cutAt)
                / 1_000_000;

        assertThat(down.getValue()).isEqualTo(NodeDownReason.NET_TICK_TIMEOUT);
        assertWithinTickWindow(ourMillis, "nodemesh's nodedown after the cut, ms");
        assertWithinTickWindow(peerMillis, "the peer's nodedown after the cut, ms");

        // the heal: the next send in either direction reconnects and is delivered within a second
        lab.heal();
        Mailbox probe = node.createMailbox();
        long sentAt = System.nanoTime();
        probe.send("sink", peerName, Tuple.of(Atom.of("ping"), probe.pid(), Int.of(1)));
        Optional<Term> pong = probe.receive(WAIT);
        long reconnectMillis = (System.nanoTime() - sentAt) / 1_000_000;
        assertThat(pong).contains(Tuple.of(Atom.of("pong"), Int.of(1)));
        assertThat(reconnectMillis).as("send to the peer after the heal, ms").isLessThan(1_000);

        peer.disconnect(lab.nodemeshName());
        long peerSentAt = System.nanoTime();
        peer.stream("nmsink", lab.nodemeshName(), STREAM + 1, STREAM + 1);
        assertThat(sink.receive(WAIT)).contains(Tuple.of(Atom.of("seq"), Int.of(STREAM + 1)));
        assertThat((System.nanoTime() - peerSentAt) / 1_000_000)
                .as("the peer's send after a disconnect, ms")
                .isLessThan(1_000);
        assertThat(sink.receive(Duration.ZERO)).as("no duplicates").isEmpty();
        // the figures docs/reliability.md quotes, in the test's report
        log.info(String.format(
                Locale.ROOT,
                "silent partition, %s peer, tick %d ms: nodedown after %d ms (nodemesh) and %d ms (peer);"
                        + " reconnect %d ms",
                kind,
                TICK.toMillis(),
                ourMillis,
                peerMillis,
                reconnectMillis));
    }

    @ParameterizedTest
    @EnumSource(FaultLab.Peer.class)
    void aFrozenPeerIsDownAfterTheTickWindowAndReachableAgainWhenItWakes(FaultLab.Peer kind) throws Exception {
        lab = FaultLab.start(TICK, kind);
        Mailbox probe = lab.node().createMailbox();
        assertThat(ping(probe, 1)).contains(pong(1));

        long stoppedAt = System.nanoTime();
        lab.signalPeer("STOP");
        var down = await().atMost(TICK.multipliedBy(3))
                .until(lab::lastDown, Optional::isPresent)
                .orElseThrow();
        long downMillis = (down.getKey() - stoppedAt) / 1_000_000;
        assertThat(down.getValue()).isEqualTo(NodeDownReason.NET_TICK_TIMEOUT);
        assertWithinTickWindow(downMillis, "nodedown after SIGSTOP, ms");
        // stopped for two tick times in all, then woken
        await().pollDelay(Duration.ZERO)
                .atMost(TICK.multipliedBy(3))
                .until(() ->
                        System.nanoTime() - stoppedAt >= TICK.multipliedBy(2).toNanos());
        lab.signalPeer("CONT");

        long sentAt = System.nanoTime();
        assertThat(ping(probe, 2)).contains(pong(2));
        long reachMillis = (System.nanoTime() - sentAt) / 1_000_000;
        assertThat(probe.receive(Duration.ZERO)).as("each pong once").isEmpty();
        log.info(String.format(
                Locale.ROOT,
                "SIGSTOP, %s peer, tick %d ms: nodedown after %d ms; first ping after SIGCONT answered in %d ms",
                kind,
                TICK.toMillis(),
                downMillis,
                reachMillis));
    }

    @ParameterizedTest
    @EnumSource(FaultLab.Peer.class)
    void aPeerKilledMidStreamAndRestartedIsANewIncarnation(FaultLab.Peer kind) throws Exception {
        lab = FaultLab.start(TICK, kind);
        Mailbox watcher = lab.node().createMailbox();
        Pid oldSink = sinkPid();
        Ref monitor = watcher.monitor(oldSink);
        Mailbox source = lab.node().createMailbox();
        for (int i = 1; i <= 100; i++) {
            source.send(oldSink, Tuple.of(Atom.of("seq"), Int.of(i)));
        }
        await().atMost(WAIT).until(() -> lab.peer().seqsInOrder(100));

        // killed while a stream is still being sent; the sender stops once it hears of the nodedown
        AtomicBoolean stop = new AtomicBoolean();
        Thread stream = new Thread(() -> {
            for (int i = 101; i <= 1_000_000 && !stop.get(); i++) {
                source.send(oldSink, Tuple.of(Atom.of("seq"), Int.of(i)));
            }
        });
        stream.start();
        long killedAt = System.nanoTime();
        lab.signalPeer("KILL");
        var down =
                await().atMost(WAIT).until(lab::lastDown, Optional::isPresent).orElseThrow();
        stop.set(true);
        // a send to a node being reconnected may wait for that attempt (as in OTP), no longer
        stream.join(lab.node()
                .config()
                .handshakeTimeout()
                .multipliedBy(2)
                .plus(WAIT)
                .toMillis());
        assertThat(stream.isAlive())
                .as("a sender to a dead node does not hang; it is at %s", List.of(stream.getStackTrace()))
                .isFalse();
        assertThat(down.getValue()).isEqualTo(NodeDownReason.CONNECTION_CLOSED);
        long downMillis = (down.getKey() - killedAt) / 1_000_000;
        assertThat(downMillis).as("nodedown after kill -9, ms").isLessThan(1_000);
        Down monitorDown = Down.of(watcher.receive(WAIT).orElseThrow()).orElseThrow();
        assertThat(monitorDown.ref()).isEqualTo(monitor);
        assertThat(monitorDown.reason()).isEqualTo(Atom.of("noconnection"));

        // the same name again: a new incarnation, which the old pids do not reach
        lab.startPeer();
        Pid newSink = sinkPid();
        assertThat(newSink.creation()).isNotEqualTo(oldSink.creation());
        Mailbox probe = lab.node().createMailbox();
        assertThat(ping(probe, 1)).contains(pong(1));
        Connection connection = lab.node()
                .runtime()
                .connections()
                .connection(Atom.of(lab.peer().name()))
                .orElseThrow();
        long packetsBefore = connection.messagesOut();
        for (int i = 1; i <= 10; i++) {
            source.send(oldSink, Tuple.of(Atom.of("seq"), Int.of(i)));
        }
        assertThat(connection.messagesOut())
                .as("nothing sent to a previous incarnation's pid")
                .isEqualTo(packetsBefore);
        Ref stale = watcher.monitor(oldSink);
        Down staleDown = Down.of(watcher.receive(WAIT).orElseThrow()).orElseThrow();
        assertThat(staleDown.ref()).isEqualTo(stale);
        assertThat(staleDown.reason()).isEqualTo(Atom.of("noproc"));
        assertThat(lab.peer().seqsInOrder(0)).as("the new sink got nothing").isTrue();
        log.info(String.format(
                Locale.ROOT, "kill -9, %s peer: nodedown (connection_closed) after %d ms", kind, downMillis));
    }

    @ParameterizedTest
    @EnumSource(FaultLab.Peer.class)
    void aSenderTenTimesFasterThanItsConsumerStaysBoundedOnBothSides(FaultLab.Peer kind) throws Exception {
        lab = FaultLab.start(TICK, kind);
        Mailbox probe = lab.node().createMailbox();
        assertThat(ping(probe, 1)).contains(pong(1));
        long peerBefore = lab.peer().residentBytes();
        long heapBefore = heapAfterGc();
        long directBefore = directBytes();

        // the consumer runs 10 ms in every 100; the sender offers 64 KiB binaries as fast as it can
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread throttle = new Thread(() -> {
            while (sending.get()) {
                lab.signalPeer("STOP");
                LockSupport.parkNanos(Duration.ofMillis(90).toNanos());
                lab.signalPeer("CONT");
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        });
        Term blob = Tuple.of(Atom.of("blob"), Binary.of(new byte[65536]));
        Mailbox source = lab.node().createMailbox();
        long offered = 0;
        long peakDirect = 0;
        throttle.start();
        long end = System.nanoTime() + SLOW_CONSUMER.toNanos();
        try {
            while (System.nanoTime() < end) {
                source.send("sink", lab.peer().name(), blob);
                offered += 65536;
                peakDirect = Math.max(peakDirect, directBytes() - directBefore);
            }
        } finally {
            sending.set(false);
            throttle.join();
            lab.signalPeer("CONT");
        }
        assertThat(ping(probe, 2)).as("the consumer is still there").contains(pong(2));
        long heapGrowth = heapAfterGc() - heapBefore;
        long peerGrowth = lab.peer().residentBytes() - peerBefore;

        assertThat(peakDirect + Math.max(0, heapGrowth))
                .as("the sender's direct memory and heap growth, bytes (offered %d MiB)", offered >> 20)
                .isLessThan(64L << 20);
        // an erl grows by what it holds; a nodemesh runner's JVM also grows its heap, capped at 64 MiB
        assertThat(peerGrowth)
                .as("the consumer's resident memory growth, bytes")
                .isLessThan(128L << 20);
        log.info(String.format(
                Locale.ROOT,
                "slow consumer, %s peer: offered %d MiB in %d s; sender direct peak +%d KiB, heap %+d KiB;"
                        + " consumer RSS %+d KiB",
                kind,
                offered >> 20,
                SLOW_CONSUMER.toSeconds(),
                peakDirect >> 10,
                heapGrowth >> 10,
                peerGrowth >> 10));
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long directBytes() {
        long jdk = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
        return Math.max(0, PlatformDependent.usedDirectMemory()) + jdk;
    }

    private Optional<Term> ping(Mailbox probe, int n) throws InterruptedException {
        probe.send("sink", lab.peer().name(), Tuple.of(Atom.of("ping"), probe.pid(), Int.of(n)));
        return probe.receive(WAIT);
    }

    private static Term pong(int n) {
        return Tuple.of(Atom.of("pong"), Int.of(n));
    }

    /** Asks the peer for its sink's pid: it sends it to a mailbox here. */
    private Pid sinkPid() throws InterruptedException {
        String inboxName = "pid_inbox_" + System.nanoTime();
        Mailbox inbox = lab.node().createMailbox(inboxName);
        lab.peer().sendSinkPid(inboxName, lab.nodemeshName());
        Term pid = inbox.receive(WAIT).orElseThrow();
        inbox.close();
        return (Pid) pid;
    }

    private static void assertWithinTickWindow(long millis, String what) {
        assertThat(millis).as(what).isBetween(TICK.toMillis() - SLACK_MILLIS, TICK.toMillis() * 5 / 4 + SLACK_MILLIS);
    }
}

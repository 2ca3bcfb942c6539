package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.BeamNode;
import dev.nodemesh.testsupport.Interop;
import dev.nodemesh.testsupport.Slow;
import dev.nodemesh.testsupport.SoakSamples;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mixed workload for a while (two minutes by default; {@code -Dnodemesh.soak.duration=PT30M}
 * for the long run), sampling the JVM every ten seconds: messages from {@code dale} to {@code chip},
 * calls both ways between {@code chip} and a real erl, calls from {@code dale} to {@code chip},
 * monitors and links made and broken, and {@code chip} dropping its connection to {@code dale}
 * every five seconds. Nothing may go wrong in the workload, and no sampled figure may trend up
 * (see {@link SoakSamples#assertNoGrowth}). The samples go to {@code target/soak/}; with {@code
 * -Dnodemesh.soak.plot=FILE} also a PNG plot.
 */
@Slow
@Interop
class SoakTest {

    private static final Logger log = LoggerFactory.getLogger(SoakTest.class);

    private static final Duration DURATION = Duration.parse(System.getProperty("nodemesh.soak.duration", "PT2M"));
    private static final Duration SAMPLE = Duration.ofSeconds(10);
    private static final Duration FLAP = Duration.ofSeconds(5);
    private static final Duration CALL = Duration.ofSeconds(5);

    private final TestNodes nodes = new TestNodes();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> workers = new ArrayList<>();
    private final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private BeamNode erl;

    @AfterEach
    void stop() throws InterruptedException {
        running.set(false);
        for (Thread worker : workers) {
            worker.join(CALL.multipliedBy(3).toMillis());
        }
        if (erl != null) {
            erl.close();
        }
        nodes.close();
    }

    @Test
    void aMixedWorkloadRunsWithoutErrorsOrGrowth() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        chip.createMailbox("echo", SoakTest::echo);
        dale.createMailbox("echo", SoakTest::echo);
        AtomicLong lastSeq = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        chip.createMailbox("sink", (message, self) -> {
            long n = ((Int) ((Tuple) message).get(1)).longValue();
            if (n <= lastSeq.getAndSet(n)) {
                outOfOrder.incrementAndGet(); // lost messages are allowed (at most once), reordering is not
            }
        });
        erl = BeamNode.erl("erl@localhost", TestNodes.COOKIE, nodes.epmdPort());
        erl.eval("register(echo, spawn(fun() -> L = fun L() -> receive {'$gen_call', F, R} -> gen_server:reply(F, R),"
                + " L(); _ -> L() end end, L() end)), ets:new(soak, [named_table, public]),"
                + " ets:insert(soak, [{ok, 0}, {bad, 0}]), spawn(fun() -> C = fun C(N) ->"
                + " try gen_server:call({echo, 'chip@localhost'}, N, 5000) of N -> ets:update_counter(soak, ok, 1);"
                + " _ -> ets:update_counter(soak, bad, 1) catch _:_ -> ets:update_counter(soak, bad, 1) end,"
                + " timer:sleep(1), C(N + 1) end, C(1) end), ok");

        AtomicLong sent = new AtomicLong();
        AtomicLong javaToErlCalls = new AtomicLong();
        AtomicLong daleToChipCalls = new AtomicLong();
        AtomicLong callsCutByFlaps = new AtomicLong();
        AtomicLong monitorCycles = new AtomicLong();
        work("messages", () -> {
            Mailbox source = dale.createMailbox();
            while (running.get()) {
                for (int i = 0; i < 100; i++) {
                    source.send("sink", "chip@localhost", Tuple.of(Atom.of("seq"), Int.of(sent.incrementAndGet())));
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        });
        work("calls to erl", () -> {
            for (long n = 1; running.get(); n++) {
                assertThat(GenServer.call(chip, "echo", "erl@localhost", Int.of(n), CALL))
                        .isEqualTo(Int.of(n));
                javaToErlCalls.incrementAndGet();
            }
        });
        work("calls across the flapping connection", () -> {
            for (long n = 1; running.get(); n++) {
                try {
                    assertThat(GenServer.call(dale, "echo", "chip@localhost", Int.of(n), CALL))
                            .isEqualTo(Int.of(n));
                    daleToChipCalls.incrementAndGet();
                } catch (CallException e) {
                    assertThat(e.reason()).isEqualTo(Atom.of("noconnection"));
                    callsCutByFlaps.incrementAndGet();
                }
            }
        });
        work("monitors and links", () -> {
            Mailbox watcher = chip.createMailbox();
            while (running.get()) {
                Mailbox target = dale.createMailbox();
                watcher.monitor(target.pid());
                watcher.link(target.pid());
                watcher.unlink(target.pid());
                target.close();
                // its Down; a flap between the link and the unlink may also bring the link's EXIT
                Term down = watcher.receive(
                                m -> Down.of(m)
                                        .filter(d -> d.target().equals(target.pid()))
                                        .isPresent(),
                                CALL)
                        .orElseThrow(() -> new AssertionError("no Down for " + target.pid()));
                assertThat(Down.of(down)).isPresent();
                while (watcher.receive(Duration.ZERO).isPresent()) {
                    // an EXIT of a link broken by a flap (noconnection); nothing else comes here
                }
                monitorCycles.incrementAndGet();
            }
        });
        work("flaps", () -> {
            while (running.get()) {
                LockSupport.parkNanos(FLAP.toNanos());
                chip.disconnect("dale@localhost");
            }
        });

        SoakSamples samples = new SoakSamples();
        long end = System.nanoTime() + DURATION.toNanos();
        while (System.nanoTime() < end && failures.isEmpty()) {
            LockSupport.parkNanos(Math.min(SAMPLE.toNanos(), Math.max(1, end - System.nanoTime())));
            samples.take();
        }
        running.set(false);
        for (Thread worker : workers) {
            worker.join(CALL.multipliedBy(3).toMillis());
        }

        assertThat(failures).as("errors in the workload").isEmpty();
        String erlCalls = erl.eval("ets:tab2list(soak)");
        Path csv = samples.write(Path.of("target", "soak"));
        String plot = System.getProperty("nodemesh.soak.plot");
        if (plot != null) {
            samples.plot(Path.of(plot), "nodemesh soak, " + DURATION.toMinutes() + " min");
        }
        log.info(String.format(
                Locale.ROOT,
                "soak %s: %d messages sent, %d calls to erl, %d calls dale->chip (%d cut by a flap), %d monitor"
                        + " cycles, erl's calls to chip %s; samples in %s",
                DURATION,
                sent.get(),
                javaToErlCalls.get(),
                daleToChipCalls.get(),
                callsCutByFlaps.get(),
                monitorCycles.get(),
                erlCalls,
                csv));
        assertThat(outOfOrder.get()).as("messages out of order").isZero();
        assertThat(erlCalls).as("erl's calls to a Java handler").contains("{bad,0}");
        assertThat(javaToErlCalls.get()).isPositive();
        assertThat(daleToChipCalls.get()).isPositive();
        assertThat(monitorCycles.get()).isPositive();
        samples.assertNoGrowth();
    }

    private static void echo(Term message, Mailbox self) {
        GenServerRequest.parse(message).ifPresent(request -> {
            if (request instanceof GenServerRequest.Call call) {
                call.reply(self, call.request());
            }
        });
    }

    private interface Work {
        void run() throws Exception;
    }

    private void work(String name, Work work) {
        Thread thread = new Thread(
                () -> {
                    try {
                        work.run();
                    } catch (Throwable e) {
                        if (running.get()) {
                            failures.add(new AssertionError(name + " failed", e));
                        }
                    }
                },
                "soak-" + name);
        workers.add(thread);
        thread.start();
    }
}

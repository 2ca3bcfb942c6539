package dev.nodemesh.bench.e2e;

import dev.nodemesh.Cookie;
import dev.nodemesh.GenServer;
import dev.nodemesh.GenServerRequest;
import dev.nodemesh.IoTransport;
import dev.nodemesh.Mailbox;
import dev.nodemesh.MailboxOptions;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.NodeName;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.tls.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A nodemesh node, used as an application would: the sink and the pong server are mailboxes with
 * a handler (run on the node's dispatch threads), the senders are plain threads sending from a
 * mailbox. The node's configuration is the default one but for the loopback address, the cookie
 * and the private EPMD port (and {@code -Dnodemesh.bench.idleSpinMicros=N}, to compare idle
 * spins; {@code -Dnodemesh.bench.tlsDir=DIR} for mutual TLS, see {@link BenchTls}).
 */
final class NodemeshEndpoint implements Endpoint {

    static final Atom SEQ = Atom.of("seq");
    static final Atom PING = Atom.of("ping");
    static final Atom PONG = Atom.of("pong");
    static final Atom DONE = Atom.of("nm_done");
    static final Atom MEMBER_DONE = Atom.of("nm_member_done");
    static final Atom FAN = Atom.of("fan");
    static final Duration WAIT = Duration.ofMinutes(5);

    private final Node node;
    private final Mailbox reporter;
    private Mailbox sink;
    private Mailbox pong;
    private Mailbox pongOnNetworkThread;
    private Mailbox callServer;

    NodemeshEndpoint(String name, String cookie, int epmdPort) {
        try {
            NodeConfig.Builder config = NodeConfig.builder(name)
                    .cookie(Cookie.of(cookie))
                    .listen(InetAddress.getLoopbackAddress(), 0)
                    .epmdPort(epmdPort);
            Long spinMicros = Long.getLong("nodemesh.bench.idleSpinMicros");
            if (spinMicros != null) {
                config.idleSpin(Duration.ofNanos(spinMicros * 1000));
            }
            String directWrites = System.getProperty("nodemesh.bench.directWrites");
            if (directWrites != null) {
                config.directWrites(Boolean.parseBoolean(directWrites));
            }
            String ioTransport = System.getProperty("nodemesh.bench.ioTransport");
            if (ioTransport != null) {
                config.ioTransport(IoTransport.valueOf(ioTransport.toUpperCase(java.util.Locale.ROOT)));
            }
            TlsConfig tls = BenchTls.fromProperty();
            if (tls != null) {
                config.tls(tls);
            }
            this.node = Node.start(config.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.reporter = node.createMailbox(MailboxOptions.builder()
                .name("nm_report")
                .capacity(Integer.MAX_VALUE)
                .maxBytes(Long.MAX_VALUE)
                .build());
    }

    Node nodemesh() {
        return node;
    }

    @Override
    public String kind() {
        return "nodemesh";
    }

    @Override
    public String node() {
        return node.name().toString();
    }

    @Override
    public void startSink(int n, String reportNode) {
        if (sink != null) {
            sink.close();
        }
        NodeName report = NodeName.parse(reportNode);
        int[] left = {n};
        sink = node.createMailbox(MailboxOptions.builder()
                .name("nm_sink")
                .capacity(Integer.MAX_VALUE)
                .maxBytes(Long.MAX_VALUE)
                .handler((message, self) -> {
                    if (--left[0] == 0) {
                        self.send("nm_report", report, Tuple.of(DONE, Int.of(n)));
                    }
                })
                .build());
    }

    @Override
    public void startPong() {
        if (pong != null) {
            pong.close();
            pongOnNetworkThread.close();
        }
        pong = node.createMailbox(pongOptions("nm_pong", false));
        pongOnNetworkThread = node.createMailbox(pongOptions("nm_pong_net", true));
    }

    private static MailboxOptions pongOptions(String name, boolean onNetworkThread) {
        return MailboxOptions.builder()
                .name(name)
                .capacity(Integer.MAX_VALUE)
                .maxBytes(Long.MAX_VALUE)
                .handleOnNetworkThread(onNetworkThread)
                .handler((message, self) -> {
                    if (message instanceof Tuple t && t.size() == 3 && t.get(1) instanceof Pid from) {
                        self.send(from, Tuple.of(PONG, t.get(2)));
                    }
                })
                .build();
    }

    /**
     * Starts {@code nm_call}: a mailbox whose handler answers each {@code $gen_call} with the
     * request, as a {@code @NodeProcess} bean's handler would through {@link GenServerRequest}.
     */
    @Override
    public void startCallServer() {
        if (callServer != null) {
            callServer.close();
        }
        callServer = node.createMailbox(MailboxOptions.builder()
                .name("nm_call")
                .capacity(Integer.MAX_VALUE)
                .maxBytes(Long.MAX_VALUE)
                .handler((message, self) -> {
                    if (GenServerRequest.parse(message).orElse(null) instanceof GenServerRequest.Call call) {
                        call.reply(self, call.request());
                    }
                })
                .build());
    }

    @Override
    public Percentiles genCall(String to, int n) {
        long[] times = new long[n];
        try (Mailbox caller = node.createMailbox()) {
            for (int i = 1; i <= n; i++) {
                Int request = Int.of(i);
                long t0 = System.nanoTime();
                Term reply = GenServer.call(caller, "nm_call", to, request, WAIT);
                times[i - 1] = System.nanoTime() - t0;
                if (!request.equals(reply)) {
                    throw new IllegalStateException("call " + i + " to " + to + " got " + reply);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Percentiles.of(times);
    }

    @Override
    public long sendSmall(String to, int n) {
        NodeName target = NodeName.parse(to);
        return timed(() -> {
            for (int i = 1; i <= n; i++) {
                reporter.send("nm_sink", target, Tuple.of(SEQ, Int.of(i)));
            }
        });
    }

    @Override
    public long sendBinary(String to, int n, int size) {
        NodeName target = NodeName.parse(to);
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 0x2a);
        Binary binary = Binary.wrap(bytes);
        return timed(() -> {
            for (int i = 0; i < n; i++) {
                reporter.send("nm_sink", target, binary);
            }
        });
    }

    @Override
    public long sendConcurrent(String to, int n, int senders) {
        NodeName target = NodeName.parse(to);
        int per = n / senders;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < senders; k++) {
            Mailbox from = node.createMailbox();
            Thread thread = new Thread(
                    () -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int i = 1; i <= per; i++) {
                            from.send("nm_sink", target, Tuple.of(SEQ, Int.of(i)));
                        }
                        from.close();
                    },
                    "sender-" + k);
            thread.start();
            threads.add(thread);
        }
        long micros = timed(go::countDown);
        for (Thread thread : threads) {
            join(thread);
        }
        return micros;
    }

    @Override
    public Percentiles pingPong(String to, int n, String server) {
        NodeName target = NodeName.parse(to);
        long[] times = new long[n];
        try (Mailbox client = node.createMailbox()) {
            Pid self = client.pid();
            for (int i = 1; i <= n; i++) {
                Int seq = Int.of(i);
                long t0 = System.nanoTime();
                client.send(server, target, Tuple.of(PING, self, seq));
                Optional<Term> reply = client.receive(WAIT);
                times[i - 1] = System.nanoTime() - t0;
                if (reply.isEmpty() || !(reply.get() instanceof Tuple t) || !seq.equals(t.get(1))) {
                    throw new IllegalStateException("ping " + i + " to " + to + " got " + reply);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Percentiles.of(times);
    }

    @Override
    public Percentiles setUp(String to, int n) {
        NodeName target = NodeName.parse(to);
        long[] times = new long[n];
        node.disconnect(target);
        pause(20);
        int failures = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            if (!node.connect(target)) {
                // Counted and said, not timed: the next attempt starts from a clean state.
                failures++;
                EndToEnd.log("set-up " + i + " to " + to + " failed: "
                        + node.connectFailure(target).orElse("?"));
                if (failures > n / 10) {
                    throw new IllegalStateException("cannot connect to " + to + ": " + node.connectFailure(target));
                }
                node.disconnect(target);
                pause(100);
                i--;
                continue;
            }
            times[i] = System.nanoTime() - t0;
            node.disconnect(target);
            pause(5);
        }
        return Percentiles.of(times).withFailures(failures);
    }

    /**
     * Starts a fan-out member: a mailbox in {@code group} of the default scope that counts {@code
     * n} messages, then sends {@code {nm_member_done, Pid}} to {@code nm_report} on {@code
     * reportNode}.
     *
     * @param group the group
     * @param n how many messages to count
     * @param reportNode the publisher's node
     * @return the member; closing it leaves the group
     */
    Mailbox startMember(Term group, int n, String reportNode) {
        NodeName report = NodeName.parse(reportNode);
        int[] left = {n};
        Mailbox member = node.createMailbox(MailboxOptions.builder()
                .capacity(Integer.MAX_VALUE)
                .maxBytes(Long.MAX_VALUE)
                .handler((message, self) -> {
                    if (--left[0] == 0) {
                        self.send("nm_report", report, Tuple.of(MEMBER_DONE, self.pid()));
                    }
                })
                .build());
        node.groups().join(group, member);
        return member;
    }

    /**
     * Publishes {@code n} messages {@code {fan, i}} to {@code group}, each to every member, as an
     * application does with {@code ProcessGroups.publish}.
     *
     * @param group the group
     * @param n how many publishes
     * @param members how many members report when they have every message
     * @return microseconds from the first publish until every member reported
     */
    long publish(Term group, int n, int members) {
        return timed(
                () -> {
                    for (int i = 1; i <= n; i++) {
                        node.groups().publish(group, Tuple.of(FAN, Int.of(i)));
                    }
                },
                members);
    }

    private long timed(Runnable send) {
        return timed(send, 1);
    }

    private long timed(Runnable send, int reports) {
        drain();
        long t0 = System.nanoTime();
        send.run();
        try {
            for (int i = 0; i < reports; i++) {
                Optional<Term> done = reporter.receive(WAIT);
                if (done.isEmpty()) {
                    throw new IllegalStateException("the sink did not report within " + WAIT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return (System.nanoTime() - t0) / 1000;
    }

    private void drain() {
        try {
            while (reporter.receive(Duration.ZERO).isPresent()) {
                // a report from an earlier run
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits a fixed time, outside every timed section. The harness uses it only where the wait is
     * part of the workload's definition (the same 5 ms between set-ups for every pair, the slow
     * receiver's duty cycle, the memory sampler's period), or where no event exists to wait on
     * (Netty releasing a closed channel's buffers before the heap is read).
     *
     * @param millis how long
     */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        node.close();
    }
}

package dev.nodemesh.bench.e2e;

import com.ericsson.otp.erlang.OtpAuthException;
import com.ericsson.otp.erlang.OtpConnection;
import com.ericsson.otp.erlang.OtpEpmd;
import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangDecodeException;
import com.ericsson.otp.erlang.OtpErlangExit;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import com.ericsson.otp.erlang.OtpMbox;
import com.ericsson.otp.erlang.OtpNode;
import com.ericsson.otp.erlang.OtpPeer;
import com.ericsson.otp.erlang.OtpSelf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A JInterface 1.13 node (Debian's {@code erlang-jinterface}), sender only: {@code OtpNode} with
 * {@code OtpMbox}es, as JInterface applications send. Set-up times a bare {@code
 * OtpSelf.connect(OtpPeer)}, JInterface's handshake without anything on top. Loaded by {@link
 * EndToEnd} through reflection, so the harness builds and runs without JInterface.
 */
public final class JInterfaceEndpoint implements Endpoint {

    private static final long WAIT_MILLIS = 300_000;
    private static final OtpErlangAtom SEQ = new OtpErlangAtom("seq");
    private static final OtpErlangAtom PING = new OtpErlangAtom("ping");

    private final String name;
    private final String cookie;
    private final OtpNode node;
    private final OtpMbox reporter;

    /**
     * Starts the node; it registers with the harness's EPMD.
     *
     * @param name the full node name
     * @param cookie the cookie
     * @param epmdPort the private EPMD port
     * @throws IOException when the node cannot start
     */
    public JInterfaceEndpoint(String name, String cookie, int epmdPort) throws IOException {
        OtpEpmd.useEpmdPort(epmdPort);
        this.name = name;
        this.cookie = cookie;
        this.node = new OtpNode(name, cookie);
        this.reporter = node.createMbox("nm_report");
    }

    @Override
    public String kind() {
        return "JInterface";
    }

    @Override
    public String node() {
        return name;
    }

    @Override
    public void startSink(int n, String reportNode) {
        throw new UnsupportedOperationException("the JInterface endpoint only sends");
    }

    @Override
    public void startPong() {
        throw new UnsupportedOperationException("the JInterface endpoint only sends");
    }

    @Override
    public long sendSmall(String to, int n) {
        return timed(() -> {
            for (int i = 1; i <= n; i++) {
                reporter.send("nm_sink", to, new OtpErlangTuple(new OtpErlangObject[] {SEQ, new OtpErlangLong(i)}));
            }
        });
    }

    @Override
    public long sendBinary(String to, int n, int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 0x2a);
        OtpErlangBinary binary = new OtpErlangBinary(bytes);
        return timed(() -> {
            for (int i = 0; i < n; i++) {
                reporter.send("nm_sink", to, binary);
            }
        });
    }

    @Override
    public long sendConcurrent(String to, int n, int senders) {
        int per = n / senders;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < senders; k++) {
            OtpMbox from = node.createMbox();
            Thread thread = new Thread(
                    () -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int i = 1; i <= per; i++) {
                            from.send(
                                    "nm_sink", to, new OtpErlangTuple(new OtpErlangObject[] {SEQ, new OtpErlangLong(i)}));
                        }
                        from.close();
                    },
                    "jinterface-sender-" + k);
            thread.start();
            threads.add(thread);
        }
        long micros = timed(go::countDown);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return micros;
    }

    @Override
    public Percentiles pingPong(String to, int n, String server) {
        long[] times = new long[n];
        OtpMbox client = node.createMbox();
        try {
            for (int i = 1; i <= n; i++) {
                OtpErlangLong seq = new OtpErlangLong(i);
                long t0 = System.nanoTime();
                client.send(server, to, new OtpErlangTuple(new OtpErlangObject[] {PING, client.self(), seq}));
                OtpErlangObject reply = client.receive(WAIT_MILLIS);
                times[i - 1] = System.nanoTime() - t0;
                if (!(reply instanceof OtpErlangTuple t) || !seq.equals(t.elementAt(1))) {
                    throw new IllegalStateException("ping " + i + " to " + to + " got " + reply);
                }
            }
        } catch (OtpErlangExit | OtpErlangDecodeException e) {
            throw new IllegalStateException(e);
        } finally {
            client.close();
        }
        return Percentiles.of(times);
    }

    @Override
    public Percentiles setUp(String to, int n) {
        long[] times = new long[n];
        try {
            OtpSelf self = new OtpSelf("jset@localhost", cookie);
            OtpPeer peer = new OtpPeer(to);
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                OtpConnection connection = self.connect(peer);
                times[i] = System.nanoTime() - t0;
                connection.close();
                Thread.sleep(5); // the same pause between set-ups as every other pair, outside the timing
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OtpAuthException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Percentiles.of(times);
    }

    private long timed(Runnable send) {
        try {
            while (reporter.receive(0) != null) {
                // a report from an earlier run
            }
            long t0 = System.nanoTime();
            send.run();
            OtpErlangObject done = reporter.receive(WAIT_MILLIS);
            if (done == null) {
                throw new IllegalStateException("the sink did not report");
            }
            return (System.nanoTime() - t0) / 1000;
        } catch (OtpErlangExit | OtpErlangDecodeException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        node.close();
    }
}

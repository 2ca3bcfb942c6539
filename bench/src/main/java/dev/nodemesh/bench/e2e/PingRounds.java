package dev.nodemesh.bench.e2e;

/**
 * A quick comparison of request/response latency, for A/B runs of one setting: two nodemesh nodes
 * in this JVM, then three rounds of raw TCP, the default pong (a dispatch thread) and the pong on
 * the network thread, each {@code n} round trips, printed as p50/p99 in microseconds on one line.
 *
 * <pre>
 * java -Dlabel=on  -cp bench/target/benchmarks.jar dev.nodemesh.bench.e2e.PingRounds 20000
 * java -Dlabel=off -Dnodemesh.bench.directWrites=false -cp … dev.nodemesh.bench.e2e.PingRounds 20000
 * </pre>
 *
 * <p>Alternate the processes (on, off, on, off…): on a virtual machine the floor itself moves
 * between processes. The nodes use the embedded EPMD on a port derived from the process id.
 */
public final class PingRounds {

    private PingRounds() {}

    /**
     * Runs the rounds.
     *
     * @param args the number of round trips per measurement (default 20,000)
     * @throws Exception when a node cannot start
     */
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "20000");
        int epmdPort = 20_000 + (int) (ProcessHandle.current().pid() % 20_000);
        NodemeshEndpoint client = new NodemeshEndpoint("ping_rounds_a", "ping-rounds", epmdPort);
        NodemeshEndpoint server = new NodemeshEndpoint("ping_rounds_b", "ping-rounds", epmdPort);
        try {
            server.startPong();
            client.pingPong(server.node(), n, "nm_pong");
            client.pingPong(server.node(), n, "nm_pong_net");
            RawTcp.pingPong(n);
            StringBuilder line = new StringBuilder(System.getProperty("label", "run"));
            for (int round = 0; round < 3; round++) {
                Percentiles raw = RawTcp.pingPong(n);
                Percentiles dispatch = client.pingPong(server.node(), n, "nm_pong");
                Percentiles network = client.pingPong(server.node(), n, "nm_pong_net");
                line.append(String.format(
                        " | raw %.1f/%.1f default %.1f/%.1f network-thread %.1f/%.1f",
                        raw.p50() / 1e3,
                        raw.p99() / 1e3,
                        dispatch.p50() / 1e3,
                        dispatch.p99() / 1e3,
                        network.p50() / 1e3,
                        network.p99() / 1e3));
            }
            // A command-line tool: its result is this line on standard output.
            System.out.println(line);
        } finally {
            client.close();
            server.close();
        }
    }
}

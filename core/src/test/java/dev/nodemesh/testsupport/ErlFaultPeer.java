package dev.nodemesh.testsupport;

import java.time.Duration;
import java.util.Optional;

/** A real erl as the far side of a {@link FaultLab}, driven through its read-eval-print loop. */
final class ErlFaultPeer implements FaultPeer {

    private final BeamNode erl;
    private final String name;
    private final long clockOffsetNanos;

    ErlFaultPeer(NetworkNamespace namespace, String cookie, int epmdPort, Duration tick) {
        this.erl = BeamNode.erlIn(
                namespace, "erl", cookie, epmdPort, "-kernel", "net_ticktime", Long.toString(tick.toSeconds()));
        this.name = "erl@" + namespace.namespaceAddress().getHostAddress();
        erl.eval("ets:new(nm_down, [named_table, public]), register(sink, spawn(fun() -> L = fun L(A) ->"
                + " receive {seq, N} -> L([N | A]); {get, F} -> F ! {seqs, lists:reverse(A)}, L(A);"
                + " {ping, F, T} -> F ! {pong, T}, L(A); {blob, _} -> L(A) end end, L([]) end)),"
                + " spawn(fun() -> net_kernel:monitor_nodes(true, [{node_type, all}]), W = fun W() -> receive"
                + " {nodedown, Nd, _} -> ets:insert(nm_down, {Nd, erlang:monotonic_time(nanosecond)}), W();"
                + " _ -> W() end end, W() end), ok");
        // erl's monotonic clock against ours, to within an eval's round trip
        long before = System.nanoTime();
        long erlNow = Long.parseLong(erl.eval("erlang:monotonic_time(nanosecond)"));
        long after = System.nanoTime();
        this.clockOffsetNanos = (before + after) / 2 - erlNow;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long osPid() {
        return erl.process().pid();
    }

    @Override
    public boolean seqsInOrder(int n) {
        return erl.eval("sink ! {get, self()}, receive {seqs, S} -> S =:= lists:seq(1, " + n
                        + ") after 5000 -> timeout end")
                .equals("true");
    }

    @Override
    public Optional<Long> downAtNanos(String node) {
        String lookup = erl.eval("ets:lookup(nm_down, '" + node + "')");
        if (!lookup.contains(",")) {
            return Optional.empty();
        }
        String time = lookup.substring(lookup.lastIndexOf(',') + 1).replaceAll("[^0-9-]", "");
        return Optional.of(Long.parseLong(time) + clockOffsetNanos);
    }

    @Override
    public void stream(String target, String node, int from, int to) {
        erl.eval("[{" + target + ", '" + node + "'} ! {seq, N} || N <- lists:seq(" + from + ", " + to + ")], ok");
    }

    @Override
    public void disconnect(String node) {
        erl.eval("erlang:disconnect_node('" + node + "'), ok");
    }

    @Override
    public void sendSinkPid(String target, String node) {
        erl.eval("{" + target + ", '" + node + "'} ! whereis(sink), ok");
    }

    @Override
    public void close() {
        erl.close();
    }
}

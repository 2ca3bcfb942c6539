package dev.nodemesh.bench.e2e;

import dev.nodemesh.Mailbox;
import dev.nodemesh.term.Atom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fan-out workload of issue 18: one publisher sends each message to every member of a process
 * group, on nodemesh with {@code ProcessGroups.publish}, on erl with {@code [P ! M || P <-
 * pg:get_members(G)]}. Three nodes a side (the erl ones visible, as {@code pg} needs); members
 * spread round-robin over the two other nodes and the publisher's own, and a 1,000-member group on
 * the publisher's node alone. Each member counts the messages and reports when it has all of
 * them; the figure is member deliveries per second, from the first publish to the last report.
 */
final class FanOut {

    /** The target of issue 18: nodemesh ≥ 3× erl on the 3-node fan-out. */
    static final double TARGET = 3.0;

    private static final Duration MEMBERS_WAIT = Duration.ofSeconds(30);

    /**
     * One group shape.
     *
     * @param members how many members
     * @param local whether they all live on the publisher's node
     */
    record Scenario(int members, boolean local) {
        String label() {
            return String.format(
                    Locale.ROOT,
                    "%,d member%s, %s",
                    members,
                    members == 1 ? "" : "s",
                    local ? "publisher's node" : "3 nodes");
        }
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario(1, false), new Scenario(10, false), new Scenario(100, false), new Scenario(1000, true));

    /**
     * One scenario's figures.
     *
     * @param scenario the group shape
     * @param publishes how many messages were published
     * @param erl erl's member deliveries per second
     * @param nodemesh nodemesh's member deliveries per second
     */
    record Figure(Scenario scenario, int publishes, double erl, double nodemesh) {
        double ratio() {
            return nodemesh / erl;
        }
    }

    /**
     * The figures of one run.
     *
     * @param figures one per scenario
     */
    record Result(List<Figure> figures) {
        String describe() {
            StringBuilder out = new StringBuilder("fan-out, member deliveries/s (publishes × members ÷ time):\n");
            out.append(String.format(
                    Locale.ROOT, "  %-28s %10s %12s %12s %7s%n", "group", "publishes", "erl", "nodemesh", "×"));
            for (Figure f : figures) {
                out.append(String.format(
                        Locale.ROOT,
                        "  %-28s %,10d %12s %12s %7.2f%n",
                        f.scenario.label(),
                        f.publishes,
                        Report.format(f.erl),
                        Report.format(f.nodemesh),
                        f.ratio()));
            }
            return out.toString().stripTrailing();
        }

        String json() {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < figures.size(); i++) {
                Figure f = figures.get(i);
                out.append(i == 0 ? "" : ",")
                        .append(String.format(
                                Locale.ROOT,
                                "{\"members\":%d,\"local\":%b,\"publishes\":%d,\"erl_deliveries_per_s\":%.1f,"
                                        + "\"nodemesh_deliveries_per_s\":%.1f,\"ratio\":%.3f}",
                                f.scenario.members,
                                f.scenario.local,
                                f.publishes,
                                f.erl,
                                f.nodemesh,
                                f.ratio()));
            }
            return out.append(']').toString();
        }
    }

    private final List<NodemeshEndpoint> nodemesh;
    private final List<ErlEndpoint> erl;
    private int groups;

    /**
     * @param nodemesh three nodemesh nodes, the publisher first
     * @param erl three visible erl nodes, the publisher first
     */
    FanOut(List<NodemeshEndpoint> nodemesh, List<ErlEndpoint> erl) {
        this.nodemesh = List.copyOf(nodemesh);
        this.erl = List.copyOf(erl);
        for (int i = 1; i < 3; i++) {
            if (!nodemesh.get(0).nodemesh().connect(nodemesh.get(i).node())) {
                throw new IllegalStateException(
                        "cannot connect to " + nodemesh.get(i).node());
            }
            String connected =
                    erl.get(0).eval("net_kernel:connect_node('" + erl.get(i).node() + "')");
            if (!connected.equals("true")) {
                throw new IllegalStateException(
                        "cannot connect to " + erl.get(i).node() + ": " + connected);
            }
        }
    }

    /**
     * Runs every scenario.
     *
     * @param deliveries about how many member deliveries each scenario makes
     * @return the figures
     */
    Result run(int deliveries) {
        List<Figure> figures = new ArrayList<>();
        for (Scenario scenario : SCENARIOS) {
            int publishes = Math.max(10, deliveries / scenario.members);
            double erlRate = scenario.members * (double) publishes * 1e6 / erlRun(scenario, publishes);
            double nmRate = scenario.members * (double) publishes * 1e6 / nodemeshRun(scenario, publishes);
            Figure figure = new Figure(scenario, publishes, erlRate, nmRate);
            EndToEnd.log(String.format(
                    Locale.ROOT,
                    "fan-out %s: erl %s, nodemesh %s deliveries/s (%.2f×)",
                    scenario.label(),
                    Report.format(erlRate),
                    Report.format(nmRate),
                    figure.ratio()));
            figures.add(figure);
        }
        return new Result(figures);
    }

    /** The node a member lives on: the publisher's node alone, or round-robin from the others. */
    private static int nodeOf(Scenario scenario, int member) {
        return scenario.local ? 0 : (member + 1) % 3;
    }

    private int[] perNode(Scenario scenario) {
        int[] count = new int[3];
        for (int m = 0; m < scenario.members; m++) {
            count[nodeOf(scenario, m)]++;
        }
        return count;
    }

    private long erlRun(Scenario scenario, int publishes) {
        String group = "nm_fan_" + (++groups);
        int[] count = perNode(scenario);
        String publisher = erl.get(0).node();
        for (int i = 0; i < 3; i++) {
            expect(
                    erl.get(i)
                            .eval("nm_bench:start_members(" + group + ", " + count[i] + ", " + publishes + ", '"
                                    + publisher + "')"),
                    "ok");
        }
        expect(erl.get(0).eval("nm_bench:await_members(" + group + ", " + scenario.members + ")"), "ok");
        long micros = Long.parseLong(
                erl.get(0).eval("nm_bench:publish(" + group + ", " + publishes + ", " + scenario.members + ")"));
        for (int i = 0; i < 3; i++) {
            expect(erl.get(i).eval("nm_bench:stop_members(" + group + ")"), "ok");
        }
        return micros;
    }

    private long nodemeshRun(Scenario scenario, int publishes) {
        Atom group = Atom.of("nm_fan_" + (++groups));
        String publisher = nodemesh.get(0).node();
        List<Mailbox> members = new ArrayList<>();
        try {
            for (int m = 0; m < scenario.members; m++) {
                members.add(nodemesh.get(nodeOf(scenario, m)).startMember(group, publishes, publisher));
            }
            long deadline = System.nanoTime() + MEMBERS_WAIT.toNanos();
            while (nodemesh.get(0).nodemesh().groups().members(group).size() != scenario.members) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the publisher does not see the " + scenario.members
                            + " members of " + group + " after " + MEMBERS_WAIT);
                }
                NodemeshEndpoint.pause(10);
            }
            return nodemesh.get(0).publish(group, publishes, scenario.members);
        } finally {
            members.forEach(Mailbox::close);
        }
    }

    private static void expect(String value, String expected) {
        if (!value.equals(expected)) {
            throw new IllegalStateException("expected " + expected + ", got " + value);
        }
    }
}

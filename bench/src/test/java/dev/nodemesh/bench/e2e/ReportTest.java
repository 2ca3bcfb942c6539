package dev.nodemesh.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.bench.e2e.EndToEnd.Mode;
import dev.nodemesh.bench.e2e.EndToEnd.Results;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's arithmetic: percentiles, ratios, verdicts, the table and the JSON. */
class ReportTest {

    @Test
    void percentilesAreNearestRank() {
        long[] samples = new long[1000];
        for (int i = 0; i < samples.length; i++) {
            samples[samples.length - 1 - i] = i + 1;
        }

        Percentiles p = Percentiles.of(samples);

        assertThat(p.p50()).isEqualTo(500);
        assertThat(p.p99()).isEqualTo(990);
        assertThat(p.p999()).isEqualTo(999);
        assertThat(p.max()).isEqualTo(1000);
    }

    @Test
    void percentilesParseWhatErlPrints() {
        assertThat(Percentiles.parse("{36712,489021,\n 4142001,10667561}"))
                .isEqualTo(new Percentiles(36712, 489021, 4142001, 10667561));
        assertThatThrownBy(() -> Percentiles.parse("timeout")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void targetsCompareRatiosWithinOneRunAndSayByHowMuchTheyAreMissed() {
        Results r = new Results();
        r.put(EndToEnd.ERL_ERL, Results.SMALL, 200_000);
        r.put(EndToEnd.NM_NM, Results.SMALL, 2_400_000);
        r.put(EndToEnd.NM_ERL, Results.SMALL, 300_000);
        r.put(EndToEnd.RAW, Results.PING_P50, 20);
        r.put(EndToEnd.NM_NM, Results.PING_P50, 30);

        List<Report.Target> targets = Report.targets(r);

        assertThat(targets)
                .extracting(Report.Target::name, Report.Target::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("nodemesh→nodemesh small msgs ≥ 10× erl→erl", "met"),
                        org.assertj.core.groups.Tuple.tuple("nodemesh→erl small msgs ≥ 2× erl→erl", "missed by 25 %"),
                        org.assertj.core.groups.Tuple.tuple(
                                "nodemesh→nodemesh ping-pong p50 ≤ 1.2× raw TCP", "missed by 25 %"));
    }

    @Test
    void theTableShowsRatiosToErlAndTheJsonHoldsEveryFigure() {
        Results r = new Results();
        r.otpRelease = "25";
        r.put(EndToEnd.ERL_ERL, Results.SMALL, 200_000);
        r.put(EndToEnd.NM_NM, Results.SMALL, 2_000_000);

        String table = Report.table(r, Mode.QUICK);
        String json = Report.json(r, Mode.QUICK);

        assertThat(table).contains("200,000").contains("2,000,000").contains("10.00");
        assertThat(json)
                .contains("\"mode\":\"quick\"")
                .contains("\"tls\":\"off\"")
                .contains("\"erl_to_erl\":{\"small_msgs_per_s\":200000.000}")
                .contains("\"nodemesh_to_nodemesh\":{\"small_msgs_per_s\":2000000.000}")
                .contains("\"met\":true");
        assertThat(Report.summary(List.of(r, r))).contains("median  10.00  met");
    }

    @Test
    void idleCpuIsATargetALineAndAJsonObject() {
        Results r = new Results();
        r.idle = new IdleCpu.Result(10, 2.5, 0.4, List.of(Map.entry("nodemesh-nma-1-1", 2.0)));

        assertThat(Report.targets(r))
                .extracting(Report.Target::name, Report.Target::verdict)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "idle: the JVM's CPU ≤ 1.0 % of one core", "missed by 150 %"));
        assertThat(Report.table(r, Mode.QUICK)).contains("used 2.50 % of one core, an erl VM 0.40 %");
        assertThat(Report.json(r, Mode.QUICK))
                .contains("\"idle_cpu\":{\"seconds\":10.0,\"jvm_cpu_percent\":2.500,\"erl_cpu_percent\":0.400,"
                        + "\"busiest_threads\":[{\"thread\":\"nodemesh-nma-1-1\",\"cpu_percent\":2.000}]}");
    }

    @Test
    void fanOutGetsATargetPerThreeNodeGroupALineAndAJsonArray() {
        Results r = new Results();
        r.fanOut = new FanOut.Result(List.of(
                new FanOut.Figure(new FanOut.Scenario(10, false), 1000, 500_000, 1_600_000),
                new FanOut.Figure(new FanOut.Scenario(1000, true), 10, 1_000_000, 2_000_000)));

        assertThat(Report.targets(r))
                .extracting(Report.Target::name, Report.Target::verdict)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fan-out 10 members, 3 nodes ≥ 3.0× erl", "met"));
        assertThat(Report.table(r, Mode.QUICK))
                .contains("10 members, 3 nodes", "500,000", "1,600,000", "3.20", "1,000 members, publisher's node");
        assertThat(Report.json(r, Mode.QUICK))
                .contains(
                        "\"fan_out\":[{\"members\":10,\"local\":false,\"publishes\":1000,"
                                + "\"erl_deliveries_per_s\":500000.0,\"nodemesh_deliveries_per_s\":1600000.0,\"ratio\":3.200},");
    }

    @Test
    void genServerCallsGetARowTheirJsonKeysAndATargetForBothDirections() {
        Results r = new Results();
        calls(r, EndToEnd.ERL_ERL, 40, 90);
        calls(r, EndToEnd.NM_NM, 20, 50);
        calls(r, EndToEnd.NM_ERL, 36, 80);
        calls(r, EndToEnd.ERL_NM, 50, 95);

        String table = Report.table(r, Mode.QUICK);
        String json = Report.json(r, Mode.QUICK);

        assertThat(table.lines().filter(l -> l.startsWith("GenServer call p50, µs")))
                .singleElement()
                .asString()
                .contains("40.0")
                .contains("36.0")
                .contains("0.90")
                .contains("1.25");
        assertThat(table).contains("GenServer call p99, µs");
        assertThat(json)
                .contains("\"erl_to_erl\":{\"gen_call_p50_us\":40.000,\"gen_call_p99_us\":90.000}")
                .contains("\"nodemesh_to_nodemesh\":{\"gen_call_p50_us\":20.000,\"gen_call_p99_us\":50.000}")
                .contains("\"nodemesh_to_erl\":{\"gen_call_p50_us\":36.000,\"gen_call_p99_us\":80.000}")
                .contains("\"erl_to_nodemesh\":{\"gen_call_p50_us\":50.000,\"gen_call_p99_us\":95.000}");
        assertThat(Report.targets(r))
                .extracting(Report.Target::name, Report.Target::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "erl→nodemesh GenServer call p50 ≤ erl→erl's", "missed by 25 %"),
                        org.assertj.core.groups.Tuple.tuple("nodemesh→erl GenServer call p50 ≤ erl→erl's", "met"));
    }

    private static void calls(Results r, String pair, double p50, double p99) {
        r.put(pair, Results.CALL_P50, p50);
        r.put(pair, Results.CALL_P99, p99);
    }
}

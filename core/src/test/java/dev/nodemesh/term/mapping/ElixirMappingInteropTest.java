package dev.nodemesh.term.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Term;
import dev.nodemesh.term.etf.EtfDecoder;
import dev.nodemesh.term.etf.EtfEncoder;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every mapping rule against a real Elixir: Elixir builds the value and sends its external
 * format, Java maps it to the expected Java value, maps that back, and Elixir compares what came
 * back with what it expects ({@code ==}, so struct fields and precision count).
 */
@Interop
class ElixirMappingInteropTest {

    record Greeting(String text, int count) {}

    @KeywordList
    record Options(int limit, boolean verbose) {}

    record Event(@IntegerTime(ChronoUnit.MILLIS) Instant at, @IntegerTime(ChronoUnit.SECONDS) Duration ttl) {}

    sealed interface Reply permits Done, Failed {}

    @TaggedTuple("ok")
    record Done(Greeting greeting) implements Reply {}

    @TaggedTuple("error")
    record Failed(String reason) implements Reply {}

    enum Status {
        ACTIVE,
        ON_HOLD
    }

    /** A rule: the Elixir value, the Java type and value, and what Elixir gets back. */
    record Rule(String name, String elixir, Type type, Object java, String back) {}

    private static Rule rule(String name, String elixir, Type type, Object java) {
        return new Rule(name, elixir, type, java, elixir);
    }

    private static Rule rule(String name, String elixir, Type type, Object java, String back) {
        return new Rule(name, elixir, type, java, back);
    }

    private static final UUID ID = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");

    private static final List<Rule> RULES = List.of(
            rule(
                    "result_ok",
                    "{:ok, %{text: \"hi\", count: 3}}",
                    new TermType<Result<Greeting, String>>() {}.type(),
                    Result.ok(new Greeting("hi", 3))),
            rule(
                    "result_error",
                    "{:error, :not_found}",
                    new TermType<Result<Greeting, String>>() {}.type(),
                    Result.error("not_found"),
                    "{:error, \"not_found\"}"),
            rule("sealed_ok", "{:ok, %{text: \"a\", count: 1}}", Reply.class, new Done(new Greeting("a", 1))),
            rule("sealed_error", "{:error, \"late\"}", Reply.class, new Failed("late")),
            rule(
                    "keyword_record",
                    "[text: \"Ada\", count: 36]",
                    Greeting.class,
                    new Greeting("Ada", 36),
                    "%{text: \"Ada\", count: 36}"),
            rule("keyword_list_record", "[limit: 10, verbose: true]", Options.class, new Options(10, true)),
            rule(
                    "keyword_map",
                    "[name: \"Ada\", age: 36]",
                    new TermType<Map<String, Object>>() {}.type(),
                    orderedMap("name", "Ada", "age", 36L),
                    "%{\"name\" => \"Ada\", \"age\" => 36}"),
            rule("atom_string", ":some_atom", String.class, "some_atom", "\"some_atom\""),
            rule("atom_enum", ":on_hold", Status.class, Status.ON_HOLD),
            rule("string_enum", "\"on_hold\"", Status.class, Status.ON_HOLD, ":on_hold"),
            rule(
                    "atom_keys",
                    "%{name: \"Ada\", tags: [\"x\"]}",
                    new TermType<Map<String, Object>>() {}.type(),
                    Map.of("name", "Ada", "tags", List.of("x")),
                    "%{\"name\" => \"Ada\", \"tags\" => [\"x\"]}"),
            rule(
                    "date_time_millis",
                    "~U[2024-01-02 03:04:05.120Z]",
                    Instant.class,
                    Instant.parse("2024-01-02T03:04:05.120Z")),
            rule(
                    "date_time_micros",
                    "DateTime.from_unix!(1704164645123456, :microsecond)",
                    Instant.class,
                    Instant.parse("2024-01-02T03:04:05.123456Z")),
            rule(
                    "date_time_seconds",
                    "~U[1969-07-20 20:17:40Z]",
                    OffsetDateTime.class,
                    OffsetDateTime.of(1969, 7, 20, 20, 17, 40, 0, ZoneOffset.UTC)),
            rule(
                    "date_time_in_a_zone",
                    "%DateTime{year: 2024, month: 1, day: 2, hour: 4, minute: 4, second: 5, microsecond: {120000, 3},"
                            + " time_zone: \"Europe/Paris\", zone_abbr: \"CET\", utc_offset: 3600, std_offset: 0}",
                    OffsetDateTime.class,
                    OffsetDateTime.parse("2024-01-02T04:04:05.120+01:00"),
                    "~U[2024-01-02 03:04:05.120Z]"),
            rule(
                    "date_time_iso",
                    "DateTime.to_iso8601(~U[2024-01-02 03:04:05.120Z])",
                    Instant.class,
                    Instant.parse("2024-01-02T03:04:05.120Z"),
                    "~U[2024-01-02 03:04:05.120Z]"),
            rule(
                    "integer_time",
                    "%{at: DateTime.to_unix(~U[2024-01-02 03:04:05.120Z], :millisecond), ttl: 30}",
                    Event.class,
                    new Event(Instant.parse("2024-01-02T03:04:05.120Z"), Duration.ofSeconds(30))),
            rule("duration", ":timer.seconds(30)", Duration.class, Duration.ofSeconds(30)),
            rule("uuid", "\"0f8fad5b-d9cb-469f-a165-70867728950e\"", UUID.class, ID),
            rule(
                    "uuid_raw",
                    "Base.decode16!(\"0F8FAD5BD9CB469FA16570867728950E\")",
                    UUID.class,
                    ID,
                    "\"0f8fad5b-d9cb-469f-a165-70867728950e\""),
            rule(
                    "decimal",
                    "%{__struct__: Decimal, sign: -1, coef: 1230, exp: -2}",
                    BigDecimal.class,
                    new BigDecimal("-12.30")),
            rule(
                    "decimal_big",
                    "%{__struct__: Decimal, sign: 1, coef: 123456789012345678901234567890, exp: 5}",
                    BigDecimal.class,
                    new BigDecimal("123456789012345678901234567890E+5")));

    private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    @Test
    void everyRuleRoundTripsThroughElixir() {
        ErlangRuntime.requireElixir();
        TermMapper mapper = TermMapper.standard();
        StringBuilder send = new StringBuilder();
        for (Rule rule : RULES) {
            send.append("IO.puts(\"")
                    .append(rule.name())
                    .append(" \" <> Base.encode64(:erlang.term_to_binary(")
                    .append(rule.elixir())
                    .append(")))\n");
        }
        Map<String, String> sent = parse(ErlangRuntime.elixir(send.toString()));

        SoftAssertions softly = new SoftAssertions();
        StringBuilder check = new StringBuilder();
        for (Rule rule : RULES) {
            Term term = EtfDecoder.standard().decode(Base64.getDecoder().decode(sent.get(rule.name())));
            Object java = mapper.fromTerm(term, rule.type());
            softly.assertThat(java).as(rule.name()).isEqualTo(rule.java());
            String back =
                    Base64.getEncoder().encodeToString(EtfEncoder.standard().encode(mapper.toTerm(java)));
            check.append("got = :erlang.binary_to_term(Base.decode64!(\"")
                    .append(back)
                    .append("\"))\n")
                    .append("IO.puts(\"")
                    .append(rule.name())
                    .append(" \" <> if(got == (")
                    .append(rule.back())
                    .append("), do: \"same\", else: inspect(got, structs: false)))\n");
        }
        softly.assertAll();

        Map<String, String> verdicts = parse(ErlangRuntime.elixir(check.toString()));
        for (Rule rule : RULES) {
            assertThat(verdicts.get(rule.name()))
                    .as(rule.name() + " back in Elixir")
                    .isEqualTo("same");
        }
    }

    private static Map<String, String> parse(String output) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                lines.put(line.substring(0, space), line.substring(space + 1).strip());
            }
        }
        assertThat(lines)
                .as("lines from elixir:\n" + output)
                .containsKeys(RULES.stream().map(Rule::name).toArray(String[]::new));
        return lines;
    }
}

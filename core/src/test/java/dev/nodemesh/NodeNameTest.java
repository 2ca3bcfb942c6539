package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nodemesh.term.Atom;
import dev.nodemesh.testsupport.ErlLauncher;
import dev.nodemesh.testsupport.Interop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Node names: what erl accepts, short and long, and the messages that show a valid name. */
class NodeNameTest {

    private static final Pattern EXAMPLE = Pattern.compile("such as (\\S+@[^\\s,;)]+)");

    @Test
    void parseSplitsAShortName() {
        NodeName name = NodeName.parse("chip@myhost");

        assertThat(name.alive()).isEqualTo("chip");
        assertThat(name.host()).isEqualTo("myhost");
        assertThat(name.mode()).isEqualTo(NameMode.SHORT);
        assertThat(name.atom()).isEqualTo(Atom.of("chip@myhost"));
        assertThat(name).hasToString("chip@myhost");
    }

    @ParameterizedTest
    @CsvSource({
        "chip@myhost, SHORT",
        "chip@localhost, SHORT",
        "chip@myhost.example.com, LONG",
        "chip@127.0.0.1, LONG",
        "chip@::1, LONG",
        "chip@fe80::1:2, LONG",
        "chip@myhost., LONG",
        "Chip_9-x@my-host, SHORT",
        "chip@999.1.1.1, LONG",
        "chip@[::1], SHORT",
    })
    void parseInfersTheModeFromTheHost(String text, NameMode mode) {
        assertThat(NodeName.parse(text).mode()).isEqualTo(mode);
        assertThat(NodeName.parse(text)).hasToString(text);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "chip                  | expected alive@host such as chip@localhost",
                "''                    | expected alive@host such as chip@localhost",
                "chip@@myhost          | exactly one @; expected alive@host such as chip@localhost",
                "chip@my@host          | exactly one @; expected alive@host such as chip@localhost",
                "@myhost               | before the @ is empty; expected alive@host such as chip@myhost",
                "chip@                 | host after the @ is empty; expected alive@host such as chip@localhost",
                "my.node@myhost        | only have ASCII letters, digits, _ and - (as erl accepts); expected alive@host such as my_node@myhost",
                "'my node@myhost'      | only have ASCII letters, digits, _ and -",
                "café@myhost           | expected alive@host such as caf_@myhost",
                "a+b@myhost            | expected alive@host such as a_b@myhost",
                "'chip@my host'        | may not have spaces, control characters or characters beyond U+00FF; expected alive@host such as chip@localhost",
                "'chip@myhost\t'       | may not have spaces",
                "chip@ĉ                | characters beyond U+00FF",
                "é@myhost.example.com  | expected alive@host such as chip@myhost.example.com",
            })
    void parseRejectsWhatErlRejectsShowingAValidName(String text, String message) {
        Throwable thrown = catchThrowable(() -> NodeName.parse(text));

        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid node name \"" + text + "\": ")
                .hasMessageContaining(message);
        assertSuggestionsAreValid(thrown.getMessage(), null);
    }

    @Test
    void parseRejectsNull() {
        assertThatThrownBy(() -> NodeName.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node name must not be null; expected alive@host such as chip@localhost");
    }

    @Test
    void aNameHasAtMost255BytesOfUtf8() {
        String alive = "a".repeat(200);
        NodeName longest = NodeName.parse(alive + "@" + "h".repeat(54));
        assertThat(longest.atom().utf8Length()).isEqualTo(255);

        Throwable tooLong = catchThrowable(() -> NodeName.parse(alive + "@" + "h".repeat(55)));
        assertThat(tooLong)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it has 256 bytes of UTF-8, at most 255 are allowed")
                .hasMessageContaining("such as chip@localhost")
                .hasMessageContaining("\"" + alive.substring(0, 60) + "...\"");

        // 'é' is one character but two bytes: 1 + 1 + 127 * 2 = 256
        assertThatThrownBy(() -> NodeName.parse("a@" + "é".repeat(127)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256 bytes");
        assertThat(NodeName.parse("ab@" + "é".repeat(126)).atom().utf8Length()).isEqualTo(255);
    }

    @Test
    void shortNameWithoutHostGetsThisHostsNameUpToTheFirstDot() {
        NodeName name = NodeName.of("chip", NameMode.SHORT);

        assertThat(name.alive()).isEqualTo("chip");
        assertThat(name.mode()).isEqualTo(NameMode.SHORT);
        assertThat(name.host()).isNotEmpty().doesNotContain(".");
        assertThat(NodeName.of("other", NameMode.SHORT).host()).isEqualTo(name.host());
    }

    @Test
    void longNameWithoutHostGetsTheFullyQualifiedNameOrSaysToGiveIt() {
        Throwable thrown = catchThrowable(() -> {
            NodeName name = NodeName.of("chip", NameMode.LONG);
            assertThat(name.host()).contains(".");
            assertThat(name.mode()).isEqualTo(NameMode.LONG);
        });
        if (thrown != null) {
            // this machine has no fully qualified name (erl -name chip fails here too)
            assertThat(thrown)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("this host has no fully qualified name for the long node name chip")
                    .hasMessageContaining("give the host explicitly, such as chip@myhost.example.com or chip@127.0.0.1,"
                            + " or use short names (NameMode.SHORT)");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "chip@myhost, SHORT",
        "chip@localhost, SHORT",
        "chip@::1, SHORT",
        "chip@myhost.example.com, LONG",
        "chip@10.0.0.7, LONG",
        "chip@::1, LONG",
    })
    void ofKeepsAGivenHostThatSuitsTheMode(String text, NameMode mode) {
        NodeName name = NodeName.of(text, mode);

        assertThat(name).hasToString(text);
        assertThat(name.mode()).isEqualTo(mode);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "chip@myhost.example.com | a short node name's host has no dot (erl -sname says \"Can't set short node name!\"); use a short name such as chip@myhost, or long names (NameMode.LONG)",
                "chip@127.0.0.1          | use a short name such as chip@localhost, or long names (NameMode.LONG)",
                "chip@.example           | use a short name such as chip@localhost, or long names (NameMode.LONG)",
            })
    void shortNamesRefuseADottedHost(String text, String message) {
        Throwable thrown = catchThrowable(() -> NodeName.of(text, NameMode.SHORT));

        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid node name \"" + text + "\": ")
                .hasMessageEndingWith(message);
        assertSuggestionsAreValid(thrown.getMessage(), NameMode.SHORT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chip@localhost", "chip@myhost", "chip@1.2.3"})
    void longNamesRefuseAHostThatIsNeitherQualifiedNorAnAddress(String text) {
        String host = text.substring(text.indexOf('@') + 1);
        if (host.contains(".")) {
            assertThat(NodeName.of(text, NameMode.LONG).host()).isEqualTo(host);
            return;
        }
        Throwable thrown = catchThrowable(() -> NodeName.of(text, NameMode.LONG));

        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid node name \"" + text + "\": a long node name's host is a fully qualified name"
                        + " or an IP address, such as chip@myhost.example.com or chip@127.0.0.1 (nodes with long"
                        + " names refuse to connect to " + host + "); or use short names (NameMode.SHORT)");
        assertSuggestionsAreValid(thrown.getMessage(), NameMode.LONG);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "my.node | SHORT | such as my_node@localhost",
                "my.node | LONG  | such as my_node@myhost.example.com",
                "''      | SHORT | the name before the @ is empty; expected alive@host such as chip@localhost",
                "'a b'   | LONG  | such as a_b@myhost.example.com",
                "é@myhost.example.com | LONG | such as chip@myhost.example.com",
                "é@myhost.example.com | SHORT | such as chip@localhost",
                "chip@my@host | LONG | exactly one @; expected alive@host such as chip@myhost.example.com",
            })
    void ofRejectsAnInvalidAliveWithAnExampleForTheMode(String text, NameMode mode, String message) {
        Throwable thrown = catchThrowable(() -> NodeName.of(text, mode));

        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid node name \"" + text + "\": ")
                .hasMessageContaining(message);
        assertSuggestionsAreValid(thrown.getMessage(), mode);
    }

    @Test
    void ofRejectsNulls() {
        assertThatThrownBy(() -> NodeName.of("chip", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NameMode.SHORT or NameMode.LONG");
        assertThatThrownBy(() -> NodeName.of(null, NameMode.LONG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("such as chip or chip@127.0.0.1");
    }

    @Test
    void equalityIsOnTheFullNameWhateverTheMode() {
        NodeName parsed = NodeName.parse("chip@::1");
        NodeName shortName = NodeName.of("chip@::1", NameMode.SHORT);

        assertThat(parsed.mode()).isEqualTo(NameMode.LONG);
        assertThat(parsed).isEqualTo(shortName).hasSameHashCodeAs(shortName);
        assertThat(parsed.compareTo(shortName)).isZero();
        assertThat(NodeName.parse("chip@myhost")).isNotEqualTo(NodeName.parse("Chip@myhost"));
        assertThat(NodeName.parse("chip@myhost")).isNotEqualTo("chip@myhost");
    }

    @Test
    void namesSortByteWiseOnUtf8LikeAtoms() {
        List<String> texts =
                List.of("chip@myhost", "Chip@myhost", "chip-2@myhost", "chip_2@myhost", "chip@é", "chip@z", "chip2@a");
        List<NodeName> sorted = texts.stream().map(NodeName::parse).sorted().collect(Collectors.toList());

        assertThat(sorted)
                .extracting(NodeName::toString)
                .containsExactly(
                        "Chip@myhost", "chip-2@myhost", "chip2@a", "chip@myhost", "chip@z", "chip@é", "chip_2@myhost");
        List<Atom> atoms = new ArrayList<>();
        sorted.forEach(name -> atoms.add(name.atom()));
        assertThat(atoms).isSorted();
    }

    /**
     * The names erl's own {@code net_kernel:start/2} accepts in each mode (OTP 25: the alive part
     * matches {@code [0-9A-Za-z_-]+}, the host {@code [!-ÿ]*}, a short name's host has no dot) are
     * the ones nodemesh accepts, and a name without host gets the same host as in erl.
     *
     * <p>Deliberate differences, asserted separately: erl fills in the host of {@code chip@}, and
     * erl starts with a long name whose host is neither qualified nor an address, which no other
     * long-name node will then connect to ("Hostname localhost is illegal").
     */
    @Interop
    @Test
    void acceptsTheNamesErlAccepts(@TempDir Path home) {
        List<String[]> cases = new ArrayList<>();
        for (String text : List.of(
                "chip",
                "a-b",
                "a_b",
                "9x",
                "A",
                "a.b",
                "a b",
                "é",
                "a+b",
                "chip@myhost",
                "chip@b.c",
                "chip@127.0.0.1",
                "chip@::1",
                "@myhost",
                "chip@b@c",
                "chip@b c",
                "chip@é",
                "chip@ĉ",
                "a".repeat(200) + "@" + "b".repeat(54),
                "a".repeat(200) + "@" + "b".repeat(55),
                "a".repeat(253))) {
            cases.add(new String[] {text, "shortnames"});
        }
        for (String text : List.of(
                "chip@b.c",
                "chip@127.0.0.1",
                "chip@::1",
                "a.b@b.c",
                "chip@b c.d",
                "chip@é.com",
                "chip@b.",
                "@b.c",
                "chip@b.c@d",
                "a".repeat(200) + "@b." + "c".repeat(52),
                "a".repeat(200) + "@b." + "c".repeat(53))) {
            cases.add(new String[] {text, "longnames"});
        }
        String erlCases = cases.stream()
                .map(c -> "{" + codePoints(c[0]) + "," + c[1] + "}")
                .collect(Collectors.joining(",", "[", "]"));
        String output = ErlLauncher.erl()
                .home(home)
                .withoutEpmd()
                .erlFlags(List.of("-setcookie", "probe"))
                .runExpressions("logger:set_primary_config(level, none), "
                        + "[begin R = try net_kernel:start(list_to_atom(N), #{name_domain => D, dist_listen => false})"
                        + " catch C:E -> {error, {C, E}} end,"
                        + " case R of {ok, _} -> Node = node(), ok = net_kernel:stop(),"
                        + " io:format(\"ok ~s~n\", [atom_to_binary(Node, utf8)]);"
                        + " _ -> io:format(\"refused~n\") end end || {N, D} <- " + erlCases + "]");

        List<String> erl = output.lines().collect(Collectors.toList());
        assertThat(erl).hasSize(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            String text = cases.get(i)[0];
            NameMode mode = cases.get(i)[1].equals("shortnames") ? NameMode.SHORT : NameMode.LONG;
            String ours;
            try {
                ours = "ok " + NodeName.of(text, mode);
            } catch (IllegalArgumentException e) {
                ours = "refused";
            }
            assertThat(ours).as("%s as %s", text, mode).isEqualTo(erl.get(i));
        }
    }

    @Test
    void refusesWhatErlAcceptsButCannotWork() {
        // erl -sname chip@ means chip on this host; nodemesh wants the host said
        assertThatThrownBy(() -> NodeName.of("chip@", NameMode.SHORT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the host after the @ is empty");
        // erl -name chip@localhost starts, but every other long-name node refuses to connect to it
        assertThatThrownBy(() -> NodeName.of("chip@localhost", NameMode.LONG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nodes with long names refuse to connect to localhost");
    }

    @Test
    void isIpAddressKnowsDottedQuadsAndIpv6() {
        assertThat(NodeName.isIpAddress("10.0.0.7")).isTrue();
        assertThat(NodeName.isIpAddress("255.255.255.255")).isTrue();
        assertThat(NodeName.isIpAddress("::1")).isTrue();
        assertThat(NodeName.isIpAddress("2001:db8::8a2e:370:7334")).isTrue();
        assertThat(NodeName.isIpAddress("::ffff:10.0.0.7")).isTrue();
        assertThat(NodeName.isIpAddress("256.0.0.1")).isFalse();
        assertThat(NodeName.isIpAddress("10.0.0")).isFalse();
        assertThat(NodeName.isIpAddress("10.0.0.x")).isFalse();
        assertThat(NodeName.isIpAddress("myhost")).isFalse();
        assertThat(NodeName.isIpAddress("a:b")).isFalse();
    }

    /** Every "such as alive@host" in a message names a valid node (in the mode, if given). */
    private static void assertSuggestionsAreValid(String message, NameMode mode) {
        Matcher matcher = EXAMPLE.matcher(message);
        Set<String> examples = new LinkedHashSet<>();
        while (matcher.find()) {
            examples.add(matcher.group(1));
        }
        assertThat(examples).as("examples in: %s", message).isNotEmpty();
        for (String example : examples) {
            NodeName valid = mode == null ? NodeName.parse(example) : NodeName.of(example, mode);
            assertThat(valid).hasToString(example);
        }
    }

    private static String codePoints(String text) {
        return text.codePoints().mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }
}

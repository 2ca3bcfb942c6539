package dev.nodemesh.term;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed literal fails with a message that says what was expected, what was found and where. */
class TermSyntaxErrorTest {

    static Stream<Arguments> elixirErrors() {
        return Stream.of(
                Arguments.of("{1 2}", "expected ',' or '}' after a tuple element, found '2' at position 3", 3),
                Arguments.of(
                        "[1, 2", "expected ',', '|' or ']' after a list element, found end of input at position 5", 5),
                Arguments.of("", "expected a term, found end of input at position 0", 0),
                Arguments.of("   ", "expected a term, found end of input at position 3", 3),
                Arguments.of(":ok :error", "expected end of input after the term, found ':' at position 4", 4),
                Arguments.of(
                        "foo",
                        "expected a term, found the identifier 'foo' (an atom needs a colon: :foo) at position 0",
                        0),
                Arguments.of(":", "expected an atom name or a quote after ':', found end of input at position 1", 1),
                Arguments.of(
                        "\"abc",
                        "expected a closing \" for the text opened at position 0, found end of input at position 4",
                        4),
                Arguments.of(
                        "\"a#{b}\"",
                        "interpolation '#{' is not supported in a term literal (escape it as \\#{) at position 2",
                        2),
                Arguments.of(
                        "%{a: 1, \"b\" => 2}",
                        "expected a keyword entry (key: value): keyword entries must come last in a map, found '\"' at position 8",
                        8),
                Arguments.of(
                        "[a: 1, 2]",
                        "expected a keyword entry (key: value): keyword entries must come last in a list, found '2' at position 7",
                        7),
                Arguments.of("%{1 2}", "expected '=>' after a map key, found '2' at position 4", 4),
                Arguments.of("%{1 => 2", "expected ',' or '}' after a map entry, found end of input at position 8", 8),
                Arguments.of("[1 | 2, 3]", "expected ']' after the tail of the list, found ',' at position 6", 6),
                Arguments.of("<<1.5>>", "binary segments must be integers or strings, found a float at position 2", 2),
                Arguments.of(
                        "<<1::bogus>>",
                        "expected a segment type (size(N), N, integer, binary, utf8, big, little), found 'b' at position 5",
                        5),
                Arguments.of("1.0e999", "float literal out of range (Erlang floats are finite) at position 0", 0),
                Arguments.of("0x", "expected hex digits after 0x, found end of input at position 2", 2),
                Arguments.of("&foo.bar/1", "expected a module after '&', found the identifier 'foo' at position 0", 0),
                Arguments.of(
                        "&:m.f",
                        "expected '/' between the function and the arity of a capture, found end of input at position 5",
                        5),
                Arguments.of(
                        "#PID<1.2.3>",
                        "a pid of node 1 cannot be parsed: the shell's node index names no node; only node 0 (local) is accepted at position 0",
                        0),
                Arguments.of("#PID<0.1>", "expected '.' and 1 more number(s) in a pid, found '>' at position 8", 8),
                Arguments.of(
                        "#Function<0.1/1 in :m>",
                        "a local fun (#Function<...>) cannot be parsed: it only exists on the node that made it at position 0",
                        0),
                Arguments.of(
                        "~r/x/",
                        "expected ~c or ~s (the only sigils a term literal may use), found '~' at position 0",
                        0),
                Arguments.of("\"\\u{110000}\"", "code point U+110000 is beyond U+10FFFF at position 1", 1),
                Arguments.of(
                        "[".repeat(1001),
                        "terms nested deeper than 1000 levels are not supported at position 1000",
                        1000));
    }

    static Stream<Arguments> erlangErrors() {
        return Stream.of(
                Arguments.of("{a,b", "expected ',' or '}' after a tuple element, found end of input at position 4", 4),
                Arguments.of("{1 2}", "expected ',' or '}' after a tuple element, found '2' at position 3", 3),
                Arguments.of(
                        "Foo",
                        "expected a term, found the variable 'Foo' (quote it to make an atom: 'Foo') at position 0",
                        0),
                Arguments.of(
                        "and",
                        "expected a term, found the reserved word 'and' (quote it to make an atom: 'and') at position 0",
                        0),
                Arguments.of("[1,2,", "expected a term, found end of input at position 5", 5),
                Arguments.of("#{a 1}", "expected '=>' after a map key, found '1' at position 4", 4),
                Arguments.of(
                        "<<\"Ā\">>",
                        "character U+0100 does not fit a byte: write the string with /utf8, as in <<\"...\"/utf8>> at position 2",
                        2),
                Arguments.of("37#1", "radix 37 is outside 2..36 at position 0", 0),
                Arguments.of("16#", "expected base-16 digits after '#', found end of input at position 3", 3),
                Arguments.of(
                        "'abc",
                        "expected a closing ' for the text opened at position 0, found end of input at position 4",
                        4),
                Arguments.of(
                        "fun m:f",
                        "expected '/' between the function and the arity of a fun, found end of input at position 7",
                        7),
                Arguments.of(
                        "#Fun<erl_eval.1.2>",
                        "a local fun (#Fun<...>) cannot be parsed: it only exists on the node that made it at position 0",
                        0),
                Arguments.of("ok.", "expected end of input after the term, found '.' at position 2", 2));
    }

    @ParameterizedTest(name = "ELIXIR {0}")
    @MethodSource("elixirErrors")
    void malformedElixirLiteralIsRejectedWithWhatWasExpectedAndWhere(String text, String message, int position) {
        assertThatThrownBy(() -> TermSyntax.ELIXIR.parse(text)).isInstanceOfSatisfying(TermSyntaxException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.position()).isEqualTo(position);
        });
    }

    @ParameterizedTest(name = "ERLANG {0}")
    @MethodSource("erlangErrors")
    void malformedErlangLiteralIsRejectedWithWhatWasExpectedAndWhere(String text, String message, int position) {
        assertThatThrownBy(() -> TermSyntax.ERLANG.parse(text)).isInstanceOfSatisfying(TermSyntaxException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.position()).isEqualTo(position);
        });
    }
}

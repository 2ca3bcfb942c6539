package dev.nodemesh.term;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the term-literal parsers ({@link ElixirParser} and {@link
 * ErlangParser}, through {@link TermSyntax}): whatever the text (the input's bytes as UTF-8), parsing
 * ends in a term or a {@link TermSyntaxException}; and a parsed term, formatted in either syntax,
 * parses back to itself.
 */
class TermSyntaxFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void elixir(byte[] input) {
        parseAndRoundTrip(TermSyntax.ELIXIR, new String(input, StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "10m")
    void erlang(byte[] input) {
        parseAndRoundTrip(TermSyntax.ERLANG, new String(input, StandardCharsets.UTF_8));
    }

    private static void parseAndRoundTrip(TermSyntax syntax, String text) {
        Term term;
        try {
            term = syntax.parse(text);
        } catch (TermSyntaxException expected) {
            assertThat(expected.position()).as("error position").isBetween(0, text.length());
            return;
        }
        for (TermSyntax other : TermSyntax.values()) {
            String formatted = other.format(term);
            assertThat(other.parse(formatted))
                    .as("%s parsed, formatted as %s: %s", text, other, formatted)
                    .isEqualTo(term);
        }
    }
}

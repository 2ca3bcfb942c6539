package dev.nodemesh.term.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Java names to Elixir names, and atoms as iex shows them. */
class NamesTest {

    @ParameterizedTest
    @CsvSource({
        "count, count",
        "firstName, first_name",
        "Greeting, greeting",
        "OrderPlaced, order_placed",
        "userID, user_id",
        "HTTPRequest, http_request",
        "parseHTTPResponse, parse_http_response",
        "address2, address2",
        "x2Y, x2_y",
        "already_snake, already_snake",
        "URL, url",
    })
    void camelCaseBecomesSnakeCase(String java, String elixir) {
        assertThat(Names.snake(java)).isEqualTo(elixir);
    }

    @ParameterizedTest
    @CsvSource({
        "count, :count",
        "valid?, :valid?",
        "nil, nil",
        "true, true",
        "Elixir.MyApp.Greeting, MyApp.Greeting",
        "Elixir.myapp, :\"Elixir.myapp\"",
        "odd key, :\"odd key\"",
        "chip@host, :chip@host",
        "9lives, :\"9lives\"",
    })
    void atomRendersAsIexShowsIt(String name, String shown) {
        assertThat(Render.atom(Atom.of(name))).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource({"'a\"b', '\"a\\\"b\"'", "'tab\there', '\"tab\\there\"'"})
    void textIsQuotedAndEscaped(String text, String quoted) {
        assertThat(Render.quote(text)).isEqualTo(quoted);
    }
}

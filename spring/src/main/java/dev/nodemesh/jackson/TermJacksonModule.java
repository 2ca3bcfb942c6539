package dev.nodemesh.jackson;

import dev.nodemesh.term.Term;
import tools.jackson.databind.module.SimpleModule;

/**
 * A Jackson 3 module that writes {@link Term}s as plain JSON, so a {@code @RestController} can
 * return a term it got from Elixir. The nodemesh auto-configuration registers it with Spring
 * Boot's {@code JsonMapper} whenever Jackson 3 is on the class path; elsewhere add it with {@code
 * JsonMapper.builder().addModule(new TermJacksonModule())}.
 *
 * <table>
 * <caption>Terms as JSON</caption>
 * <tr><th>Term</th><th>JSON</th></tr>
 * <tr><td>{@code nil}, {@code true}, {@code false}</td><td>{@code null}, {@code true}, {@code
 *     false}</td></tr>
 * <tr><td>other atoms</td><td>their name as a string: {@code :ok} is {@code "ok"}, {@code
 *     MyApp.Greeter} is {@code "MyApp.Greeter"}</td></tr>
 * <tr><td>integers, floats</td><td>numbers (big integers keep every digit)</td></tr>
 * <tr><td>binaries</td><td>a string when valid UTF-8, else base64</td></tr>
 * <tr><td>tuples, proper lists</td><td>arrays ({@code {:ok, 1}} is {@code ["ok", 1]}; a charlist
 *     is an array of integers)</td></tr>
 * <tr><td>maps</td><td>objects; keys that are not strings or atoms become their Elixir text
 *     ({@code 1}, {@code {:a, 1}})</td></tr>
 * <tr><td>structs</td><td>objects without {@code __struct__}, as Jason encodes them; {@code
 *     %DateTime{}} is its ISO-8601 text and {@code %Decimal{}} a number</td></tr>
 * <tr><td>pids, references, ports, funs, improper lists, bit strings</td><td>their Elixir text as
 *     a string, such as {@code "#PID<0.110.0>"}</td></tr>
 * </table>
 *
 * <p>Only writing: JSON does not say which term it came from, so the module reads no terms.
 * Nesting is bounded by Jackson's own limit for writing (1,000 levels by default).
 */
public final class TermJacksonModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    /** Creates the module. */
    public TermJacksonModule() {
        super("nodemesh-terms");
        addSerializer(Term.class, new TermSerializer());
    }
}

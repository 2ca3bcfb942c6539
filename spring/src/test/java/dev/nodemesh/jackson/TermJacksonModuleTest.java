package dev.nodemesh.jackson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermSyntax;
import dev.nodemesh.term.mapping.TermMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Terms as JSON through a JsonMapper with the module. */
class TermJacksonModuleTest {

    private final JsonMapper json =
            JsonMapper.builder().addModule(new TermJacksonModule()).build();

    private String write(Object value) {
        return json.writeValueAsString(value);
    }

    private static Term elixir(String text) {
        return TermSyntax.ELIXIR.parse(text);
    }

    @Test
    void atomsAreStringsExceptNilAndBooleans() {
        assertThat(write(elixir("[:ok, nil, true, false, MyApp.Greeter]")))
                .isEqualTo("[\"ok\",null,true,false,\"MyApp.Greeter\"]");
    }

    @Test
    void tuplesAndListsAreArrays() {
        assertThat(write(elixir("{:ok, [1, 2.5, 123456789012345678901234567890]}")))
                .isEqualTo("[\"ok\",[1,2.5,123456789012345678901234567890]]");
    }

    @Test
    void binariesAreStringsWhenUtf8ElseBase64() {
        assertThat(write(Binary.of("héllo"))).isEqualTo("\"héllo\"");
        assertThat(write(Binary.of(new byte[] {(byte) 0xff, 0, 1}))).isEqualTo("\"/wAB\"");
    }

    @Test
    void mapsAreObjectsWithTextKeys() {
        assertThat(write(elixir("%{:name => \"Ada\", \"age\" => 36, 1 => :one, {:a, 1} => []}")))
                .isEqualTo("{\"name\":\"Ada\",\"age\":36,\"1\":\"one\",\"{:a, 1}\":[]}");
    }

    @Test
    void structsLoseTheirModuleAndDateTimesAndDecimalsReadNaturally() {
        assertThat(write(elixir("%{__struct__: MyApp.User, name: \"Ada\"}"))).isEqualTo("{\"name\":\"Ada\"}");
        Term at = TermMapper.standard().toTerm(Instant.parse("2024-01-02T03:04:05.120Z"));
        Term price = TermMapper.standard().toTerm(new BigDecimal("-12.30"));
        assertThat(write(List.of(at, price))).isEqualTo("[\"2024-01-02T03:04:05.120Z\",-12.30]");
    }

    @Test
    void pidsAndImproperListsAreTheirText() {
        Term pid = new Pid(dev.nodemesh.term.Atom.of("dale@localhost"), 110, 0, 1);
        assertThat(write(pid)).isEqualTo("\"" + TermSyntax.ELIXIR.format(pid) + "\"");
        assertThat(write(TermList.improper(List.of(elixir("1")), elixir("2")))).isEqualTo("\"[1 | 2]\"");
    }

    @Test
    void termsInsideJavaValuesToo() {
        assertThat(write(Map.of("reply", elixir("{:error, :timeout}"))))
                .isEqualTo("{\"reply\":[\"error\",\"timeout\"]}");
    }
}

package dev.nodemesh.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** What {@link TermSyntax#ERLANG} reads from each literal form. */
class ErlangParseTest {

    private static final Atom LOCAL = Atom.of("nonode@nohost");

    private static Term parse(String text) {
        return TermSyntax.ERLANG.parse(text);
    }

    private static Atom atom(String name) {
        return Atom.of(name);
    }

    @Test
    void atomsParseBareAndQuoted() {
        assertThat(parse("ok")).isEqualTo(Atom.OK);
        assertThat(parse("a@b")).isEqualTo(atom("a@b"));
        assertThat(parse("'Quoted'")).isEqualTo(atom("Quoted"));
        assertThat(parse("'and'")).isEqualTo(atom("and"));
        assertThat(parse("é")).isEqualTo(atom("é"));
        assertThat(parse("'a\\'b\\n'")).isEqualTo(atom("a'b\n"));
        assertThat(parse("'\\200\\x{65E5}'")).isEqualTo(atom("\u0080日"));
    }

    @Test
    void integersParseWithRadixCharactersAndSigns() {
        assertThat(parse("16#ff")).isEqualTo(Int.of(255));
        assertThat(parse("2#101")).isEqualTo(Int.of(5));
        assertThat(parse("36#zz")).isEqualTo(Int.of(1295));
        assertThat(parse("-5")).isEqualTo(Int.of(-5));
        assertThat(parse("1_000")).isEqualTo(Int.of(1000));
        assertThat(parse("$a")).isEqualTo(Int.of('a'));
        assertThat(parse("$\\n")).isEqualTo(Int.of('\n'));
        assertThat(parse("$\\^A")).isEqualTo(Int.of(1));
        assertThat(parse("-123456789012345678901234567890"))
                .isEqualTo(Int.of(new BigInteger("-123456789012345678901234567890")));
    }

    @Test
    void floatsParseWithFractionAndExponent() {
        assertThat(parse("1.0")).isEqualTo(Float64.of(1.0));
        assertThat(parse("1.0e10")).isEqualTo(Float64.of(1.0e10));
        assertThat(parse("2.5e-3")).isEqualTo(Float64.of(0.0025));
        assertThat(parse("1.0e+3")).isEqualTo(Float64.of(1000.0));
        assertThat(parse("-0.0")).isEqualTo(Float64.of(-0.0));
    }

    @Test
    void stringsParseAsCharlists() {
        assertThat(parse("\"abc\"")).isEqualTo(TermList.charlist("abc"));
        assertThat(parse("\"\"")).isEqualTo(TermList.EMPTY);
        assertThat(parse("\"a\" \"b\"")).isEqualTo(TermList.charlist("ab"));
        assertThat(parse("\"\\x41\\101\\e\\s\\d\"")).isEqualTo(TermList.charlist("AA\u001b \u007f"));
    }

    @Test
    void binariesParseLatin1ByDefaultAndUtf8WhenAsked() {
        assertThat(parse("<<\"abc\">>")).isEqualTo(Binary.of("abc"));
        assertThat(parse("<<\"é\">>")).isEqualTo(Binary.of(new byte[] {(byte) 0xe9}));
        assertThat(parse("<<\"ü\"/utf8>>")).isEqualTo(Binary.of("ü"));
        assertThat(parse("<<1,2,3>>")).isEqualTo(Binary.of(new byte[] {1, 2, 3}));
        assertThat(parse("<<$a, 256, -1>>")).isEqualTo(Binary.of(new byte[] {'a', 0, (byte) 255}));
        assertThat(parse("<<1:16/little>>")).isEqualTo(Binary.of(new byte[] {1, 0}));
    }

    @Test
    void segmentsThatEndMidByteParseAsABitstring() {
        assertThat(parse("<<1,2,3:4>>")).isEqualTo(BitString.of(new byte[] {1, 2, 0x30}, 4));
    }

    @Test
    void listsTuplesAndMapsParse() {
        assertThat(parse("[1,2|3]")).isEqualTo(TermList.improper(new Term[] {Int.of(1), Int.of(2)}, Int.of(3)));
        assertThat(parse("[h|t]")).isEqualTo(TermList.improper(new Term[] {atom("h")}, atom("t")));
        assertThat(parse("{hello,<<\"world\">>}")).isEqualTo(Tuple.of(atom("hello"), Binary.of("world")));
        assertThat(parse("#{a => 1, \"k\" => []}"))
                .isEqualTo(TermMap.of(atom("a"), Int.of(1), TermList.charlist("k"), TermList.EMPTY));
        assertThat(parse("#{}")).isEqualTo(TermMap.EMPTY);
    }

    @Test
    void externalFunsParseWithReservedWordsAsNames() {
        assertThat(parse("fun lists:map/2")).isEqualTo(new ExternalFun(atom("lists"), atom("map"), 2));
        assertThat(parse("fun 'Elixir.Enum':map/2")).isEqualTo(new ExternalFun(atom("Elixir.Enum"), atom("map"), 2));
        assertThat(parse("fun m:and/1")).isEqualTo(new ExternalFun(atom("m"), atom("and"), 1));
    }

    @Test
    void pidsReferencesAndPortsParseOnTheLocalNode() {
        assertThat(parse("<0.42.0>")).isEqualTo(new Pid(LOCAL, 42, 0, 0));
        assertThat(parse("#Ref<0.1.2.3>")).isEqualTo(Ref.of(LOCAL, 0, 3, 2, 1));
        // fewer than three words: padded, as formatting prints them (a fuzzing finding, issue 19)
        assertThat(parse("#Ref<0.1.23>")).isEqualTo(Ref.of(LOCAL, 0, 23, 1, 0));
        assertThat(parse("#Ref<0.7>")).isEqualTo(parse("#Ref<0.0.0.7>"));
        assertThat(parse("#Port<0.5>")).isEqualTo(new Port(LOCAL, 5, 0));
    }
}

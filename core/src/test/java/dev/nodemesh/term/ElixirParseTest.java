package dev.nodemesh.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@link TermSyntax#ELIXIR} reads from each literal form. */
class ElixirParseTest {

    private static final Atom LOCAL = Atom.of("nonode@nohost");

    private static Term parse(String text) {
        return TermSyntax.ELIXIR.parse(text);
    }

    private static Atom atom(String name) {
        return Atom.of(name);
    }

    private static Tuple pair(String key, Term value) {
        return Tuple.of(atom(key), value);
    }

    @Test
    void atomsParseInEveryWrittenForm() {
        assertThat(parse(":ok")).isEqualTo(Atom.OK);
        assertThat(parse(":\"with space\"")).isEqualTo(atom("with space"));
        assertThat(parse(":'quoted'")).isEqualTo(atom("quoted"));
        assertThat(parse(":foo?")).isEqualTo(atom("foo?"));
        assertThat(parse(":chip@host")).isEqualTo(atom("chip@host"));
        assertThat(parse(":é")).isEqualTo(atom("é"));
        assertThat(parse(":\"\"")).isEqualTo(Atom.EMPTY);
    }

    @Test
    void booleansAndNilParseAsAtoms() {
        assertThat(parse("true")).isEqualTo(Atom.TRUE);
        assertThat(parse("false")).isEqualTo(Atom.FALSE);
        assertThat(parse("nil")).isEqualTo(Atom.NIL);
    }

    @Test
    void aliasesParseAsElixirModuleAtoms() {
        assertThat(parse("Foo.Bar")).isEqualTo(atom("Elixir.Foo.Bar"));
        assertThat(parse("Elixir.Foo")).isEqualTo(atom("Elixir.Foo"));
        assertThat(parse("Elixir")).isEqualTo(atom("Elixir"));
    }

    @Test
    void operatorAtomsParseByLongestMatch() {
        assertThat(parse(":..//")).isEqualTo(atom("..//"));
        assertThat(parse(":...")).isEqualTo(atom("..."));
        assertThat(parse(":<<>>")).isEqualTo(atom("<<>>"));
        assertThat(parse(":%{}")).isEqualTo(atom("%{}"));
        assertThat(parse(":\\\\")).isEqualTo(atom("\\\\"));
    }

    @Test
    void integersParseInEveryBaseWithUnderscoresAndSigns() {
        assertThat(parse("1_000")).isEqualTo(Int.of(1000));
        assertThat(parse("0x1F")).isEqualTo(Int.of(31));
        assertThat(parse("0b101")).isEqualTo(Int.of(5));
        assertThat(parse("0o17")).isEqualTo(Int.of(15));
        assertThat(parse("-42")).isEqualTo(Int.of(-42));
        assertThat(parse("- 0x10")).isEqualTo(Int.of(-16));
        assertThat(parse("123456789012345678901234567890"))
                .isEqualTo(Int.of(new BigInteger("123456789012345678901234567890")));
    }

    @Test
    void characterLiteralsParseAsCodePoints() {
        assertThat(parse("?a")).isEqualTo(Int.of('a'));
        assertThat(parse("?\\n")).isEqualTo(Int.of('\n'));
        assertThat(parse("?\\s")).isEqualTo(Int.of(' '));
        assertThat(parse("?é")).isEqualTo(Int.of(0xe9));
        assertThat(parse("?😀")).isEqualTo(Int.of(0x1f600));
    }

    @Test
    void floatsParseWithFractionAndExponent() {
        assertThat(parse("1.0")).isEqualTo(Float64.of(1.0));
        assertThat(parse("1.0e-3")).isEqualTo(Float64.of(0.001));
        assertThat(parse("1.5E3")).isEqualTo(Float64.of(1500.0));
        assertThat(parse("-2.5")).isEqualTo(Float64.of(-2.5));
        assertThat(parse("-0.0")).isEqualTo(Float64.of(-0.0));
        assertThat(parse("1_0.0_1")).isEqualTo(Float64.of(10.01));
    }

    @Test
    void stringsParseAsUtf8BinariesWithElixirEscapes() {
        assertThat(parse("\"hello\"")).isEqualTo(Binary.of("hello"));
        assertThat(parse("\"a\\n\\t\\\"\\\\\\e\\0\\s\\d\"")).isEqualTo(Binary.of("a\n\t\"\\\u001b\0 \u007f"));
        assertThat(parse("\"\\u00e9\\u{1F600}\\x41\"")).isEqualTo(Binary.of("é😀A"));
        assertThat(parse("\"\\#{x}\"")).isEqualTo(Binary.of("#{x}"));
        assertThat(parse("\"ü日本\"")).isEqualTo(Binary.of("ü日本"));
    }

    @Test
    void hexEscapeInAStringIsAByte() {
        assertThat(parse("\"\\xFF\"")).isEqualTo(Binary.of(new byte[] {(byte) 0xff}));
        assertThat(parse("\"\\x{FF}\"")).isEqualTo(Binary.of("ÿ".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void charlistsParseAsListsOfCodePoints() {
        assertThat(parse("'abc'")).isEqualTo(TermList.charlist("abc"));
        assertThat(parse("'é\\''")).isEqualTo(TermList.charlist("é'"));
        assertThat(parse("''")).isEqualTo(TermList.EMPTY);
        assertThat(parse("~c\"abc\"")).isEqualTo(TermList.charlist("abc"));
        assertThat(parse("~c(a\\)b)")).isEqualTo(TermList.charlist("a)b"));
        assertThat(parse("~s[x]")).isEqualTo(Binary.of("x"));
    }

    @Test
    void listsParseProperAndImproper() {
        assertThat(parse("[]")).isEqualTo(TermList.EMPTY);
        assertThat(parse("[1, 2, 3]")).isEqualTo(TermList.of(Int.of(1), Int.of(2), Int.of(3)));
        assertThat(parse("[1 | 2]")).isEqualTo(TermList.improper(new Term[] {Int.of(1)}, Int.of(2)));
        assertThat(parse("[1 | [2]]")).isEqualTo(TermList.of(Int.of(1), Int.of(2)));
        assertThat(parse("[1, 2,]")).isEqualTo(TermList.of(Int.of(1), Int.of(2)));
    }

    @Test
    void keywordListsParseAsListsOfPairs() {
        assertThat(parse("[a: 1, b: \"x\"]")).isEqualTo(TermList.of(pair("a", Int.of(1)), pair("b", Binary.of("x"))));
        assertThat(parse("[\"quoted key\": 1]")).isEqualTo(TermList.of(pair("quoted key", Int.of(1))));
        assertThat(parse("[+: 1, ->: 2, Foo: 3]"))
                .isEqualTo(TermList.of(pair("+", Int.of(1)), pair("->", Int.of(2)), pair("Foo", Int.of(3))));
    }

    @Test
    void trailingKeywordEntriesJoinAListOrTuple() {
        assertThat(parse("[1, a: 2]")).isEqualTo(TermList.of(Int.of(1), pair("a", Int.of(2))));
        assertThat(parse("{1, a: 2}")).isEqualTo(Tuple.of(Int.of(1), TermList.of(pair("a", Int.of(2)))));
    }

    @Test
    void tuplesParse() {
        assertThat(parse("{}")).isEqualTo(Tuple.of());
        assertThat(parse("{:ok, 1}")).isEqualTo(Tuple.of(Atom.OK, Int.of(1)));
    }

    @Test
    void mapsParseWithArrowAndKeywordEntries() {
        assertThat(parse("%{}")).isEqualTo(TermMap.EMPTY);
        assertThat(parse("%{\"a\" => 1, b: 2}")).isEqualTo(TermMap.of(Binary.of("a"), Int.of(1), atom("b"), Int.of(2)));
        assertThat(parse("%{:a => 1, [] => {}}"))
                .isEqualTo(TermMap.of(atom("a"), Int.of(1), TermList.EMPTY, Tuple.of()));
    }

    @Test
    void structLiteralParsesAsAMapWithTheStructKey() {
        assertThat(parse("%URI{host: nil}"))
                .isEqualTo(TermMap.of(atom("__struct__"), atom("Elixir.URI"), atom("host"), Atom.NIL));
    }

    @Test
    void binariesParseFromSegments() {
        assertThat(parse("<<1, 2, 3>>")).isEqualTo(Binary.of(new byte[] {1, 2, 3}));
        assertThat(parse("<<\"abc\", 0>>")).isEqualTo(Binary.of(new byte[] {'a', 'b', 'c', 0}));
        assertThat(parse("<<300, -1>>")).isEqualTo(Binary.of(new byte[] {44, (byte) 255}));
        assertThat(parse("<<1::16-little>>")).isEqualTo(Binary.of(new byte[] {1, 0}));
        assertThat(parse("<<233::utf8>>")).isEqualTo(Binary.of("é"));
        assertThat(parse("<<>>")).isEqualTo(Binary.EMPTY);
    }

    @Test
    void segmentsThatEndMidByteParseAsABitstring() {
        assertThat(parse("<<1, 2, 3::size(4)>>")).isEqualTo(BitString.of(new byte[] {1, 2, 0x30}, 4));
        assertThat(parse("<<1::4>>")).isEqualTo(BitString.of(new byte[] {0x10}, 4));
    }

    @Test
    void capturesParseAsExternalFuns() {
        assertThat(parse("&:lists.map/2")).isEqualTo(new ExternalFun(atom("lists"), atom("map"), 2));
        assertThat(parse("&Enum.map/2")).isEqualTo(new ExternalFun(atom("Elixir.Enum"), atom("map"), 2));
        assertThat(parse("&:m.\"Foo\"/0")).isEqualTo(new ExternalFun(atom("m"), atom("Foo"), 0));
        assertThat(parse("&:m.//1")).isEqualTo(new ExternalFun(atom("m"), atom("/"), 1));
        assertThat(parse("&:...f/1")).isEqualTo(new ExternalFun(atom(".."), atom("f"), 1));
    }

    @Test
    void pidsReferencesAndPortsParseOnTheLocalNode() {
        assertThat(parse("#PID<0.42.0>")).isEqualTo(new Pid(LOCAL, 42, 0, 0));
        assertThat(parse("#Reference<0.1.2.3>")).isEqualTo(Ref.of(LOCAL, 0, 3, 2, 1));
        // fewer than three words: padded, as formatting prints them (a fuzzing finding, issue 19)
        assertThat(parse("#Reference<0.1.23>")).isEqualTo(Ref.of(LOCAL, 0, 23, 1, 0));
        assertThat(parse("#Reference<0.7>")).isEqualTo(parse("#Reference<0.0.0.7>"));
        assertThat(parse("#Port<0.5>")).isEqualTo(new Port(LOCAL, 5, 0));
    }

    @Test
    void whitespaceAroundAndInsideIsIgnored() {
        assertThat(parse("  \n{ :a ,\t[ 1 |\n 2 ] }\r\n"))
                .isEqualTo(Tuple.of(atom("a"), TermList.improper(new Term[] {Int.of(1)}, Int.of(2))));
    }
}

package dev.nodemesh.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** How {@link TermSyntax#ELIXIR} renders each kind of term; ElixirSyntaxInteropTest checks it against iex. */
class ElixirFormatTest {

    private static final Atom LOCAL = Atom.of("nonode@nohost");

    private static String format(Term term) {
        return TermSyntax.ELIXIR.format(term);
    }

    private static Atom atom(String name) {
        return Atom.of(name);
    }

    @Test
    void identifierAtomsRenderWithALeadingColon() {
        assertThat(format(atom("ok"))).isEqualTo(":ok");
        assertThat(format(atom("foo?"))).isEqualTo(":foo?");
        assertThat(format(atom("chip@host"))).isEqualTo(":chip@host");
        assertThat(format(atom("Foo"))).isEqualTo(":Foo");
        assertThat(format(atom("_"))).isEqualTo(":_");
    }

    @Test
    void booleansAndNilRenderBare() {
        assertThat(format(Atom.TRUE)).isEqualTo("true");
        assertThat(format(Atom.FALSE)).isEqualTo("false");
        assertThat(format(Atom.NIL)).isEqualTo("nil");
    }

    @Test
    void atomsThatAreNotIdentifiersRenderQuotedWithEscapes() {
        assertThat(format(atom("with space"))).isEqualTo(":\"with space\"");
        assertThat(format(atom("foo-bar"))).isEqualTo(":\"foo-bar\"");
        assertThat(format(atom(""))).isEqualTo(":\"\"");
        assertThat(format(atom("1a"))).isEqualTo(":\"1a\"");
        assertThat(format(atom("a\"b\\c\n"))).isEqualTo(":\"a\\\"b\\\\c\\n\"");
        assertThat(format(atom("ok\0"))).isEqualTo(":\"ok\\0\"");
        assertThat(format(atom("\u0001\u0080"))).isEqualTo(":\"\\x01\\x80\"");
        assertThat(format(atom("\uFEFF"))).isEqualTo(":\"\\uFEFF\"");
        assertThat(format(atom("\uFFFE"))).isEqualTo(":\"\\x{FFFE}\"");
        assertThat(format(atom("a#{b}"))).isEqualTo(":\"a\\#{b}\"");
    }

    @Test
    void elixirModuleAtomsRenderAsAliases() {
        assertThat(format(atom("Elixir.Foo.Bar"))).isEqualTo("Foo.Bar");
        assertThat(format(atom("Elixir"))).isEqualTo("Elixir");
        assertThat(format(atom("Elixir.Elixir"))).isEqualTo("Elixir.Elixir");
        assertThat(format(atom("Elixir.foo"))).isEqualTo(":\"Elixir.foo\"");
        assertThat(format(atom("Elixir.Foo.Bär"))).isEqualTo(":\"Elixir.Foo.Bär\"");
    }

    @Test
    void operatorAtomsRenderUnquotedExceptTheOnesIexQuotes() {
        assertThat(format(atom("+"))).isEqualTo(":+");
        assertThat(format(atom("..//"))).isEqualTo(":..//");
        assertThat(format(atom("%{}"))).isEqualTo(":%{}");
        assertThat(format(atom("\\\\"))).isEqualTo(":\\\\");
        assertThat(format(atom("::"))).isEqualTo(":\"::\"");
        assertThat(format(atom("=>"))).isEqualTo(":\"=>\"");
        assertThat(format(atom("~~~"))).isEqualTo(":\"~~~\"");
    }

    @Test
    void unicodeAtomsRenderUnquotedOnlyWhenSingleScriptAndNormalised() {
        assertThat(format(atom("é"))).isEqualTo(":é");
        assertThat(format(atom("日本"))).isEqualTo(":日本");
        assertThat(format(atom("Tシャツ"))).isEqualTo(":Tシャツ");
        assertThat(format(atom("Ωmega"))).isEqualTo(":\"Ωmega\"");
        assertThat(format(atom("a\u0301"))).isEqualTo(":\"a\u0301\"");
        assertThat(format(atom("ﬁ"))).isEqualTo(":\"ﬁ\"");
    }

    @Test
    void integersRenderInDecimal() {
        assertThat(format(Int.of(-42))).isEqualTo("-42");
        assertThat(format(Int.of(new BigInteger("123456789012345678901234567890"))))
                .isEqualTo("123456789012345678901234567890");
    }

    @Test
    void floatsRenderWithTheShortestDigitsThatReadBack() {
        assertThat(format(Float64.of(1.0))).isEqualTo("1.0");
        assertThat(format(Float64.of(-0.0))).isEqualTo("-0.0");
        assertThat(format(Float64.of(0.1))).isEqualTo("0.1");
        assertThat(format(Float64.of(0.1 + 0.2))).isEqualTo("0.30000000000000004");
        assertThat(format(Float64.of(3.141592653589793))).isEqualTo("3.141592653589793");
        assertThat(format(Float64.of(5.0e-324))).isEqualTo("5.0e-324");
        assertThat(format(Float64.of(1.7976931348623157e308))).isEqualTo("1.7976931348623157e308");
    }

    @Test
    void wholeFloatsBelowTenToTheSixteenthRenderAsIntegersWithPointZero() {
        assertThat(format(Float64.of(1000.0))).isEqualTo("1000.0");
        assertThat(format(Float64.of(1.0e15))).isEqualTo("1000000000000000.0");
        assertThat(format(Float64.of(9007199254740994.0))).isEqualTo("9007199254740994.0");
        assertThat(format(Float64.of(1.0e16))).isEqualTo("1.0e16");
        assertThat(format(Float64.of(123456789012345680.0))).isEqualTo("1.2345678901234568e17");
    }

    @Test
    void smallFloatsRenderInTheShorterNotationFixedOnATie() {
        assertThat(format(Float64.of(0.0001))).isEqualTo("0.0001");
        assertThat(format(Float64.of(0.00015))).isEqualTo("1.5e-4");
        assertThat(format(Float64.of(1.0e-5))).isEqualTo("1.0e-5");
        assertThat(format(Float64.of(0.0025))).isEqualTo("0.0025");
    }

    @Test
    void printableUtf8BinaryRendersAsAString() {
        assertThat(format(Binary.of("hello"))).isEqualTo("\"hello\"");
        assertThat(format(Binary.of("ü日本😀"))).isEqualTo("\"ü日本😀\"");
        assertThat(format(Binary.EMPTY)).isEqualTo("\"\"");
    }

    @Test
    void stringsEscapeQuotesBackslashesControlsAndInterpolation() {
        assertThat(format(Binary.of("a\"b\\c\n\t\u001b\u007f\u0007"))).isEqualTo("\"a\\\"b\\\\c\\n\\t\\e\\d\\a\"");
        assertThat(format(Binary.of("#{x} #y"))).isEqualTo("\"\\#{x} #y\"");
        assertThat(format(Binary.of("\uFEFF"))).isEqualTo("\"\\uFEFF\"");
    }

    @Test
    void binaryThatIsNotPrintableUtf8RendersAsBytes() {
        assertThat(format(Binary.of(new byte[] {1, 2, 3}))).isEqualTo("<<1, 2, 3>>");
        assertThat(format(Binary.of(new byte[] {'a', 0}))).isEqualTo("<<97, 0>>");
        assertThat(format(Binary.of(new byte[] {(byte) 0xc2, (byte) 0x80}))).isEqualTo("<<194, 128>>");
        assertThat(format(Binary.of(new byte[] {(byte) 0xff}))).isEqualTo("<<255>>");
    }

    @Test
    void bitstringRendersItsTailWithSize() {
        assertThat(format(BitString.of(new byte[] {1, 2, (byte) 0x30}, 4))).isEqualTo("<<1, 2, 3::size(4)>>");
        assertThat(format(BitString.of(new byte[] {(byte) 0x80}, 1))).isEqualTo("<<1::size(1)>>");
    }

    @Test
    void charlistOfPrintableCharsRendersInSingleQuotes() {
        assertThat(format(TermList.charlist("abc"))).isEqualTo("'abc'");
        assertThat(format(TermList.charlist("it's \"x\"\n"))).isEqualTo("'it\\'s \"x\"\\n'");
    }

    @Test
    void charlistWithCharsBeyondAsciiRendersAsIntegers() {
        assertThat(format(TermList.charlist("é"))).isEqualTo("[233]");
        assertThat(format(TermList.of(Int.of(1), Int.of(2), Int.of(3)))).isEqualTo("[1, 2, 3]");
        assertThat(format(TermList.of(Int.of(127)))).isEqualTo("[127]");
    }

    @Test
    void listsRenderWithCommaSpaceAndImproperTailsAfterABar() {
        assertThat(format(TermList.EMPTY)).isEqualTo("[]");
        assertThat(format(TermList.of(Atom.OK, TermList.EMPTY))).isEqualTo("[:ok, []]");
        assertThat(format(TermList.improper(new Term[] {Int.of(1), Int.of(2)}, Int.of(3))))
                .isEqualTo("[1, 2 | 3]");
    }

    @Test
    void listOfAtomPairsRendersAsAKeywordList() {
        Term list = TermList.of(Tuple.of(atom("a"), Int.of(1)), Tuple.of(atom("b"), Binary.of("x")));
        assertThat(format(list)).isEqualTo("[a: 1, b: \"x\"]");
        assertThat(format(TermList.of(Tuple.of(atom("with space"), Int.of(1))))).isEqualTo("[\"with space\": 1]");
        assertThat(format(TermList.of(Tuple.of(atom("Elixir"), Int.of(1))))).isEqualTo("[\"Elixir\": 1]");
        assertThat(format(TermList.of(Tuple.of(atom("+"), Int.of(1))))).isEqualTo("[+: 1]");
    }

    @Test
    void pairsWithModuleKeysAreNotKeywordStyle() {
        assertThat(format(TermList.of(Tuple.of(atom("Elixir.Foo"), Int.of(1))))).isEqualTo("[{Foo, 1}]");
        assertThat(format(TermList.of(Int.of(1), Tuple.of(atom("a"), Int.of(2)))))
                .isEqualTo("[1, {:a, 2}]");
    }

    @Test
    void tuplesRenderInBraces() {
        assertThat(format(Tuple.of())).isEqualTo("{}");
        assertThat(format(Tuple.of(atom("hello"), Binary.of("world")))).isEqualTo("{:hello, \"world\"}");
    }

    @Test
    void mapWithOnlyAtomKeysRendersInKeywordStyleSortedByKey() {
        TermMap map = TermMap.builder()
                .put("b", Int.of(2))
                .put("a", Int.of(1))
                .put("with space", Int.of(3))
                .build();
        assertThat(format(map)).isEqualTo("%{a: 1, b: 2, \"with space\": 3}");
        assertThat(format(TermMap.EMPTY)).isEqualTo("%{}");
    }

    @Test
    void mapWithOtherKeysRendersWithArrowsInTermOrder() {
        TermMap map = TermMap.of(
                Binary.of("k"), Int.of(1), atom("a"), Int.of(2), Float64.of(1.0), Int.of(3), Int.of(1), Int.of(4));
        assertThat(format(map)).isEqualTo("%{1 => 4, 1.0 => 3, :a => 2, \"k\" => 1}");
        assertThat(format(TermMap.of(atom("Elixir.Foo"), Int.of(1)))).isEqualTo("%{Foo => 1}");
    }

    @Test
    void structRendersAsAPlainMapBecauseModulesAreUnknown() {
        TermMap struct = TermMap.builder()
                .put("__struct__", atom("Elixir.URI"))
                .put("host", Atom.NIL)
                .build();
        assertThat(format(struct)).isEqualTo("%{__struct__: URI, host: nil}");
    }

    @Test
    void pidRendersWithNodeIndexZero() {
        assertThat(format(new Pid(LOCAL, 42, 0, 0))).isEqualTo("#PID<0.42.0>");
        assertThat(format(new Pid(atom("chip@host"), 7, 1, 3))).isEqualTo("#PID<0.7.1>");
        assertThat(format(new Pid(LOCAL, -1, 0, 0))).isEqualTo("#PID<0.4294967295.0>");
    }

    @Test
    void referenceRendersIdWordsMostSignificantFirst() {
        assertThat(format(Ref.of(LOCAL, 0, 3, 2, 1))).isEqualTo("#Reference<0.1.2.3>");
        assertThat(format(Ref.of(LOCAL, 0, 7))).isEqualTo("#Reference<0.0.0.7>");
        assertThat(format(Ref.of(LOCAL, 0, -1, 5, 4, 3))).isEqualTo("#Reference<0.3.4.5.4294967295>");
    }

    @Test
    void portRendersWithNodeIndexZero() {
        assertThat(format(new Port(LOCAL, 5, 0))).isEqualTo("#Port<0.5>");
        assertThat(format(new Port(LOCAL, -1L, 0))).isEqualTo("#Port<0.18446744073709551615>");
    }

    @Test
    void externalFunRendersAsACapture() {
        assertThat(format(new ExternalFun(atom("lists"), atom("map"), 2))).isEqualTo("&:lists.map/2");
        assertThat(format(new ExternalFun(atom("Elixir.Enum"), atom("map"), 2))).isEqualTo("&Enum.map/2");
        assertThat(format(new ExternalFun(atom("m"), atom("+"), 2))).isEqualTo("&:m.+/2");
        assertThat(format(new ExternalFun(atom("m"), atom("::"), 2))).isEqualTo("&:m.::/2");
        assertThat(format(new ExternalFun(atom("m"), atom("Foo"), 0))).isEqualTo("&:m.\"Foo\"/0");
        assertThat(format(new ExternalFun(atom("m"), atom("a@b"), 1))).isEqualTo("&:m.\"a@b\"/1");
        assertThat(format(new ExternalFun(atom("m"), atom(".."), 1))).isEqualTo("&:m.\"..\"/1");
    }

    @Test
    void localFunRendersIndexUniqArityAndModule() {
        Fun fun = Fun.of(new byte[] {112}, atom("Elixir.Probe"), 1, 0, 55887598);
        assertThat(format(fun)).isEqualTo("#Function<0.55887598/1 in Probe>");
    }

    @Test
    void localTermRendersItsSize() {
        assertThat(format(LocalTerm.of(new byte[] {121, 1, 2}))).isEqualTo("#LocalTerm<3 bytes>");
    }

    @Test
    void toStringRendersInElixirSyntax() {
        Term greeting = Tuple.of(Atom.of("hello"), Binary.of("world"));
        assertThat(greeting.toString()).isEqualTo("{:hello, \"world\"}");
        assertThat(Atom.OK.toString()).isEqualTo(":ok");
        assertThat(Float64.of(2.5).toString()).isEqualTo("2.5");
    }
}

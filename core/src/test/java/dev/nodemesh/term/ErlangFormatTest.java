package dev.nodemesh.term;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How {@link TermSyntax#ERLANG} renders each kind of term; ErlangSyntaxInteropTest checks it against erl. */
class ErlangFormatTest {

    private static final Atom LOCAL = Atom.of("nonode@nohost");

    private static String format(Term term) {
        return TermSyntax.ERLANG.format(term);
    }

    private static Atom atom(String name) {
        return Atom.of(name);
    }

    @Test
    void lowercaseAtomsRenderBare() {
        assertThat(format(atom("ok"))).isEqualTo("ok");
        assertThat(format(atom("a@b"))).isEqualTo("a@b");
        assertThat(format(atom("aB9_"))).isEqualTo("aB9_");
        assertThat(format(atom("true"))).isEqualTo("true");
    }

    @Test
    void latin1LettersCountAsNameCharacters() {
        assertThat(format(atom("é"))).isEqualTo("é");
        assertThat(format(atom("aÉ"))).isEqualTo("aÉ");
        assertThat(format(atom("ß"))).isEqualTo("ß");
        assertThat(format(atom("Éa"))).isEqualTo("'Éa'");
        assertThat(format(atom("a×"))).isEqualTo("'a×'");
        assertThat(format(atom("aª"))).isEqualTo("'aª'");
        assertThat(format(atom("日本"))).isEqualTo("'日本'");
    }

    @Test
    void reservedWordsAndOtherNamesRenderQuoted() {
        assertThat(format(atom("and"))).isEqualTo("'and'");
        assertThat(format(atom("fun"))).isEqualTo("'fun'");
        assertThat(format(atom("maybe"))).isEqualTo("maybe");
        assertThat(format(atom("Quoted"))).isEqualTo("'Quoted'");
        assertThat(format(atom("with space"))).isEqualTo("'with space'");
        assertThat(format(atom("Elixir.Foo"))).isEqualTo("'Elixir.Foo'");
        assertThat(format(atom(""))).isEqualTo("''");
    }

    @Test
    void quotedAtomsEscapeWithNamesAndOctal() {
        assertThat(format(atom("a'b\\c\n"))).isEqualTo("'a\\'b\\\\c\\n'");
        assertThat(format(atom("\0\u0001\u001b\u007f\u0080"))).isEqualTo("'\\000\\001\\e\\d\\200'");
        assertThat(format(atom("a\"b"))).isEqualTo("'a\"b'");
    }

    @Test
    void floatsRenderShortestInTheShorterNotation() {
        assertThat(format(Float64.of(1.0))).isEqualTo("1.0");
        assertThat(format(Float64.of(100.0))).isEqualTo("100.0");
        assertThat(format(Float64.of(1000.0))).isEqualTo("1.0e3");
        assertThat(format(Float64.of(1.0e15))).isEqualTo("1.0e15");
        assertThat(format(Float64.of(1234567890123456.0))).isEqualTo("1234567890123456.0");
        assertThat(format(Float64.of(0.0001))).isEqualTo("0.0001");
        assertThat(format(Float64.of(-0.0))).isEqualTo("-0.0");
    }

    @Test
    void floatsFromTwoToTheFiftyThirdRenderInScientificNotation() {
        assertThat(format(Float64.of(4503599627370496.0))).isEqualTo("4503599627370496.0");
        assertThat(format(Float64.of(9007199254740992.0))).isEqualTo("9.007199254740992e15");
    }

    @Test
    void printableLatin1ListRendersAsAString() {
        assertThat(format(TermList.charlist("abc"))).isEqualTo("\"abc\"");
        assertThat(format(TermList.charlist("é¿\n\"\\"))).isEqualTo("\"é¿\\n\\\"\\\\\"");
    }

    @Test
    void listWithCharsOutsidePrintableLatin1RendersAsIntegers() {
        assertThat(format(TermList.charlist("日本"))).isEqualTo("[26085,26412]");
        assertThat(format(TermList.of(Int.of(7)))).isEqualTo("[7]");
        assertThat(format(TermList.of(Int.of(128)))).isEqualTo("[128]");
        assertThat(format(TermList.EMPTY)).isEqualTo("[]");
    }

    @Test
    void listsAndTuplesRenderWithoutSpaces() {
        assertThat(format(TermList.improper(new Term[] {Int.of(1), Int.of(2)}, Int.of(3))))
                .isEqualTo("[1,2|3]");
        assertThat(format(Tuple.of(atom("hello"), Binary.of("world")))).isEqualTo("{hello,<<\"world\">>}");
    }

    @Test
    void mapsRenderWithArrowsSortedByKey() {
        TermMap map = TermMap.of(atom("b"), Int.of(2), atom("a"), Int.of(1), Int.of(1), atom("x"));
        assertThat(format(map)).isEqualTo("#{1 => x,a => 1,b => 2}");
        assertThat(format(TermMap.EMPTY)).isEqualTo("#{}");
    }

    @Test
    void utf8BinaryBeyondAsciiRendersWithTheUtf8Type() {
        assertThat(format(Binary.of("ü"))).isEqualTo("<<\"ü\"/utf8>>");
        assertThat(format(Binary.of("abc"))).isEqualTo("<<\"abc\">>");
    }

    @Test
    void utf8BinaryWithCharsOutsideLatin1RendersAsBytes() {
        assertThat(format(Binary.of("日本"))).isEqualTo("<<230,151,165,230,156,172>>");
        assertThat(format(Binary.of("\uFEFF"))).isEqualTo("<<239,187,191>>");
    }

    @Test
    void nonUtf8BinaryOfPrintableLatin1BytesRendersAsLatin1Text() {
        assertThat(format(Binary.of(new byte[] {'a', (byte) 0xe9}))).isEqualTo("<<\"aé\">>");
        assertThat(format(Binary.of(new byte[] {(byte) 0xff}))).isEqualTo("<<\"ÿ\">>");
    }

    @Test
    void otherBinariesRenderAsBytes() {
        assertThat(format(Binary.of(new byte[] {1, 2, 3}))).isEqualTo("<<1,2,3>>");
        assertThat(format(Binary.of(new byte[] {(byte) 0x80}))).isEqualTo("<<128>>");
        assertThat(format(Binary.EMPTY)).isEqualTo("<<>>");
    }

    @Test
    void bitstringRendersItsTailWithASize() {
        assertThat(format(BitString.of(new byte[] {1, 2, (byte) 0x30}, 4))).isEqualTo("<<1,2,3:4>>");
    }

    @Test
    void pidReferenceAndPortRenderAsTheShellPrintsThem() {
        assertThat(format(new Pid(LOCAL, 42, 0, 0))).isEqualTo("<0.42.0>");
        assertThat(format(Ref.of(LOCAL, 0, 3, 2, 1))).isEqualTo("#Ref<0.1.2.3>");
        assertThat(format(Ref.of(LOCAL, 0, 7))).isEqualTo("#Ref<0.0.0.7>");
        assertThat(format(new Port(LOCAL, 5, 0))).isEqualTo("#Port<0.5>");
    }

    @Test
    void externalFunRendersWithTheRuntimesQuoting() {
        assertThat(format(new ExternalFun(atom("lists"), atom("map"), 2))).isEqualTo("fun lists:map/2");
        assertThat(format(new ExternalFun(atom("Elixir.Enum"), atom("map"), 2))).isEqualTo("fun 'Elixir.Enum':map/2");
        assertThat(format(new ExternalFun(atom("m"), atom("and"), 1))).isEqualTo("fun m:and/1");
        assertThat(format(new ExternalFun(atom("m"), atom("a@b"), 1))).isEqualTo("fun m:'a@b'/1");
        assertThat(format(new ExternalFun(atom("erlang"), atom("+"), 2))).isEqualTo("fun erlang:'+'/2");
    }

    @Test
    void localFunRendersModuleIndexAndUniq() {
        Fun fun = Fun.of(new byte[] {112}, atom("Elixir.Probe"), 1, 0, 55887598);
        assertThat(format(fun)).isEqualTo("#Fun<Elixir.Probe.0.55887598>");
    }
}

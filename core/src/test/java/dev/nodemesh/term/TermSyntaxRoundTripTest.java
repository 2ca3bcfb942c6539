package dev.nodemesh.term;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.testsupport.Slow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code parse(format(t)).equals(t)} in both syntaxes for every term without pids, references,
 * ports or local funs (whose text names no node). The generator is local to this test.
 */
@Slow
class TermSyntaxRoundTripTest {

    private static final List<String> INTERESTING_ATOMS = List.of(
            "ok",
            "",
            "nil",
            "true",
            "false",
            "Elixir",
            "Elixir.Foo.Bar",
            "Elixir.Elixir",
            "Elixir.foo",
            "Foo",
            "foo?",
            "a@b",
            "+",
            "..",
            "...",
            "..//",
            "::",
            "<<>>",
            "%{}",
            "{}",
            "->",
            "=>",
            "\\\\",
            "|",
            "&",
            "@",
            ".",
            "and",
            "fun",
            "with space",
            "a'b\"c\\",
            "\n",
            "é",
            "日本",
            "Ωmega",
            "Tシャツ",
            "a\u0301",
            "#{x}",
            "\uFEFF",
            "\u0080",
            "\u0000",
            "😀",
            "_",
            "1a",
            "Éa",
            "ß");

    @Property(tries = 2000)
    void elixirTextParsesBackToTheSameTerm(@ForAll("terms") Term term) {
        String text = TermSyntax.ELIXIR.format(term);
        assertThat(TermSyntax.ELIXIR.parse(text)).as(text).isEqualTo(term);
    }

    @Property(tries = 2000)
    void erlangTextParsesBackToTheSameTerm(@ForAll("terms") Term term) {
        String text = TermSyntax.ERLANG.format(term);
        assertThat(TermSyntax.ERLANG.parse(text)).as(text).isEqualTo(term);
    }

    @Property(tries = 5000)
    void floatTextIsTheShortestThatReadsBack(@ForAll("doubles") double value) {
        String erlang = FloatText.erlang(value);
        assertThat(Double.parseDouble(erlang)).isEqualTo(value);
        assertThat(Double.parseDouble(FloatText.elixir(value))).isEqualTo(value);
        if (value != 0) {
            int ours = FloatText.shortest(Math.abs(value)).digits().length();
            // no decimal with fewer significant digits reads back as the same double
            BigDecimal exact = new BigDecimal(Math.abs(value));
            for (int p = 1; p < ours; p++) {
                for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
                    double back = exact.round(new MathContext(p, mode)).doubleValue();
                    assertThat(back).as("%s digits of %s", p, value).isNotEqualTo(Math.abs(value));
                }
            }
        }
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
                Arbitraries.doubles(),
                Arbitraries.integers().between(-100_000, 100_000).map(i -> i / 100.0));
    }

    @Provide
    Arbitrary<Term> terms() {
        return Arbitraries.recursive(this::leaves, this::containers, 0, 3);
    }

    private Arbitrary<Term> leaves() {
        return Arbitraries.oneOf(
                atoms().map(a -> a),
                integers(),
                doubles().map(d -> (Term) Float64.of(d)),
                binaries(),
                bitStrings(),
                text().map(TermList::charlist),
                Combinators.combine(atoms(), atoms(), Arbitraries.integers().between(0, 255))
                        .as(ExternalFun::new));
    }

    private Arbitrary<Term> containers(Arbitrary<Term> inner) {
        Arbitrary<List<Term>> elements = inner.list().ofMaxSize(4);
        return Arbitraries.oneOf(
                elements.map(Tuple::of),
                elements.map(TermList::of),
                Combinators.combine(inner.list().ofMinSize(1).ofMaxSize(3), inner)
                        .as((head, tail) -> (Term) TermList.improper(head, tail)),
                Combinators.combine(atoms(), inner)
                        .as((k, v) -> (Term) Tuple.of(k, v))
                        .list()
                        .ofMaxSize(3)
                        .map(TermList::of),
                Combinators.combine(Arbitraries.oneOf(inner, atoms().map(a -> a)), inner)
                        .as(List::of)
                        .list()
                        .ofMaxSize(4)
                        .map(TermSyntaxRoundTripTest::map));
    }

    private static Term map(List<List<Term>> pairs) {
        TermMap.Builder builder = TermMap.builder();
        pairs.forEach(pair -> builder.put(pair.get(0), pair.get(1)));
        return builder.build();
    }

    private Arbitrary<Atom> atoms() {
        return Arbitraries.oneOf(
                        Arbitraries.of(INTERESTING_ATOMS),
                        Arbitraries.strings()
                                .alpha()
                                .numeric()
                                .withChars("_@?!")
                                .ofMaxLength(6),
                        text())
                .filter(name -> name.codePointCount(0, name.length()) <= Atom.MAX_LENGTH)
                .map(Atom::of);
    }

    /** Valid Unicode text from several scripts and the control and quote characters that need escapes. */
    private Arbitrary<String> text() {
        Arbitrary<Integer> codePoints = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 0x7f),
                Arbitraries.integers().between(0x80, 0xff),
                Arbitraries.integers().between(0x370, 0x3ff),
                Arbitraries.integers().between(0x3040, 0x30ff),
                Arbitraries.integers().between(0x4e00, 0x4eff),
                Arbitraries.integers().between(0xfff0, 0xffff),
                Arbitraries.integers().between(0x1f600, 0x1f64f),
                Arbitraries.of((int) '"', (int) '\'', (int) '\\', (int) '#', (int) '{', 0xfeff, 0x2028));
        return codePoints.list().ofMaxSize(8).map(cps -> {
            StringBuilder out = new StringBuilder();
            cps.forEach(out::appendCodePoint);
            return out.toString();
        });
    }

    private Arbitrary<Term> integers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-300, 300).map(i -> (Term) Int.of(i)),
                Arbitraries.longs().map(l -> (Term) Int.of(l)),
                Arbitraries.bigIntegers()
                        .between(BigInteger.TWO.pow(100).negate(), BigInteger.TWO.pow(100))
                        .map(b -> (Term) Int.of(b)));
    }

    private Arbitrary<Term> binaries() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(6).map(b -> (Term) Binary.of(b)),
                text().map(s -> (Term) Binary.of(s)));
    }

    private Arbitrary<Term> bitStrings() {
        return Combinators.combine(
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4),
                        Arbitraries.integers().between(1, 7))
                .as((bytes, tail) -> (Term) BitString.of(bytes, tail));
    }
}

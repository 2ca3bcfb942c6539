package dev.nodemesh.term;

import dev.nodemesh.term.etf.EtfEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators for every kind of {@link Term}, nested, for property tests anywhere in the
 * project.
 *
 * <pre>{@code
 * @Property
 * void survivesTheRoundTrip(@ForAll("terms") Term term) { ... }
 *
 * @Provide
 * Arbitrary<Term> terms() {
 *     return TermArbitraries.terms();
 * }
 * }</pre>
 *
 * <p>Everything generated is a term a real OTP 25 node accepts and gives back unchanged: node
 * names look like {@code name@host}, funs are canonically encoded {@code NEW_FUN_EXT}s, and map
 * keys avoid the few values OTP 25 treats as equal while Java does not ({@code 0.0} and
 * {@code -0.0}; references that differ only in trailing zero words) and funs, whose order among
 * map keys the model does not define. {@link LocalTerm}s are not generated inside terms (they
 * can only be outermost); {@link #localTerms()} makes some.
 */
public final class TermArbitraries {

    private static final int DEFAULT_DEPTH = 3;

    private TermArbitraries() {}

    /**
     * Returns terms of every type nested up to three containers deep.
     *
     * @return the generator
     */
    public static Arbitrary<Term> terms() {
        return terms(DEFAULT_DEPTH);
    }

    /**
     * Returns terms of every type nested up to {@code maxDepth} containers deep.
     *
     * @param maxDepth how deep containers may nest; 0 gives scalars only
     * @return the generator
     */
    public static Arbitrary<Term> terms(int maxDepth) {
        if (maxDepth <= 0) {
            return scalars();
        }
        Arbitrary<Term> inner = terms(maxDepth - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalars()),
                net.jqwik.api.Tuple.of(2, tuples(inner)),
                net.jqwik.api.Tuple.of(3, lists(inner)),
                net.jqwik.api.Tuple.of(2, maps(mapKeys(maxDepth - 1), inner)),
                net.jqwik.api.Tuple.of(1, funs(scalars())));
    }

    /**
     * Returns terms that are not containers: numbers, atoms, binaries, bitstrings, pids, ports,
     * references and external funs.
     *
     * @return the generator
     */
    public static Arbitrary<Term> scalars() {
        return Arbitraries.oneOf(
                integers(),
                floats(),
                atoms(),
                binaries(),
                bitStrings(),
                pids(),
                ports(),
                refs(),
                externalFuns(),
                Arbitraries.of(TermList.EMPTY, TermMap.EMPTY, Tuple.of()));
    }

    /**
     * Returns atoms: common ones, ASCII, Latin-1, Greek, emoji, the empty atom, and atoms of 255
     * characters that take more than 255 bytes.
     *
     * @return the generator
     */
    public static Arbitrary<Atom> atoms() {
        Arbitrary<String> ascii = Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withChars('_', '@', '.', ' ', '\'')
                .numeric()
                .ofMinLength(1)
                .ofMaxLength(20);
        Arbitrary<String> latin1 =
                Arbitraries.strings().withCharRange('\u00a0', '\u00ff').ofMaxLength(12);
        Arbitrary<String> greek = Arbitraries.strings().withCharRange('α', 'ω').ofMaxLength(255);
        Arbitrary<String> emoji = Arbitraries.integers()
                .between(0x1f600, 0x1f64f)
                .list()
                .ofMinSize(1)
                .ofMaxSize(8)
                .map(points ->
                        new String(points.stream().mapToInt(Integer::intValue).toArray(), 0, points.size()));
        Arbitrary<String> common =
                Arbitraries.of("ok", "error", "true", "false", "nil", "undefined", "", "Elixir.MyApp");
        Arbitrary<String> longest = Arbitraries.of("a".repeat(255), "é".repeat(255), "α".repeat(255));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, ascii),
                        net.jqwik.api.Tuple.of(2, common),
                        net.jqwik.api.Tuple.of(1, latin1),
                        net.jqwik.api.Tuple.of(1, greek),
                        net.jqwik.api.Tuple.of(1, emoji),
                        net.jqwik.api.Tuple.of(1, longest))
                .map(Atom::of);
    }

    /**
     * Returns node names such as {@code chip@host}, valid in pids, ports and references.
     *
     * @return the generator
     */
    public static Arbitrary<Atom> nodeNames() {
        Arbitrary<String> part =
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
        return Combinators.combine(part, part).as((name, host) -> Atom.of(name + "@" + host));
    }

    /**
     * Returns integers of every encoding: 0..255, 32-bit, 64-bit and big, with their boundaries.
     *
     * @return the generator
     */
    public static Arbitrary<Int> integers() {
        Arbitrary<Int> edges = Arbitraries.of(
                        0L,
                        1L,
                        -1L,
                        255L,
                        256L,
                        (long) Integer.MAX_VALUE,
                        Integer.MAX_VALUE + 1L,
                        (long) Integer.MIN_VALUE,
                        Integer.MIN_VALUE - 1L,
                        Long.MAX_VALUE,
                        Long.MIN_VALUE)
                .map(Int::of);
        Arbitrary<Int> big = Arbitraries.bigIntegers()
                .between(BigInteger.ONE.shiftLeft(2100).negate(), BigInteger.ONE.shiftLeft(2100))
                .map(Int::of);
        Arbitrary<Int> bigBoundaries = Arbitraries.of(63, 64, 2032, 2039, 2040, 2047)
                .flatMap(bits -> Arbitraries.of(-1, 0, 1)
                        .map(delta -> BigInteger.ONE.shiftLeft(bits).add(BigInteger.valueOf(delta))))
                .flatMap(value -> Arbitraries.of(value, value.negate()))
                .map(Int::of);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 255).map(Int::of)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().map(Int::of)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(Int::of)),
                net.jqwik.api.Tuple.of(2, edges),
                net.jqwik.api.Tuple.of(1, big),
                net.jqwik.api.Tuple.of(1, bigBoundaries));
    }

    /**
     * Returns finite floats, including {@code -0.0}, subnormals and the extremes.
     *
     * @return the generator
     */
    public static Arbitrary<Float64> floats() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(4, Arbitraries.doubles()),
                        net.jqwik.api.Tuple.of(
                                1,
                                Arbitraries.of(
                                        0.0,
                                        -0.0,
                                        1.5,
                                        Math.PI,
                                        Double.MIN_VALUE,
                                        Double.MAX_VALUE,
                                        -Double.MAX_VALUE,
                                        Double.MIN_NORMAL)),
                        net.jqwik.api.Tuple.of(
                                1,
                                Arbitraries.longs()
                                        .map(Double::longBitsToDouble)
                                        .filter(Double::isFinite)))
                .map(Float64::of);
    }

    /**
     * Returns binaries of 0 to 300 bytes.
     *
     * @return the generator
     */
    public static Arbitrary<Binary> binaries() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(Binary::of);
    }

    /**
     * Returns bitstrings of 1 to 20 bytes whose last byte holds 1 to 7 bits.
     *
     * @return the generator
     */
    public static Arbitrary<BitString> bitStrings() {
        return Combinators.combine(
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(20),
                        Arbitraries.integers().between(1, 7))
                .as(BitString::of);
    }

    /**
     * Returns pids with any 32-bit id, serial and creation.
     *
     * @return the generator
     */
    public static Arbitrary<Pid> pids() {
        return Combinators.combine(nodeNames(), Arbitraries.integers(), Arbitraries.integers(), Arbitraries.integers())
                .as(Pid::new);
    }

    /**
     * Returns ports with ids on both sides of the 28-bit {@code NEW_PORT_EXT} limit.
     *
     * @return the generator
     */
    public static Arbitrary<Port> ports() {
        Arbitrary<Long> ids = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 0x0fff_ffffL)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0x0fff_ffffL, 0x1000_0000L, 0xffff_ffffL, -1L)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs()));
        return Combinators.combine(nodeNames(), ids, Arbitraries.integers()).as(Port::new);
    }

    /**
     * Returns references of 1 to 5 id words.
     *
     * @return the generator
     */
    public static Arbitrary<Ref> refs() {
        return refs(1, Ref.MAX_IDS);
    }

    private static Arbitrary<Ref> refs(int minWords, int maxWords) {
        return Combinators.combine(
                        nodeNames(),
                        Arbitraries.integers(),
                        Arbitraries.integers()
                                .array(int[].class)
                                .ofMinSize(minWords)
                                .ofMaxSize(maxWords))
                .as(Ref::of);
    }

    /**
     * Returns external funs {@code fun M:F/A}.
     *
     * @return the generator
     */
    public static Arbitrary<ExternalFun> externalFuns() {
        return Combinators.combine(atoms(), atoms(), Arbitraries.integers().between(0, 255))
                .as(ExternalFun::new);
    }

    /**
     * Returns local funs: canonical {@code NEW_FUN_EXT} encodings (as OTP writes them) of a fun of
     * a made-up module with a few free variables drawn from {@code freeVariables}.
     *
     * @param freeVariables the values the fun closes over
     * @return the generator
     */
    public static Arbitrary<Term> funs(Arbitrary<Term> freeVariables) {
        return Combinators.combine(
                        atoms(),
                        Arbitraries.integers().between(0, 255),
                        Arbitraries.bytes().array(byte[].class).ofSize(16),
                        Arbitraries.integers(),
                        Arbitraries.integers().between(0, 100_000),
                        Arbitraries.integers(),
                        pids(),
                        freeVariables.list().ofMaxSize(3))
                .as(TermArbitraries::fun);
    }

    private static Term fun(
            Atom module,
            int arity,
            byte[] uniq,
            int index,
            int oldIndex,
            int oldUniq,
            Pid creator,
            List<Term> freeVariables) {
        EtfEncoder encoder = EtfEncoder.standard();
        ByteBuf out = Unpooled.buffer();
        try {
            out.writeByte(112);
            out.writeInt(0); // Size, filled in below
            out.writeByte(arity);
            out.writeBytes(uniq);
            out.writeInt(index);
            out.writeInt(freeVariables.size());
            encoder.encodeBody(module, out);
            encoder.encodeBody(Int.of(oldIndex), out);
            encoder.encodeBody(Int.of(oldUniq), out);
            encoder.encodeBody(creator, out);
            for (Term free : freeVariables) {
                encoder.encodeBody(free, out);
            }
            out.setInt(1, out.readableBytes() - 1);
            return Fun.of(ByteBufUtil.getBytes(out), module, arity, oldIndex, oldUniq);
        } finally {
            out.release();
        }
    }

    /**
     * Returns tuples of up to 6 elements, and now and then one of more than 255.
     *
     * @param elements the element generator
     * @return the generator
     */
    public static Arbitrary<Term> tuples(Arbitrary<Term> elements) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, elements.list().ofMaxSize(6).map(Tuple::of)),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.integers()
                                .list()
                                .ofMinSize(256)
                                .ofMaxSize(260)
                                .map(ints -> Tuple.of(ints.stream().map(Int::of).toList()))));
    }

    /**
     * Returns lists: proper and improper ones of {@code elements}, byte lists (which encode as
     * {@code STRING_EXT}) and Unicode charlists.
     *
     * @param elements the element generator
     * @return the generator
     */
    public static Arbitrary<Term> lists(Arbitrary<Term> elements) {
        Arbitrary<Term> proper = elements.list().ofMaxSize(6).map(TermList::of);
        Arbitrary<Term> improper = Combinators.combine(
                        elements.list().ofMinSize(1).ofMaxSize(4), scalars())
                .as(TermList::improper);
        Arbitrary<Term> bytes = Arbitraries.integers()
                .between(0, 255)
                .list()
                .ofMinSize(1)
                .ofMaxSize(40)
                .map(ints -> TermList.of(ints.stream().map(Int::of).toList()));
        Arbitrary<Term> charlists = Arbitraries.strings()
                .withCharRange(' ', '~')
                .withCharRange('α', 'ω')
                .ofMinLength(1)
                .ofMaxLength(20)
                .map(TermList::charlist);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, proper),
                net.jqwik.api.Tuple.of(2, improper),
                net.jqwik.api.Tuple.of(2, bytes),
                net.jqwik.api.Tuple.of(1, charlists));
    }

    /**
     * Returns maps of up to 6 entries, and now and then one of 33 to 40 (which OTP writes in hash
     * order rather than key order).
     *
     * @param keys the key generator
     * @param values the value generator
     * @return the generator
     */
    public static Arbitrary<Term> maps(Arbitrary<Term> keys, Arbitrary<Term> values) {
        Arbitrary<Term> small = Combinators.combine(keys, values)
                .as(net.jqwik.api.Tuple::of)
                .list()
                .ofMaxSize(6)
                .map(TermArbitraries::toMap);
        Arbitrary<Term> large = Arbitraries.integers()
                .list()
                .uniqueElements()
                .ofMinSize(33)
                .ofMaxSize(40)
                .map(ints -> {
                    TermMap.Builder map = TermMap.builder();
                    ints.forEach(k -> map.put(Int.of(k), Atom.of("v" + (k & 7))));
                    return map.build();
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(15, small), net.jqwik.api.Tuple.of(1, large));
    }

    private static Term toMap(List<net.jqwik.api.Tuple.Tuple2<Term, Term>> pairs) {
        TermMap.Builder map = TermMap.builder(pairs.size());
        pairs.forEach(pair -> map.put(pair.get1(), pair.get2()));
        return map.build();
    }

    /**
     * Returns terms fit to be map keys: like {@link #terms(int)}, but without funs, {@code -0.0}
     * or references shorter than 3 words, whose equality or order differs between OTP 25 and the
     * model.
     *
     * @param maxDepth how deep containers may nest
     * @return the generator
     */
    public static Arbitrary<Term> mapKeys(int maxDepth) {
        Arbitrary<Term> scalars = Arbitraries.oneOf(
                integers(),
                floats().map(f -> f.value() == 0.0 ? Float64.of(0.0) : f),
                atoms(),
                binaries(),
                bitStrings(),
                pids(),
                ports(),
                refs(3, 3),
                externalFuns());
        if (maxDepth <= 0) {
            return scalars;
        }
        Arbitrary<Term> inner = mapKeys(maxDepth - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalars),
                net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(3).map(Tuple::of)),
                net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(3).map(TermList::of)),
                net.jqwik.api.Tuple.of(1, maps(inner, inner)));
    }

    /**
     * Returns local terms ({@code LOCAL_EXT} and arbitrary bytes), which can only be outermost.
     *
     * @return the generator
     */
    public static Arbitrary<LocalTerm> localTerms() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(bytes -> {
            byte[] encoded = new byte[bytes.length + 1];
            encoded[0] = 121;
            System.arraycopy(bytes, 0, encoded, 1, bytes.length);
            return LocalTerm.of(encoded);
        });
    }
}

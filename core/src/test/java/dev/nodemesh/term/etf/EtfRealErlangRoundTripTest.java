package dev.nodemesh.term.etf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.BitString;
import dev.nodemesh.term.ExternalFun;
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Port;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermArbitraries;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.ErlangTermEcho;
import dev.nodemesh.testsupport.Interop;
import dev.nodemesh.testsupport.SkipWithoutErl;
import io.netty.buffer.ByteBufUtil;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Round trips through real OTP: we encode, {@code erl} decodes and re-encodes with {@code
 * term_to_binary(T, [{minor_version, 2}])}, we decode. The term must survive, and OTP's bytes must
 * equal ours whenever the term has no map of more than 32 entries (those OTP writes in hash
 * order). Skipped without {@code erl}, failed on CI without it.
 */
@AddLifecycleHook(SkipWithoutErl.class)
@Interop
class EtfRealErlangRoundTripTest {

    private static final EtfEncoder ENCODER = EtfEncoder.standard();
    private static final EtfDecoder DECODER = EtfDecoder.standard();
    private static final Atom ECHO_ERROR = Atom.of("$nodemesh_echo_error");

    // one erl per property (jqwik makes an instance per property); closed after it, pass or fail
    private ErlangTermEcho echo;

    @BeforeProperty
    void startErl() {
        echo = ErlangTermEcho.start();
    }

    @AfterProperty
    void stopErl() {
        if (echo != null) {
            echo.close();
        }
    }

    @Provide
    Arbitrary<Term> terms() {
        return TermArbitraries.terms();
    }

    @Property(tries = 500)
    void otpDecodesWhatWeEncodeAndWritesTheSameBytes(@ForAll("terms") Term term) {
        byte[] ours = ENCODER.encode(term);
        byte[] theirs = echo.roundTrip(ours);
        Term back = DECODER.decode(theirs);
        assertThat(back)
                .as("OTP's answer to %s", ByteBufUtil.hexDump(ours))
                .matches(answer -> !(answer instanceof Tuple tuple && tuple.isTagged(ECHO_ERROR, 3)), "not an error")
                .isEqualTo(term);
        if (!hasMapOver32Entries(term)) {
            assertThat(ByteBufUtil.hexDump(theirs)).isEqualTo(ByteBufUtil.hexDump(ours));
        }
    }

    /**
     * Map keys from small pools, so that keys share nodes, creations, numbers and prefixes and the
     * later comparison steps of the key order decide.
     */
    @Property(tries = 300)
    void smallMapKeysThatOftenTieComeOutInOtpOrder(@ForAll("tyingKeys") java.util.List<Term> keys) {
        TermMap.Builder map = TermMap.builder();
        keys.forEach(key -> map.put(key, Atom.OK));
        byte[] ours = ENCODER.encode(map.build());
        assertThat(ByteBufUtil.hexDump(echo.roundTrip(ours))).isEqualTo(ByteBufUtil.hexDump(ours));
    }

    @Provide
    Arbitrary<java.util.List<Term>> tyingKeys() {
        Arbitrary<Atom> nodes = Arbitraries.of(Atom.of("a@h"), Atom.of("b@h"));
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 2);
        Arbitrary<Term> pids = Combinators.combine(nodes, small, small, small).as(Pid::new);
        Arbitrary<Term> ports = Combinators.combine(nodes, Arbitraries.longs().between(0, 2), small)
                .as(Port::new);
        Arbitrary<Term> refs = Combinators.combine(nodes, small, small, small, small)
                .as((node, creation, a, b, c) -> Ref.of(node, creation, a, b, c));
        Arbitrary<Term> numbers = Arbitraries.oneOf(
                small.map(Int::of), Arbitraries.of(0.5, 1.0, 2.0, 1.5).map(Float64::of));
        Arbitrary<Term> atoms = Arbitraries.of("a", "b", "ab", "é", "α").map(Atom::of);
        Arbitrary<Term> funs = Combinators.combine(atoms, atoms, small)
                .as((module, function, arity) -> new ExternalFun((Atom) module, (Atom) function, arity));
        Arbitrary<Term> bits = Arbitraries.oneOf(
                Arbitraries.of(new byte[] {1}, new byte[] {1, 0}, new byte[] {(byte) 0x80})
                        .map(Binary::of),
                Arbitraries.of(1, 3, 7).map(tail -> BitString.of(new byte[] {(byte) 0x80}, tail)));
        Arbitrary<Term> scalar = Arbitraries.oneOf(pids, ports, refs, numbers, atoms, funs, bits);
        Arbitrary<Term> compound = Arbitraries.oneOf(
                scalar.list().ofMaxSize(2).map(Tuple::of),
                scalar.list().ofMaxSize(2).map(TermList::of),
                Combinators.combine(scalar, scalar)
                        .as((head, tail) -> TermList.improper(java.util.List.of(head), tail)),
                scalar.list().ofMaxSize(2).map(ks -> {
                    TermMap.Builder inner = TermMap.builder();
                    ks.forEach(k -> inner.put(k, k));
                    return inner.build();
                }));
        return Arbitraries.oneOf(scalar, scalar, compound).list().ofMinSize(2).ofMaxSize(12);
    }

    @Example
    void byteListsOfUpTo65535ElementsAreStringsLongerOnesAreLists() {
        for (int size : new int[] {65535, 65536}) {
            Term list = TermList.of(java.util.Collections.nCopies(size, Int.of(7)));
            byte[] ours = ENCODER.encode(list);
            assertThat(ours[1] & 0xff)
                    .isEqualTo(size <= EtfTags.MAX_STRING_LENGTH ? EtfTags.STRING_EXT : EtfTags.LIST_EXT);
            assertThat(echo.roundTrip(ours)).isEqualTo(ours);
        }
    }

    @Example
    void otpDecodesEveryGoldenEncodingToWhatWeDecodeItTo() {
        for (GoldenCorpus.Entry entry : GoldenCorpus.all()) {
            byte[] theirs = echo.roundTrip(entry.bytes());
            byte[] ours = ENCODER.encode(DECODER.decode(entry.bytes()));
            if (!hasMapOver32Entries(DECODER.decode(entry.bytes()))) {
                assertThat(ours).as(entry.label()).isEqualTo(theirs);
            }
        }
    }

    private static boolean hasMapOver32Entries(Term term) {
        if (term instanceof TermMap map) {
            if (map.size() > EtfTags.MAX_ORDERED_MAP_SIZE) {
                return true;
            }
            for (Map.Entry<Term, Term> entry : map.entrySet()) {
                if (hasMapOver32Entries(entry.getKey()) || hasMapOver32Entries(entry.getValue())) {
                    return true;
                }
            }
        } else if (term instanceof Tuple tuple) {
            for (Term element : tuple.elements()) {
                if (hasMapOver32Entries(element)) {
                    return true;
                }
            }
        } else if (term instanceof TermList list) {
            for (Term element : list.elements()) {
                if (hasMapOver32Entries(element)) {
                    return true;
                }
            }
            return !list.isProper() && hasMapOver32Entries(list.tail());
        }
        return false;
    }
}

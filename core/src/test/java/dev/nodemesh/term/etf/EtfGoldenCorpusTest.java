package dev.nodemesh.term.etf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.BitString;
import dev.nodemesh.term.ExternalFun;
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Fun;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Port;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.term.etf.GoldenCorpus.Entry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the codec against bytes from real OTP 25 (the committed golden corpus), in both
 * directions: OTP's bytes decode to the Java-built term, and the Java-built term encodes to OTP's
 * bytes.
 */
class EtfGoldenCorpusTest {

    private static final Map<String, Entry> CORPUS = GoldenCorpus.load();
    private static final EtfDecoder DECODER = EtfDecoder.standard();
    private static final EtfEncoder ENCODER = EtfEncoder.standard();

    private static final Atom NONODE = Atom.of("nonode@nohost");
    private static final Atom CHIP = Atom.of("chip@host");

    static Stream<Entry> encodeEntries() {
        return CORPUS.values().stream().filter(Entry::encode);
    }

    static Stream<Entry> decodeOnlyEntries() {
        return CORPUS.values().stream().filter(entry -> !entry.encode());
    }

    static Stream<Arguments> expectedTerms() {
        return expected().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodeEntries")
    void otpBytesDecodeAndEncodeBackToTheSameBytes(Entry entry) {
        Term term = DECODER.decode(entry.bytes());
        assertThat(ENCODER.encode(term)).as("re-encoding of %s", entry.text()).isEqualTo(entry.bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decodeOnlyEntries")
    void otherEncodingsDecodeToTheSameTermAsTheCanonicalOne(Entry entry) {
        assertThat(DECODER.decode(entry.bytes())).isEqualTo(DECODER.decode(entry.canonical()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectedTerms")
    void otpBytesDecodeToTheJavaBuiltTerm(String label, Term expected) {
        assertThat(DECODER.decode(entry(label).bytes())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectedTerms")
    void javaBuiltTermEncodesToOtpBytes(String label, Term expected) {
        Entry entry = entry(label);
        byte[] canonical = entry.encode() ? entry.bytes() : entry.canonical();
        if (label.equals("map_33_keys") || label.equals("map_40_atom_keys")) {
            // OTP writes maps over 32 keys in hash order; the term, not the order, must survive
            assertThat(DECODER.decode(ENCODER.encode(expected))).isEqualTo(expected);
            return;
        }
        assertThat(ENCODER.encode(expected)).isEqualTo(canonical);
    }

    @Test
    void everyStableEntryHasAJavaBuiltTerm() {
        List<String> stable =
                CORPUS.values().stream().filter(Entry::stable).map(Entry::label).toList();
        assertThat(expected().keySet()).containsAll(stable).isSubsetOf(CORPUS.keySet());
    }

    @Test
    void volatileEntriesDecodeToTheirKindOfTerm() {
        assertThat(DECODER.decode(entry("pid_self").bytes()))
                .isInstanceOfSatisfying(Pid.class, pid -> assertThat(pid.node()).isEqualTo(NONODE));
        assertThat(DECODER.decode(entry("port_real").bytes()))
                .isInstanceOfSatisfying(
                        Port.class, port -> assertThat(port.node()).isEqualTo(NONODE));
        assertThat(DECODER.decode(entry("ref_make_ref").bytes()))
                .isInstanceOfSatisfying(
                        Ref.class, ref -> assertThat(ref.idCount()).isEqualTo(3));
        assertThat(DECODER.decode(entry("fun_local").bytes())).isInstanceOfSatisfying(Fun.class, fun -> {
            assertThat(fun.arity()).isEqualTo(1);
            assertThat(fun.module().name()).startsWith("generate-corpus");
        });
        byte[] environment = ENCODER.encode(Tuple.of(Int.of(5), Binary.of("five")));
        assertThat(DECODER.decode(entry("fun_closure").bytes()))
                .isInstanceOfSatisfying(Fun.class, fun -> assertThat(fun.encoded())
                        .endsWith(Arrays.copyOfRange(environment, 1, environment.length)));
        assertThat(DECODER.decode(entry("tuple_with_funs_and_pids").bytes()))
                .isInstanceOfSatisfying(Tuple.class, tuple -> {
                    assertThat(tuple.get(0)).isInstanceOf(Fun.class);
                    assertThat(tuple.get(1)).isInstanceOf(Pid.class);
                    assertThat(tuple.get(2)).isInstanceOf(Ref.class);
                    assertThat(tuple.get(3)).isInstanceOf(Port.class);
                });
    }

    @Test
    void corpusCoversEveryTagOtpWrites() {
        // the second byte of each entry, plus the tags seen nested in a few chosen entries
        List<Integer> outer = CORPUS.values().stream()
                .map(entry -> entry.bytes()[1] & 0xff)
                .distinct()
                .toList();
        assertThat(outer)
                .contains(
                        EtfTags.SMALL_INTEGER_EXT,
                        EtfTags.INTEGER_EXT,
                        EtfTags.SMALL_BIG_EXT,
                        EtfTags.LARGE_BIG_EXT,
                        EtfTags.NEW_FLOAT_EXT,
                        EtfTags.FLOAT_EXT,
                        EtfTags.SMALL_ATOM_UTF8_EXT,
                        EtfTags.ATOM_UTF8_EXT,
                        EtfTags.ATOM_EXT,
                        EtfTags.SMALL_TUPLE_EXT,
                        EtfTags.LARGE_TUPLE_EXT,
                        EtfTags.NIL_EXT,
                        EtfTags.STRING_EXT,
                        EtfTags.LIST_EXT,
                        EtfTags.BINARY_EXT,
                        EtfTags.BIT_BINARY_EXT,
                        EtfTags.MAP_EXT,
                        EtfTags.NEW_PID_EXT,
                        EtfTags.NEW_PORT_EXT,
                        EtfTags.V4_PORT_EXT,
                        EtfTags.NEWER_REFERENCE_EXT,
                        EtfTags.EXPORT_EXT,
                        EtfTags.NEW_FUN_EXT,
                        EtfTags.COMPRESSED);
    }

    private static Entry entry(String label) {
        Entry entry = CORPUS.get(label);
        assertThat(entry).as("corpus entry %s", label).isNotNull();
        return entry;
    }

    // ---- the Java-built terms, one per stable corpus entry ----

    private static Map<String, Term> expected() {
        Map<String, Term> terms = new LinkedHashMap<>();
        terms.put("int_0", i(0));
        terms.put("int_42", i(42));
        terms.put("int_255", i(255));
        terms.put("int_256", i(256));
        terms.put("int_minus_1", i(-1));
        terms.put("int_2p31_minus_1", i(Integer.MAX_VALUE));
        terms.put("int_2p31", i(2147483648L));
        terms.put("int_minus_2p31", i(Integer.MIN_VALUE));
        terms.put("int_minus_2p31_minus_1", i(-2147483649L));
        terms.put("int_2p63_minus_1", i(Long.MAX_VALUE));
        terms.put("int_2p63", Int.of(BigInteger.ONE.shiftLeft(63)));
        terms.put("int_minus_2p63", i(Long.MIN_VALUE));
        terms.put(
                "int_minus_2p63_minus_1",
                Int.of(BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE)));
        terms.put("int_2p64", Int.of(BigInteger.ONE.shiftLeft(64)));
        terms.put("int_minus_2p64", Int.of(BigInteger.ONE.shiftLeft(64).negate()));
        terms.put("int_2p2040_minus_1", Int.of(BigInteger.ONE.shiftLeft(2040).subtract(BigInteger.ONE)));
        terms.put("int_2p2040", Int.of(BigInteger.ONE.shiftLeft(2040)));
        terms.put("int_minus_2p2040", Int.of(BigInteger.ONE.shiftLeft(2040).negate()));
        terms.put("float_1_5", f(1.5));
        terms.put("float_0", f(0.0));
        terms.put("float_minus_0", f(-0.0));
        terms.put("float_pi", f(Math.PI));
        terms.put("float_minus_2_5", f(-2.5));
        terms.put("float_min_subnormal", f(Double.MIN_VALUE));
        terms.put("float_max", f(Double.MAX_VALUE));
        terms.put("atom_ok", Atom.OK);
        terms.put("atom_empty", Atom.EMPTY);
        terms.put("atom_true", Atom.TRUE);
        terms.put("atom_elixir_module", a("Elixir.MyApp.Greeter"));
        terms.put("atom_alpha_beta", a("αβ"));
        terms.put("atom_hello_latin1", a("héllo"));
        terms.put("atom_255_ascii", a("a".repeat(255)));
        terms.put("atom_255_greek", a("α".repeat(255)));
        terms.put("tuple_empty", t());
        terms.put("tuple_ok_1", t(Atom.OK, i(1)));
        terms.put("tuple_255", Tuple.of(seq(1, 255)));
        terms.put("tuple_256", Tuple.of(seq(1, 256)));
        terms.put("tuple_nested", t(a("a"), t(a("b"), t(a("c"), t())), l(t(a("d")))));
        terms.put("list_nil", TermList.EMPTY);
        terms.put("string_abc", TermList.charlist("abc"));
        terms.put("string_latin1", TermList.charlist("héllo"));
        terms.put(
                "string_300_bytes",
                TermList.of(
                        IntStream.rangeClosed(1, 300).mapToObj(x -> i(x % 256)).toList()));
        terms.put("list_1_2_300", l(i(1), i(2), i(300)));
        terms.put("list_255_256", l(i(255), i(256)));
        terms.put("list_minus_1", l(i(-1)));
        terms.put("list_unicode_chars", TermList.charlist("αβ"));
        terms.put("list_pi_char", l(i(960)));
        terms.put("list_atoms", l(a("a"), a("b")));
        terms.put("list_nested_strings", l(l(i(1)), l(i(2), l(i(3))), TermList.charlist("xy")));
        terms.put("improper_1_2", TermList.improper(List.of(i(1)), i(2)));
        terms.put("improper_a_b_c", TermList.improper(List.of(a("a"), a("b")), a("c")));
        terms.put("improper_string_tail", TermList.improper(List.of(l(i(1), i(2))), i(3)));
        terms.put("improper_float_tail", TermList.improper(List.of(i(1)), f(2.5)));
        terms.put("improper_tuple_tail", TermList.improper(List.of(t(a("a"))), a("b")));
        terms.put("binary_empty", Binary.EMPTY);
        terms.put("binary_1_2_3", Binary.of(new byte[] {1, 2, 3}));
        terms.put("binary_utf8", Binary.of("héllo"));
        byte[] bytes300 = new byte[300];
        for (int k = 0; k < 300; k++) {
            bytes300[k] = (byte) (k % 256);
        }
        terms.put("binary_300", Binary.of(bytes300));
        terms.put("bits_1_2_3_4", BitString.of(new byte[] {1, 2, 0x30}, 4));
        terms.put("bits_5_3", BitString.of(new byte[] {(byte) 0xa0}, 3));
        terms.put("bits_1_1", BitString.of(new byte[] {(byte) 0x80}, 1));
        terms.put("bits_127_7", BitString.of(new byte[] {(byte) 0xfe}, 7));
        terms.put("map_empty", TermMap.EMPTY);
        terms.put("map_a_b", TermMap.of(a("a"), i(1), a("b"), i(2)));
        terms.put("map_sorted_keys", TermMap.of(a("b"), i(1), a("a"), i(2), i(1), a("x")));
        terms.put("map_int_float_keys", TermMap.of(i(2), a("a"), f(1.5), a("b"), i(1), a("c"), f(1.0), a("d")));
        terms.put("map_nested_string", TermMap.of(Binary.of("k"), l(i(1))));
        terms.put(
                "map_compound_keys",
                TermMap.of(
                        t(f(1.0)), a("a"),
                        t(i(2)), a("b"),
                        l(f(1.5)), a("c"),
                        l(i(1)), a("d"),
                        Binary.of("z"), a("e"),
                        TermList.charlist("s"), a("f")));
        terms.put("map_32_keys", squares(32));
        terms.put("map_33_keys", identities(33));
        TermMap.Builder map40 = TermMap.builder();
        for (int k = 40; k >= 1; k--) {
            map40.put(a("k" + k), i(k));
        }
        terms.put("map_40_atom_keys", map40.build());
        terms.put("pid_local", new Pid(NONODE, 42, 0, 0));
        terms.put("pid_max_v3", new Pid(NONODE, 32767, 8191, 0));
        terms.put("pid_external", new Pid(CHIP, 7, 1, 0x6b048d80));
        terms.put("pid_external_32_bit", new Pid(a("dale@host"), -1, -1, -1));
        terms.put("port_local", new Port(NONODE, 5, 0));
        terms.put("port_external_28_bit", new Port(CHIP, 0x0fff_ffffL, 3));
        terms.put("port_external_v4", new Port(CHIP, 0x1000_0000L, 3));
        terms.put("port_external_64_bit", new Port(CHIP, -1L, 3));
        // #Ref<0.1.2.3> prints the id words in reverse wire order
        terms.put("ref_local", Ref.of(NONODE, 0, 3, 2, 1));
        terms.put("ref_external_5_words", Ref.of(CHIP, 9, 1, 2, 3, 4, 5));
        terms.put("ref_external_1_word", Ref.of(CHIP, 9, -1));
        terms.put("export_lists_map_2", new ExternalFun(a("lists"), a("map"), 2));
        terms.put("export_erlang_self_0", new ExternalFun(a("erlang"), a("self"), 0));
        terms.put(
                "nested_everything",
                t(
                        Atom.OK,
                        l(TermMap.of(
                                a("name"), Binary.of("chip"),
                                a("tags"), l(a("a"), TermList.charlist("b"), Binary.of("c")),
                                a("n"), t(i(1), i(-1), f(1.5)))),
                        TermList.improper(List.of(i(1)), t(i(2))),
                        BitString.of(new byte[] {(byte) 0xe0}, 3),
                        new ExternalFun(a("lists"), a("map"), 2),
                        new Pid(NONODE, 42, 0, 0)));
        terms.put("legacy_atom_ok", Atom.OK);
        terms.put("legacy_atom_empty", Atom.EMPTY);
        terms.put("legacy_atom_latin1", a("héllo"));
        terms.put("legacy_atom_unicode", a("αβ"));
        terms.put(
                "legacy_nested",
                t(
                        Atom.OK,
                        TermList.improper(List.of(a("a"), a("b")), a("c")),
                        TermMap.of(a("k"), a("v")),
                        new ExternalFun(a("lists"), a("map"), 2),
                        new Pid(NONODE, 42, 0, 0),
                        Ref.of(NONODE, 0, 3, 2, 1),
                        new Port(NONODE, 5, 0)));
        terms.put("float_ext_1_5", f(1.5));
        terms.put("float_ext_minus_0", f(-0.0));
        terms.put("float_ext_pi", f(Math.PI));
        terms.put("float_ext_tiny", f(1.0e-300));
        terms.put(
                "compressed_zeros",
                TermList.of(IntStream.range(0, 100).mapToObj(x -> i(0)).toList()));
        terms.put("compressed_tuple", t(a("hello"), TermList.of(seq(1, 1000)), Binary.of(new byte[1000])));
        return terms;
    }

    private static TermMap squares(int n) {
        TermMap.Builder map = TermMap.builder();
        for (int k = n; k >= 1; k--) {
            map.put(i(k), i((long) k * k));
        }
        return map.build();
    }

    private static TermMap identities(int n) {
        TermMap.Builder map = TermMap.builder();
        for (int k = 1; k <= n; k++) {
            map.put(i(k), i(k));
        }
        return map.build();
    }

    private static List<Term> seq(int from, int to) {
        List<Term> terms = new ArrayList<>();
        for (int k = from; k <= to; k++) {
            terms.add(i(k));
        }
        return terms;
    }

    private static Atom a(String name) {
        return Atom.of(name);
    }

    private static Int i(long value) {
        return Int.of(value);
    }

    private static Float64 f(double value) {
        return Float64.of(value);
    }

    private static Tuple t(Term... elements) {
        return Tuple.of(elements);
    }

    private static TermList l(Term... elements) {
        return TermList.of(elements);
    }
}

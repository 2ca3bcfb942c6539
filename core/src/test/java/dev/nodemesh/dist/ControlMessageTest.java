package dev.nodemesh.dist;

import static dev.nodemesh.dist.ControlSamples.A;
import static dev.nodemesh.dist.ControlSamples.B;
import static dev.nodemesh.dist.ControlSamples.REF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.dist.ControlMessage.MonitorP;
import dev.nodemesh.dist.ControlMessage.PayloadMonitorPExit;
import dev.nodemesh.dist.ControlMessage.Send;
import dev.nodemesh.dist.ControlMessage.SpawnReply;
import dev.nodemesh.dist.ControlMessage.SpawnRequest;
import dev.nodemesh.dist.ControlMessage.UnlinkId;
import dev.nodemesh.dist.ControlSamples.Sample;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.term.etf.EtfDecoder;
import dev.nodemesh.term.etf.EtfEncoder;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ControlMessageTest {

    static List<Sample> samples() {
        return ControlSamples.all();
    }

    /** Per op, the tuple positions that may hold any term (Unused, reasons, trace tokens). */
    private static final Map<Integer, Set<Integer>> FREE_POSITIONS = Map.ofEntries(
            Map.entry(2, Set.of(1)),
            Map.entry(12, Set.of(1, 3)),
            Map.entry(3, Set.of(3)),
            Map.entry(13, Set.of(3, 4)),
            Map.entry(6, Set.of(2)),
            Map.entry(16, Set.of(2, 4)),
            Map.entry(8, Set.of(3)),
            Map.entry(18, Set.of(3, 4)),
            Map.entry(21, Set.of(4)),
            Map.entry(23, Set.of(3)),
            Map.entry(25, Set.of(3)),
            Map.entry(27, Set.of(3)),
            Map.entry(30, Set.of(6)),
            Map.entry(32, Set.of(5)),
            Map.entry(34, Set.of(3)));

    private static void assertRejected(Term term, String... messageParts) {
        assertThatThrownBy(() -> ControlMessage.fromTerm(term))
                .isInstanceOf(DistProtocolException.class)
                .hasMessageContainingAll(messageParts);
    }

    private static Tuple replaced(Tuple tuple, int index, Term element) {
        List<Term> elements = new ArrayList<>(tuple.elements());
        elements.set(index, element);
        return Tuple.of(elements);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void hasItsOperationPayloadFlagAndTuple(Sample sample) {
        assertThat(sample.message().op()).isEqualTo(sample.op());
        assertThat(sample.message().hasPayload()).isEqualTo(sample.payload());
        assertThat(sample.message().toTerm()).isEqualTo(sample.tuple());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void isReadBackFromItsTuple(Sample sample) {
        assertThat(ControlMessage.fromTerm(sample.tuple())).isEqualTo(sample.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void isReadBackAfterTheExternalTermFormat(Sample sample) {
        byte[] bytes = EtfEncoder.standard().encode(sample.message().toTerm());
        assertThat(ControlMessage.fromTerm(EtfDecoder.standard().decode(bytes))).isEqualTo(sample.message());
    }

    @Test
    void theSamplesCoverEveryOperationAndEveryRecord() {
        Set<Integer> ops = samples().stream().map(Sample::op).collect(Collectors.toCollection(TreeSet::new));
        assertThat(ops)
                .containsExactly(
                        1, 2, 3, 4, 6, 7, 8, 12, 13, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33,
                        34, 35, 36);
        Set<Class<?>> covered =
                samples().stream().map(sample -> sample.message().getClass()).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder(ControlMessage.class.getPermittedSubclasses());
    }

    @Test
    void sendsTheEmptyAtomAsUnusedAndAcceptsAnyTermThere() {
        assertThat(new Send(B).unused()).isEqualTo(Atom.EMPTY);
        Tuple withList = Tuple.of(Int.of(2), TermList.EMPTY, B);
        assertThat(ControlMessage.fromTerm(withList).toTerm()).isEqualTo(withList);
    }

    // ---- malformed shapes ----

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 9, 10, 11, 14, 15, 17, 37, 38, -1, 112, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void rejectsUnknownOperations(int op) {
        assertRejected(Tuple.of(Int.of(op), A, B), "operation " + op);
    }

    @Test
    void rejectsWhatIsNotATupleStartingWithAnOperationCode() {
        assertRejected(Atom.of("link"), "must be a tuple", "an atom");
        assertRejected(TermList.of(Int.of(1), A, B), "must be a tuple", "a list");
        assertRejected(Tuple.of(), "must be a tuple");
        assertRejected(Tuple.of(Atom.of("link"), A, B), "operation code", "an atom");
        assertRejected(Tuple.of(Int.of(BigInteger.ONE.shiftLeft(70).add(BigInteger.ONE)), A, B), "operation code");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void rejectsATupleOneElementShortOrLong(Sample sample) {
        List<Term> elements = sample.tuple().elements();
        Tuple shorter = Tuple.of(elements.subList(0, elements.size() - 1));
        List<Term> longerElements = new ArrayList<>(elements);
        longerElements.add(Atom.of("extra"));
        Tuple longer = Tuple.of(longerElements);
        assertRejected(shorter, elements.size() + " elements), got " + (elements.size() - 1) + " elements");
        assertRejected(longer, elements.size() + " elements), got " + (elements.size() + 1) + " elements");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void checksTheTypeOfEveryElementExceptTheFreeOnes(Sample sample) {
        Set<Integer> free = FREE_POSITIONS.getOrDefault(sample.op(), Set.of());
        Tuple tuple = sample.tuple();
        for (int index = 1; index < tuple.size(); index++) {
            Tuple wrong = replaced(tuple, index, Binary.of("x"));
            if (free.contains(index)) {
                assertThat(ControlMessage.fromTerm(wrong).toTerm())
                        .as("position %d is free", index)
                        .isEqualTo(wrong);
            } else {
                int position = index;
                assertThatThrownBy(() -> ControlMessage.fromTerm(wrong))
                        .as("position %d", position)
                        .isInstanceOf(DistProtocolException.class)
                        .hasMessageContaining("got a binary");
            }
        }
    }

    @Test
    void namesTheOperationAndElementInTheMessage() {
        Tuple regSend = Tuple.of(Int.of(6), A, Atom.EMPTY, B);
        assertRejected(regSend, "REG_SEND {6, FromPid, Unused, ToName}: ToName must be an atom, got a pid");
    }

    @Test
    void neverQuotesTheOffendingTerm() {
        byte[] big = new byte[1 << 20];
        Arrays.fill(big, (byte) 'x');
        Tuple hostile = Tuple.of(Int.of(22), Binary.of(big), B);
        assertThatThrownBy(() -> ControlMessage.fromTerm(hostile))
                .isInstanceOf(DistProtocolException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200).doesNotContain("xxx"));
    }

    @Test
    void acceptsMonitorTargetsByPidOrNameOnly() {
        assertThat(ControlMessage.fromTerm(Tuple.of(Int.of(19), A, Atom.of("rex"), REF)))
                .isEqualTo(new MonitorP(A, Atom.of("rex"), REF));
        assertRejected(Tuple.of(Int.of(19), A, Tuple.of(Atom.of("rex"), Atom.of("n@h")), REF), "a pid or an atom");
        assertRejected(Tuple.of(Int.of(28), Int.of(1), A, REF), "FromProc must be a pid or an atom");
    }

    @Test
    void readsUnlinkIdsAsUnsigned64BitValues() {
        BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        Tuple largest = Tuple.of(Int.of(35), Int.of(max), A, B);
        UnlinkId unlink = (UnlinkId) ControlMessage.fromTerm(largest);
        assertThat(unlink.id()).isEqualTo(-1L);
        assertThat(unlink.toTerm()).isEqualTo(largest);
        assertThat(ControlMessage.fromTerm(Tuple.of(Int.of(36), Int.of(0), A, B)))
                .isEqualTo(new ControlMessage.UnlinkIdAck(0, A, B));
        assertRejected(Tuple.of(Int.of(35), Int.of(max.add(BigInteger.ONE)), A, B), "Id must be an integer 0..2^64-1");
        assertRejected(Tuple.of(Int.of(35), Int.of(-1), A, B), "Id must be");
        assertRejected(Tuple.of(Int.of(36), Atom.of("one"), A, B), "Id must be");
    }

    @Test
    void checksTheEntryPointAndOptionsOfASpawnRequest() {
        TermList args = TermList.EMPTY;
        assertRejected(spawn(Tuple.of(Atom.of("m"), Atom.of("f"), Int.of(256)), args), "{Module, Function, Arity}");
        assertRejected(spawn(Tuple.of(Atom.of("m"), Atom.of("f"), Int.of(-1)), args), "{Module, Function, Arity}");
        assertRejected(spawn(Tuple.of(Atom.of("m"), Atom.of("f")), args), "got a tuple of 2 elements");
        assertRejected(spawn(Tuple.of(Binary.of("m"), Atom.of("f"), Int.of(0)), args), "{Module, Function, Arity}");
        assertRejected(spawn(Tuple.of(Atom.of("m"), Atom.of("f"), Int.of(0)), Atom.of("x")), "OptList");
        assertRejected(
                spawn(
                        Tuple.of(Atom.of("m"), Atom.of("f"), Int.of(0)),
                        TermList.improper(List.of(Int.of(1)), Int.of(2))),
                "OptList must be a proper list, got an improper list");
        assertThat(ControlMessage.fromTerm(spawn(Tuple.of(Atom.of("m"), Atom.of("f"), Int.of(255)), args)))
                .isEqualTo(new SpawnRequest(REF, A, B, Atom.of("m"), Atom.of("f"), 255, args));
    }

    private static Tuple spawn(Term mfa, Term options) {
        return Tuple.of(Int.of(29), REF, A, B, mfa, options);
    }

    @Test
    void checksTheFlagsAndResultOfASpawnReply() {
        assertRejected(Tuple.of(Int.of(31), REF, A, Int.of(-1), B), "Flags must be a non-negative integer");
        assertRejected(Tuple.of(Int.of(31), REF, A, Int.of(1L << 40), B), "Flags");
        assertRejected(Tuple.of(Int.of(31), REF, A, Int.of(0), Binary.of("x")), "Result must be a pid or an atom");
        assertThat(ControlMessage.fromTerm(Tuple.of(Int.of(31), REF, A, Int.of(3), Atom.of("badarg"))))
                .isEqualTo(new SpawnReply(REF, A, 3, Atom.of("badarg")));
    }

    @Test
    void constructorsRejectWhatCouldNotBeSent() {
        assertThatThrownBy(() -> new ControlMessage.Link(null, B)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Send(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new MonitorP(A, Binary.of("x"), REF)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PayloadMonitorPExit(Int.of(1), A, REF))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpawnRequest(REF, A, B, Atom.of("m"), Atom.of("f"), 256, TermList.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new SpawnRequest(REF, A, B, Atom.of("m"), Atom.of("f"), 0, TermList.improper(List.of(A), A)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpawnReply(REF, A, -1, B)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpawnReply(REF, A, 0, REF)).isInstanceOf(IllegalArgumentException.class);
    }
}

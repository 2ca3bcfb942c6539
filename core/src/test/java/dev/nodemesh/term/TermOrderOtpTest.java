package dev.nodemesh.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The orders OTP 25.2.3 uses, as observed with {@code lists:sort/1} and {@code maps:keys/1} on
 * hand-made terms (see {@code erlang-distribution.md} §6 and the codec's golden corpus).
 */
class TermOrderOtpTest {

    private static final Atom A = Atom.of("a@b");
    private static final Atom Z = Atom.of("z@b");

    private static List<Term> sorted(TermOrder order, Term... terms) {
        List<Term> list = new ArrayList<>(Arrays.asList(terms));
        list.sort(order);
        return list;
    }

    @Test
    void mapKeyOrderPutsEveryIntegerBeforeEveryFloat() {
        // maps:keys(#{2 => a, 1.5 => b, 1 => c, 1.0 => d}) =:= [1,2,1.0,1.5]
        assertThat(sorted(TermOrder.MAP_KEYS, Int.of(2), Float64.of(1.5), Int.of(1), Float64.of(1.0)))
                .containsExactly(Int.of(1), Int.of(2), Float64.of(1.0), Float64.of(1.5));
    }

    @Test
    void mapKeyOrderAppliesInsideTuplesMapsAndLists() {
        // maps:keys(#{{1.0}=>a, {2}=>b, [1.5]=>c, [1]=>d}) =:= [{2},{1.0},[1],[1.5]]
        assertThat(sorted(
                        TermOrder.MAP_KEYS,
                        Tuple.of(Float64.of(1.0)),
                        Tuple.of(Int.of(2)),
                        TermList.of(Float64.of(1.5)),
                        TermList.of(Int.of(1))))
                .containsExactly(
                        Tuple.of(Int.of(2)),
                        Tuple.of(Float64.of(1.0)),
                        TermList.of(Int.of(1)),
                        TermList.of(Float64.of(1.5)));
    }

    @Test
    void emptyListsInsideEqualPrefixesCompareEqualInsteadOfRecursingForever() {
        Term a = Tuple.of(TermList.EMPTY, Int.of(1));
        Term b = Tuple.of(TermList.EMPTY, Int.of(2));
        assertThat(TermOrder.STANDARD.compare(TermList.EMPTY, TermList.EMPTY)).isZero();
        assertThat(TermOrder.STANDARD.compare(TermList.of(TermList.EMPTY), TermList.of(TermList.EMPTY)))
                .isZero();
        assertThat(TermOrder.MAP_KEYS.compare(a, b)).isNegative();
        assertThat(TermOrder.MAP_KEYS.compare(b, a)).isPositive();
    }

    @Test
    void standardOrderComparesNumbersByValue() {
        // lists:sort([{1.0},{2}]) =:= [{1.0},{2}]
        assertThat(sorted(TermOrder.STANDARD, Tuple.of(Int.of(2)), Tuple.of(Float64.of(1.0))))
                .containsExactly(Tuple.of(Float64.of(1.0)), Tuple.of(Int.of(2)));
        assertThat(TermOrder.STANDARD.compare(Int.of(1), Float64.of(1.0))).isZero();
    }

    @Test
    void pidsCompareBySerialAndIdBeforeNode() {
        Pid zLow = new Pid(Z, 1, 0, 1);
        Pid aHigh = new Pid(A, 2, 0, 1);
        Pid aSerial = new Pid(A, 0, 1, 1);
        Pid aNewer = new Pid(A, 2, 0, 5);
        assertThat(sorted(TermOrder.STANDARD, aSerial, aNewer, aHigh, zLow))
                .containsExactly(zLow, aHigh, aNewer, aSerial);
        // serial and id are unsigned
        assertThat(TermOrder.STANDARD.compare(new Pid(A, -1, 0, 1), new Pid(A, 0, 1, 1)))
                .isNegative();
    }

    @Test
    void portsCompareByNodeThenCreationThenId() {
        Port zPort = new Port(Z, 1, 1);
        Port aLater = new Port(A, 1, 5);
        Port aEarlier = new Port(A, 2, 1);
        assertThat(sorted(TermOrder.STANDARD, zPort, aLater, aEarlier)).containsExactly(aEarlier, aLater, zPort);
    }

    @Test
    void referencesCompareByNodeThenCreationThenWordsAsOneNumber() {
        Ref z = Ref.of(Z, 1, 1, 0, 0);
        Ref aLater = Ref.of(A, 5, 1, 0, 0);
        Ref aEarlier = Ref.of(A, 1, 2, 0, 0);
        assertThat(sorted(TermOrder.STANDARD, z, aLater, aEarlier)).containsExactly(aEarlier, aLater, z);
        // [1,0,0,0,0] < [2,0,0] and [1,0,0] < [2]: missing high words count as zero
        assertThat(TermOrder.STANDARD.compare(Ref.of(A, 1, 1, 0, 0, 0, 0), Ref.of(A, 1, 2, 0, 0)))
                .isNegative();
        assertThat(TermOrder.STANDARD.compare(Ref.of(A, 1, 1, 0, 0), Ref.of(A, 1, 2)))
                .isNegative();
        // [2,1,0] < [1,2,0]: the last word is the most significant
        assertThat(TermOrder.STANDARD.compare(Ref.of(A, 1, 2, 1, 0), Ref.of(A, 1, 1, 2, 0)))
                .isNegative();
    }

    @Test
    void externalFunsCompareByModuleFunctionArity() {
        ExternalFun map2 = new ExternalFun(Atom.of("lists"), Atom.of("map"), 2);
        ExternalFun ab3 = new ExternalFun(Atom.of("a"), Atom.of("b"), 3);
        ExternalFun map1 = new ExternalFun(Atom.of("lists"), Atom.of("map"), 1);
        ExternalFun filter5 = new ExternalFun(Atom.of("lists"), Atom.of("filter"), 5);
        assertThat(sorted(TermOrder.STANDARD, map2, ab3, map1, filter5)).containsExactly(ab3, filter5, map1, map2);
    }
}

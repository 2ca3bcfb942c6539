package dev.nodemesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.term.etf.EtfEncoder;
import dev.nodemesh.testsupport.Slow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The estimate local sends count against a mailbox's byte bound: near the encoded size, bounded work. */
@Slow
class MessageSizesTest {

    @Test
    void smallTermsAreEstimatedNearTheirEncodedSize() {
        Term message = Tuple.of(Atom.of("order"), Int.of(42), Binary.of(new byte[1_000]));

        assertThat(MessageSizes.estimate(message)).isBetween(encoded(message) - 16, encoded(message) + 32);
    }

    @Test
    void aLongListIsCountedForAllItsElementsFromTheFewItVisits() {
        List<Term> records = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            records.add(Tuple.of(Atom.of("item"), Binary.of(new byte[100])));
        }
        Term message = TermList.of(records);

        int estimate = MessageSizes.estimate(message);

        assertThat((double) estimate).isBetween(encoded(message) * 0.8, encoded(message) * 1.2);
    }

    @Test
    void mapsCountKeysAndValues() {
        TermMap.Builder builder = TermMap.builder();
        for (int i = 0; i < 1_000; i++) {
            builder.put(Int.of(i), Binary.of(new byte[50]));
        }
        TermMap map = builder.build();

        assertThat((double) MessageSizes.estimate(map)).isBetween(encoded(map) * 0.8, encoded(map) * 1.2);
    }

    private static int encoded(Term term) {
        return new EtfEncoder().encode(term).length;
    }
}

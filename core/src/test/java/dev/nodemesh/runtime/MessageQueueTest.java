package dev.nodemesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The mailbox queue against a plain deque: order, sizes and byte count through growth and wrap-around. */
class MessageQueueTest {

    @Test
    void growsWhileTheRingIsWrappedAndKeepsArrivalOrder() {
        MessageQueue queue = new MessageQueue();
        for (int i = 0; i < 3; i++) {
            queue.addLast(Int.of(i), 1);
        }
        queue.pollFirst();
        queue.pollFirst();
        // head is at slot 2 of 4: the next adds wrap around, and the fifth one grows the arrays
        for (int i = 3; i < 40; i++) {
            queue.addLast(Int.of(i), i);
        }
        List<Term> drained = new ArrayList<>();
        for (Term t; (t = queue.pollFirst()) != null; ) {
            drained.add(t);
        }
        assertThat(drained).extracting(t -> ((Int) t).intValue()).containsExactlyElementsOf(range(2, 40));
        assertThat(queue.bytes()).isZero();
    }

    @Property(tries = 300)
    void behavesAsADeque(@ForAll("operations") List<Integer> operations) {
        MessageQueue queue = new MessageQueue();
        Deque<Integer> model = new ArrayDeque<>();
        long bytes = 0;
        int next = 0;
        for (int op : operations) {
            if (op < 6) {
                queue.addLast(Int.of(next), next % 7);
                model.addLast(next);
                bytes += next % 7;
                next++;
            } else if (op < 8) {
                Term polled = queue.pollFirst();
                Integer expected = model.pollFirst();
                assertThat(polled == null ? null : ((Int) polled).intValue()).isEqualTo(expected);
                bytes -= expected == null ? 0 : expected % 7;
            } else {
                int divisor = op;
                Term removed = queue.removeFirst(t -> ((Int) t).intValue() % divisor == 0);
                Integer expected =
                        model.stream().filter(v -> v % divisor == 0).findFirst().orElse(null);
                if (expected != null) {
                    model.removeFirstOccurrence(expected);
                    bytes -= expected % 7;
                }
                assertThat(removed == null ? null : ((Int) removed).intValue()).isEqualTo(expected);
            }
            assertThat(queue.size()).isEqualTo(model.size());
            assertThat(queue.bytes()).isEqualTo(bytes);
        }
        for (Integer expected : model) {
            assertThat(((Int) queue.pollFirst()).intValue()).isEqualTo(expected);
        }
        assertThat(queue.isEmpty()).isTrue();
    }

    /** 0–5 add, 6–7 poll, 8–11 remove the first multiple of the number. */
    @Provide
    Arbitrary<List<Integer>> operations() {
        return Arbitraries.integers().between(0, 11).list().ofMaxSize(400);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add(i);
        }
        return values;
    }
}

package dev.nodemesh.term.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Term;
import dev.nodemesh.testsupport.Slow;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Java value to term to Java value gives the value back. */
@Slow
class RoundTripPropertyTest {

    enum Status {
        OPEN,
        ON_HOLD,
        CLOSED
    }

    record Item(String sku, int quantity, double price, Optional<String> note) {}

    @TaggedTuple
    record Audit(long at, String who) {}

    @ElixirStruct("Shop.Order")
    record Order(
            String id,
            long version,
            BigInteger total,
            boolean paid,
            Status status,
            List<Item> items,
            Map<String, Integer> counts,
            Set<Status> history,
            Optional<Audit> audit,
            char grade,
            float weight,
            short shelf,
            byte flags) {}

    private final TermMapper mapper = TermMapper.standard();

    @Property(tries = 300)
    void orderRoundTrips(@ForAll("orders") Order order) {
        Term term = mapper.toTerm(order);
        assertThat(mapper.fromTerm(term, Order.class)).isEqualTo(order);
    }

    @Property(tries = 300)
    void orderTermFitsOrder(@ForAll("orders") Order order) {
        assertThat(mapper.fits(mapper.toTerm(order), Order.class)).isTrue();
    }

    @Property(tries = 300)
    void listOfItemsRoundTripsThroughGenericTarget(@ForAll("itemLists") List<Item> items) {
        Object back = mapper.fromTerm(mapper.toTerm(items), new GenericType<List<Item>>() {}.type());
        assertThat(back).isEqualTo(items);
    }

    @Property
    void stringRoundTripsAsUtf8Binary(@ForAll("texts") String text) {
        Term term = mapper.toTerm(text);
        assertThat(term).isEqualTo(Binary.of(text));
        assertThat(mapper.fromTerm(term, String.class)).isEqualTo(text);
        assertThat(mapper.fromTerm(term, Object.class)).isEqualTo(text);
    }

    @Property
    void longRoundTrips(@ForAll long value) {
        assertThat(mapper.fromTerm(mapper.toTerm(value), long.class)).isEqualTo(value);
        assertThat(mapper.fromTerm(mapper.toTerm(value), Object.class)).isEqualTo(value);
    }

    @Property
    void bigIntegerRoundTrips(@ForAll BigInteger value) {
        assertThat(mapper.fromTerm(mapper.toTerm(value), BigInteger.class)).isEqualTo(value);
    }

    @Property
    void finiteDoubleRoundTripsBitForBit(@ForAll("doubles") double value) {
        double back = mapper.fromTerm(mapper.toTerm(value), double.class);
        assertThat(Double.doubleToRawLongBits(back)).isEqualTo(Double.doubleToRawLongBits(value));
    }

    @Property
    void byteArrayRoundTrips(@ForAll byte[] bytes) {
        assertThat(mapper.fromTerm(mapper.toTerm(bytes), byte[].class)).isEqualTo(bytes);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings()
                .withCharRange('\u0000', '\ud7ff')
                .withCharRange('\ue000', '\ufffd')
                .withChars("😀🎉𝄞")
                .ofMaxLength(40)
                .filter(RoundTripPropertyTest::wellFormed);
    }

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.doubles()
                .filter(Double::isFinite)
                .injectDuplicates(0.01)
                .edgeCases(c -> c.add(-0.0));
    }

    @Provide
    Arbitrary<List<Item>> itemLists() {
        return items().list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<Order> orders() {
        Arbitrary<Audit> audits =
                Combinators.combine(Arbitraries.longs(), texts()).as(Audit::new);
        return Builders.withBuilder(OrderBuilder::new)
                .use(texts())
                .inSetter((b, v) -> b.id = v)
                .use(Arbitraries.longs())
                .inSetter((b, v) -> b.version = v)
                .use(Arbitraries.bigIntegers())
                .inSetter((b, v) -> b.total = v)
                .use(Arbitraries.of(true, false))
                .inSetter((b, v) -> b.paid = v)
                .use(Arbitraries.of(Status.class))
                .inSetter((b, v) -> b.status = v)
                .use(itemLists())
                .inSetter((b, v) -> b.items = v)
                .use(Arbitraries.maps(texts(), Arbitraries.integers()).ofMaxSize(4))
                .inSetter((b, v) -> b.counts = v)
                .use(Arbitraries.of(Status.class).set())
                .inSetter((b, v) -> b.history = v)
                .use(audits.optional())
                .inSetter((b, v) -> b.audit = v)
                .use(Arbitraries.chars())
                .inSetter((b, v) -> b.grade = v)
                .use(Arbitraries.floats())
                .inSetter((b, v) -> b.weight = v)
                .use(Arbitraries.shorts())
                .inSetter((b, v) -> b.shelf = v)
                .use(Arbitraries.bytes())
                .inSetter((b, v) -> b.flags = v)
                .build(OrderBuilder::build);
    }

    private Arbitrary<Item> items() {
        return Combinators.combine(texts(), Arbitraries.integers(), doubles(), texts().optional())
                .as(Item::new);
    }

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static final class OrderBuilder {
        String id;
        long version;
        BigInteger total;
        boolean paid;
        Status status;
        List<Item> items;
        Map<String, Integer> counts;
        Set<Status> history;
        Optional<Audit> audit;
        char grade;
        float weight;
        short shelf;
        byte flags;

        Order build() {
            return new Order(
                    id, version, total, paid, status, items, counts, history, audit, grade, weight, shelf, flags);
        }
    }
}

package dev.nodemesh.term.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** User converters: their own types, overriding built-ins, errors and nil. */
class ConverterTest {

    record Job(String name, Duration timeout) {}

    record Counter(int value) {}

    interface Shape {}

    static final class Circle implements Shape {}

    static final class Square implements Shape {}

    private static final TermConverter<Duration> MILLIS = TermConverter.of(d -> Int.of(d.toMillis()), t -> {
        if (t instanceof Int i && i.isLong()) {
            return Duration.ofMillis(i.longValue());
        }
        throw TermMappingException.expected("milliseconds", t);
    });

    private final TermMapper mapper =
            TermMapper.builder().register(Duration.class, MILLIS).build();

    @Test
    void converterMapsATypeTheBuiltInsDoNotKnow() {
        assertThat(mapper.toTerm(Duration.ofSeconds(2))).isEqualTo(Int.of(2000));
        assertThat(mapper.fromTerm(Int.of(1500), Duration.class)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void converterWorksInsideRecords() {
        Job job = new Job("sync", Duration.ofMillis(250));
        Term term = mapper.toTerm(job);
        assertThat(term).isEqualTo(TermMap.of(Atom.of("name"), Binary.of("sync"), Atom.of("timeout"), Int.of(250)));
        assertThat(mapper.fromTerm(term, Job.class)).isEqualTo(job);
    }

    @Test
    void standardMapperDoesNotKnowEveryType() {
        assertThatThrownBy(() -> TermMapper.standard().toTerm(java.util.Locale.ROOT))
                .hasMessage("cannot map java.util.Locale to a term");
        assertThatThrownBy(() -> TermMapper.standard().fromTerm(Int.of(1), java.util.Locale.class))
                .hasMessage("cannot map a term to java.util.Locale");
    }

    @Test
    void userConverterOverridesBuiltInForStrings() {
        TermMapper erlangStrings = TermMapper.builder()
                .register(String.class, TermConverter.of(TermList::charlist, t -> {
                    if (t instanceof TermList list && (list.isEmpty() || list.isCharlist())) {
                        return list.isEmpty() ? "" : list.charlistText();
                    }
                    throw TermMappingException.expected("charlist", t);
                }))
                .build();
        assertThat(erlangStrings.toTerm("hi")).isEqualTo(TermList.charlist("hi"));
        assertThat(erlangStrings.toTerm(List.of("a"))).isEqualTo(TermList.of(TermList.charlist("a")));
        assertThat(erlangStrings.fromTerm(TermList.charlist("hi"), String.class))
                .isEqualTo("hi");
        assertThatThrownBy(() -> erlangStrings.fromTerm(Binary.of("hi"), String.class))
                .hasMessageStartingWith("expected charlist, got ");
    }

    @Test
    void userConverterOverridesBuiltInForRecords() {
        TermMapper tuples = TermMapper.builder()
                .register(
                        Counter.class,
                        TermConverter.of(
                                c -> Tuple.of(Atom.of("counter"), Int.of(c.value())),
                                t -> new Counter(((Int) ((Tuple) t).get(1)).intValue())))
                .build();
        assertThat(tuples.toTerm(new Counter(3))).isEqualTo(Tuple.of(Atom.of("counter"), Int.of(3)));
        assertThat(tuples.fromTerm(Tuple.of(Atom.of("counter"), Int.of(4)), Counter.class))
                .isEqualTo(new Counter(4));
    }

    @Test
    void converterForBoxAlsoServesPrimitive() {
        TermMapper hex = TermMapper.builder()
                .register(
                        Integer.class,
                        TermConverter.of(
                                i -> Binary.of(Integer.toHexString(i)), t -> Integer.parseInt(((Binary) t).utf8(), 16)))
                .build();
        assertThat(hex.toTerm(new Counter(255))).isEqualTo(TermMap.of(Atom.of("value"), Binary.of("ff")));
        assertThat(hex.fromTerm(TermMap.of(Atom.of("value"), Binary.of("ff")), Counter.class))
                .isEqualTo(new Counter(255));
        assertThat(hex.fromTerm(Binary.of("10"), int.class)).isEqualTo(16);
    }

    @Test
    void converterForPrimitiveAlsoServesBox() {
        TermMapper doubled = TermMapper.builder()
                .register(int.class, TermConverter.of(i -> Int.of(i * 2L), t -> ((Int) t).intValue() / 2))
                .build();
        assertThat(doubled.toTerm(Integer.valueOf(4))).isEqualTo(Int.of(8));
        assertThat(doubled.fromTerm(Int.of(8), Integer.class)).isEqualTo(4);
    }

    @Test
    void converterForSupertypeServesSubclassesWhenEncoding() {
        TermMapper shapes = TermMapper.builder()
                .register(
                        Shape.class,
                        TermConverter.of(
                                s -> Atom.of(s.getClass().getSimpleName().toLowerCase()), t -> {
                                    throw new TermMappingException("shapes are write-only");
                                }))
                .build();
        assertThat(shapes.toTerm(List.of(new Circle(), new Square())))
                .isEqualTo(TermList.of(Atom.of("circle"), Atom.of("square")));
        assertThatThrownBy(() -> shapes.fromTerm(Atom.of("circle"), Shape.class))
                .hasMessage("shapes are write-only");
    }

    @Test
    void converterRejectionGetsThePath() {
        TermMap term = TermMap.of(Atom.of("name"), Binary.of("sync"), Atom.of("timeout"), Atom.of("soon"));
        assertThatThrownBy(() -> mapper.fromTerm(term, Job.class))
                .isInstanceOf(TermMappingException.class)
                .hasMessage("timeout: expected milliseconds, got :soon")
                .hasCauseInstanceOf(TermMappingException.class)
                .extracting(e -> ((TermMappingException) e).path())
                .isEqualTo("timeout");
    }

    @Test
    void converterOtherExceptionIsWrappedWithThePath() {
        TermMapper failing = TermMapper.builder()
                .register(Duration.class, TermConverter.of(d -> Int.of(d.toMillis()), t -> {
                    throw new IllegalStateException("boom");
                }))
                .build();
        TermMap term = TermMap.of(Atom.of("name"), Binary.of("sync"), Atom.of("timeout"), Int.of(1));
        assertThatThrownBy(() -> failing.fromTerm(term, Job.class))
                .isInstanceOf(TermMappingException.class)
                .hasMessage("timeout: converter for java.time.Duration failed: java.lang.IllegalStateException: boom")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void converterEncodingFailureGetsThePath() {
        TermMapper failing = TermMapper.builder()
                .register(
                        Duration.class,
                        TermConverter.of(
                                d -> {
                                    throw new TermMappingException("negative durations have no term");
                                },
                                t -> Duration.ZERO))
                .build();
        assertThatThrownBy(() -> failing.toTerm(new Job("sync", Duration.ofMillis(-1))))
                .hasMessage("timeout: negative durations have no term");
    }

    @Test
    void converterReturningNullIsAnError() {
        TermMapper broken = TermMapper.builder()
                .register(Duration.class, TermConverter.of(d -> null, t -> Duration.ZERO))
                .build();
        assertThatThrownBy(() -> broken.toTerm(List.of(Duration.ZERO)))
                .hasMessage("[0]: converter for java.time.Duration returned null");
    }

    @Test
    void converterNeverSeesNullOrNil() {
        assertThat(mapper.toTerm(new Job("sync", null)))
                .isEqualTo(TermMap.of(Atom.of("name"), Binary.of("sync"), Atom.of("timeout"), Atom.NIL));
        assertThat(mapper.fromTerm(Atom.NIL, Duration.class)).isNull();
    }

    @Test
    void nilIntoPrimitiveWithConverterIsAnError() {
        TermMapper doubled = TermMapper.builder()
                .register(int.class, TermConverter.of(i -> Int.of(i * 2L), t -> ((Int) t).intValue() / 2))
                .build();
        assertThatThrownBy(() -> doubled.fromTerm(Atom.NIL, int.class)).hasMessageStartingWith("expected int, got ");
    }

    @Test
    void termTypesCannotHaveConverters() {
        assertThatThrownBy(() -> TermMapper.builder().register(Atom.class, TermConverter.of(a -> a, t -> (Atom) t)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("terms map to themselves; no converter for dev.nodemesh.term.Atom");
    }

    @Test
    void laterRegistrationReplacesEarlier() {
        TermMapper twice = TermMapper.builder()
                .register(Duration.class, TermConverter.of(d -> Atom.of("first"), t -> Duration.ZERO))
                .register(Duration.class, TermConverter.of(d -> Atom.of("second"), t -> Duration.ZERO))
                .build();
        assertThat(twice.toTerm(Duration.ZERO)).isEqualTo(Atom.of("second"));
    }
}

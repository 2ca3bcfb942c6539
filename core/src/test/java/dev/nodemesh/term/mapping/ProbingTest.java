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
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** fits and fromTermOrElse: choosing a target type by the term's shape without exceptions. */
class ProbingTest {

    record Greeting(String text, int count) {}

    record Farewell(String text) {}

    @TaggedTuple
    record Ping(long seq) {}

    @ElixirStruct("MyApp.Greeting")
    record StructGreeting(String text, int count) {}

    @ElixirStruct("MyApp.Farewell")
    record StructFarewell(String text, int count) {}

    private static final Object NO_MATCH = new Object();

    private final TermMapper mapper = TermMapper.standard();

    private final TermMap greeting = TermMap.of(Atom.of("text"), Binary.of("hi"), Atom.of("count"), Int.of(3));

    @Test
    void fitsTellsWhichRecordShapeATermHas() {
        assertThat(mapper.fits(greeting, Greeting.class)).isTrue();
        assertThat(mapper.fits(greeting, Farewell.class)).isTrue();
        assertThat(mapper.fits(greeting, Ping.class)).isFalse();
        assertThat(mapper.fits(Tuple.of(Atom.of("ping"), Int.of(1)), Ping.class))
                .isTrue();
        assertThat(mapper.fits(Tuple.of(Atom.of("ping"), Int.of(1)), Greeting.class))
                .isFalse();
    }

    @Test
    void fitsRejectsMissingKeysWrongTypesAndRanges() {
        assertThat(mapper.fits(TermMap.of(Atom.of("text"), Binary.of("hi")), Greeting.class))
                .isFalse();
        assertThat(mapper.fits(
                        TermMap.of(Atom.of("text"), Binary.of("hi"), Atom.of("count"), Binary.of("3")), Greeting.class))
                .isFalse();
        assertThat(mapper.fits(
                        TermMap.of(Atom.of("text"), Binary.of("hi"), Atom.of("count"), Int.of(1L << 40)),
                        Greeting.class))
                .isFalse();
        assertThat(mapper.fits(Int.of(1L << 40), long.class)).isTrue();
        assertThat(mapper.fits(Int.of(1L << 40), int.class)).isFalse();
    }

    @Test
    void fitsTellsStructsApartByModule() {
        TermMap struct = TermMap.of(
                Atom.of("__struct__"),
                Atom.of("Elixir.MyApp.Farewell"),
                Atom.of("text"),
                Binary.of("bye"),
                Atom.of("count"),
                Int.of(1));
        assertThat(mapper.fits(struct, StructGreeting.class)).isFalse();
        assertThat(mapper.fits(struct, StructFarewell.class)).isTrue();
    }

    @Test
    void fitsLooksIntoNestedElements() {
        Type listOfGreetings = new GenericType<List<Greeting>>() {}.type();
        assertThat(mapper.fits(TermList.of(greeting, greeting), listOfGreetings))
                .isTrue();
        assertThat(mapper.fits(TermList.of(greeting, Atom.OK), listOfGreetings)).isFalse();
    }

    @Test
    void fromTermOrElseReturnsTheValueOrTheFallback() {
        assertThat(mapper.fromTermOrElse(greeting, Greeting.class, null)).isEqualTo(new Greeting("hi", 3));
        Greeting fallback = new Greeting("none", 0);
        assertThat(mapper.fromTermOrElse(Atom.OK, Greeting.class, fallback)).isSameAs(fallback);
    }

    @Test
    void sentinelTellsAMissFromANullResult() {
        assertThat(mapper.fromTermOrElse(Atom.NIL, (Type) String.class, NO_MATCH))
                .isNull();
        assertThat(mapper.fromTermOrElse(Int.of(1), (Type) String.class, NO_MATCH))
                .isSameAs(NO_MATCH);
    }

    @Test
    void fromTermOrElseWorksForGenericTargets() {
        Type optionalLong = new GenericType<Optional<Long>>() {}.type();
        assertThat(mapper.fromTermOrElse(Int.of(5), optionalLong, NO_MATCH)).isEqualTo(Optional.of(5L));
        assertThat(mapper.fromTermOrElse(Atom.NIL, optionalLong, NO_MATCH)).isEqualTo(Optional.empty());
        assertThat(mapper.fromTermOrElse(Atom.OK, optionalLong, NO_MATCH)).isSameAs(NO_MATCH);
    }

    @Test
    void failingRecordConstructorIsAMiss() {
        record Positive(int n) {
            Positive {
                if (n <= 0) {
                    throw new IllegalArgumentException("not positive");
                }
            }
        }
        assertThat(mapper.fits(TermMap.of(Atom.of("n"), Int.of(1)), Positive.class))
                .isTrue();
        assertThat(mapper.fits(TermMap.of(Atom.of("n"), Int.of(0)), Positive.class))
                .isFalse();
    }

    @Test
    void rejectingConverterIsAMiss() {
        TermMapper withConverter = TermMapper.builder()
                .register(Duration.class, TermConverter.of(d -> Int.of(d.toMillis()), t -> {
                    if (t instanceof Int i) {
                        return Duration.ofMillis(i.longValue());
                    }
                    throw TermMappingException.expected("milliseconds", t);
                }))
                .build();
        assertThat(withConverter.fits(Int.of(1), Duration.class)).isTrue();
        assertThat(withConverter.fits(Atom.OK, Duration.class)).isFalse();
    }

    @Test
    void termNestedTooDeepIsAMiss() {
        Term deep = Int.of(1);
        for (int i = 0; i < 600; i++) {
            deep = TermList.of(deep);
        }
        assertThat(mapper.fits(deep, Object.class)).isFalse();
        assertThat(mapper.fromTermOrElse(deep, Object.class, null)).isNull();
    }

    @Test
    void unsupportedTargetTypeStillThrows() {
        assertThatThrownBy(() -> mapper.fits(Atom.OK, Thread.class))
                .isInstanceOf(TermMappingException.class)
                .hasMessage("cannot map a term to java.lang.Thread");
    }

    @Test
    void probingCursorReportsAMissWithoutAnException() {
        Cursor cursor = Cursor.probing(4);
        cursor.enterField("count");
        assertThat(cursor.mismatch("integer", Atom.OK)).isSameAs(Cursor.MISS);
        assertThat(cursor.fail("missing key :count", null)).isSameAs(Cursor.MISS);
        assertThat(cursor.rethrow(new TermMappingException("no"))).isSameAs(Cursor.MISS);
    }
}

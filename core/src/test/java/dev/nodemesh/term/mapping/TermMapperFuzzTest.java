package dev.nodemesh.term.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.etf.EtfDecodeException;
import dev.nodemesh.term.etf.EtfDecoder;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;

/**
 * Coverage-guided fuzzing of {@link TermMapper#fromTerm(Term, Type)}: the input's bytes, decoded as
 * ETF (inputs that are not ETF are skipped quickly), are mapped to each of a few target types that
 * cover the mapping rules (records as maps, tagged tuples, structs and keyword lists, sealed
 * interfaces, collections, maps, optionals, enums, times, decimals, UUIDs, {@code Object}). Each
 * mapping ends in a value or a {@link TermMappingException}; {@link TermMapper#fits} agrees with
 * it; and a mapped value maps to a term that maps back to an equal value.
 */
class TermMapperFuzzTest {

    private static final EtfDecoder DECODER = EtfDecoder.standard();
    private static final TermMapper MAPPER = TermMapper.standard();

    enum Color {
        RED,
        DARK_BLUE
    }

    sealed interface Shape permits Point, Person {}

    @TaggedTuple("point")
    record Point(long x, double y) implements Shape {}

    record Person(
            String name,
            int age,
            List<String> tags,
            Optional<Instant> seen,
            Map<String, Long> scores,
            Color color,
            OptionalInt rank)
            implements Shape {}

    @ElixirStruct("MyApp.Event")
    record Event(UUID id, BigDecimal amount, Duration after, OffsetDateTime at, Set<Character> marks) {}

    @KeywordList
    record Options(short limit, boolean verbose, float ratio, List<Optional<Integer>> sizes) {}

    private static final List<Type> TARGETS = List.of(
            Shape.class,
            Person.class,
            Event.class,
            Options.class,
            new GenericType<Result<List<Point>, String>>() {}.type(),
            new GenericType<Map<Color, byte[]>>() {}.type(),
            new GenericType<long[]>() {}.type());

    @FuzzTest(maxDuration = "10m")
    void fromTerm(byte[] input) {
        Term term;
        try {
            term = DECODER.decode(input);
        } catch (EtfDecodeException notATerm) {
            return;
        }
        MAPPER.fromTerm(term, Object.class);
        for (Type target : TARGETS) {
            Object value;
            try {
                value = MAPPER.fromTerm(term, target);
            } catch (TermMappingException expected) {
                assertThat(MAPPER.fits(term, target)).as("fits %s", target).isFalse();
                continue;
            }
            assertThat(MAPPER.fits(term, target)).as("fits %s", target).isTrue();
            assertThat(MAPPER.fromTerm(MAPPER.toTerm(value), target))
                    .as("%s mapped to a term and back", target)
                    .usingRecursiveComparison()
                    .isEqualTo(value);
        }
    }
}

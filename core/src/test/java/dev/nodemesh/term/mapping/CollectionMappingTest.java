package dev.nodemesh.term.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Lists, sets, arrays, maps and optionals, both ways, with generic targets. */
class CollectionMappingTest {

    private final TermMapper mapper = TermMapper.standard();

    private static TermList ints(long... values) {
        return TermList.wrap(Arrays.stream(values).mapToObj(Int::of).toArray(Term[]::new));
    }

    @Nested
    class Lists {

        @Test
        void listEncodesAsList() {
            assertThat(mapper.toTerm(List.of("a", "b"))).isEqualTo(TermList.of(Binary.of("a"), Binary.of("b")));
        }

        @Test
        void setAndOtherCollectionsEncodeAsLists() {
            assertThat(mapper.toTerm(new LinkedHashSet<>(List.of(3, 1)))).isEqualTo(ints(3, 1));
            assertThat(mapper.toTerm(new ArrayDeque<>(List.of(1, 2)))).isEqualTo(ints(1, 2));
            assertThat(mapper.toTerm(List.of())).isEqualTo(TermList.EMPTY);
        }

        @Test
        void listWithNullElementEncodesNil() {
            assertThat(mapper.toTerm(Arrays.asList("a", null))).isEqualTo(TermList.of(Binary.of("a"), Atom.NIL));
        }

        @Test
        void listDecodesIntoGenericListTarget() {
            Object value = mapper.fromTerm(ints(1, 2, 3), new GenericType<List<Integer>>() {}.type());
            assertThat(value).isEqualTo(List.of(1, 2, 3));
            assertThatThrownBy(() -> ((List<?>) value).clear()).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void rawListTargetGivesNaturalElements() {
            assertThat(mapper.fromTerm(TermList.of(Int.of(1), Binary.of("x")), List.class))
                    .isEqualTo(List.of(1L, "x"));
        }

        @Test
        void concreteCollectionTargetsGetThatClassMutable() {
            assertThat(mapper.fromTerm(ints(1), new GenericType<ArrayList<Long>>() {}.type()))
                    .isInstanceOf(ArrayList.class)
                    .isEqualTo(List.of(1L));
            assertThat(mapper.fromTerm(ints(1), new GenericType<LinkedList<Long>>() {}.type()))
                    .isInstanceOf(LinkedList.class);
            assertThat(mapper.fromTerm(ints(1), new GenericType<HashSet<Long>>() {}.type()))
                    .isInstanceOf(HashSet.class);
            assertThat(mapper.fromTerm(ints(1), new GenericType<LinkedHashSet<Long>>() {}.type()))
                    .isInstanceOf(LinkedHashSet.class);
        }

        @Test
        void setTargetKeepsListOrderAndDropsDuplicates() {
            Object value = mapper.fromTerm(ints(3, 1, 3, 2), new GenericType<Set<Integer>>() {}.type());
            assertThat((Set<Object>) value).containsExactly(3, 1, 2);
        }

        @Test
        void collectionAndIterableTargetsGetLists() {
            assertThat(mapper.fromTerm(ints(1), new GenericType<java.util.Collection<Long>>() {}.type()))
                    .isEqualTo(List.of(1L));
            assertThat(mapper.fromTerm(ints(1), new GenericType<Iterable<Long>>() {}.type()))
                    .isEqualTo(List.of(1L));
        }

        @Test
        void wildcardElementTypeUsesItsBound() {
            assertThat(mapper.fromTerm(ints(1), new GenericType<List<? extends Number>>() {}.type()))
                    .isEqualTo(List.of(1L));
            assertThat(mapper.fromTerm(ints(1), new GenericType<List<? super Integer>>() {}.type()))
                    .isEqualTo(List.of(1));
        }

        @Test
        void nonListIntoListIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Atom.of("items"), List.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("expected list, got :items");
        }

        @Test
        void improperListIntoListIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(TermList.improper(List.of(Int.of(1)), Int.of(2)), List.class))
                    .hasMessageStartingWith("expected proper list, got ");
        }

        @Test
        void badElementErrorNamesTheIndex() {
            TermList list = TermList.of(Int.of(1), Int.of(2), Atom.of("three"));
            assertThatThrownBy(() -> mapper.fromTerm(list, new GenericType<List<Integer>>() {}.type()))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("[2]: expected integer, got :three")
                    .extracting(e -> ((TermMappingException) e).path())
                    .isEqualTo("[2]");
        }

        @Test
        void unsupportedElementErrorNamesIndexAndType() {
            assertThatThrownBy(() -> mapper.toTerm(List.of("a", Thread.currentThread())))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("[1]: cannot map java.lang.Thread to a term");
        }
    }

    @Nested
    class JavaArrays {

        @Test
        void objectAndPrimitiveArraysEncodeAsLists() {
            assertThat(mapper.toTerm(new String[] {"a"})).isEqualTo(TermList.of(Binary.of("a")));
            assertThat(mapper.toTerm(new int[] {1, 2})).isEqualTo(ints(1, 2));
            assertThat(mapper.toTerm(new double[] {0.5})).isEqualTo(TermList.of(Float64.of(0.5)));
            assertThat(mapper.toTerm(new boolean[] {true})).isEqualTo(TermList.of(Atom.TRUE));
            assertThat(mapper.toTerm(new char[] {'h', 'i'})).isEqualTo(TermList.charlist("hi"));
        }

        @Test
        void listDecodesIntoArrays() {
            assertThat(mapper.fromTerm(ints(1, 2), int[].class)).containsExactly(1, 2);
            assertThat(mapper.fromTerm(ints(1, 2), long[].class)).containsExactly(1L, 2L);
            assertThat(mapper.fromTerm(TermList.of(Binary.of("a"), Atom.NIL), String[].class))
                    .containsExactly("a", null);
        }

        @Test
        void genericArrayTargetResolvesTheComponent() {
            Object value = mapper.fromTerm(TermList.of(ints(1)), new GenericType<List<Integer>[]>() {}.type());
            assertThat((Object[]) value).containsExactly(List.of(1));
        }

        @Test
        void nilElementInPrimitiveArrayIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(TermList.of(Int.of(1), Atom.of("x")), int[].class))
                    .hasMessage("[1]: expected integer, got :x");
        }

        @Test
        void nonListIntoArrayIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Int.of(1), String[].class)).hasMessage("expected list, got 1");
        }
    }

    @Nested
    class Maps {

        @Test
        void mapEncodesAsMapKeepingOrder() {
            Map<String, Integer> scores = new LinkedHashMap<>();
            scores.put("bob", 3);
            scores.put("amy", 5);
            Term term = mapper.toTerm(scores);
            assertThat(term).isEqualTo(TermMap.of(Binary.of("bob"), Int.of(3), Binary.of("amy"), Int.of(5)));
            assertThat(((TermMap) term).asMap().keySet()).containsExactly(Binary.of("bob"), Binary.of("amy"));
        }

        @Test
        void mapDecodesIntoGenericMapTarget() {
            TermMap term = TermMap.of(Binary.of("bob"), Int.of(3), Binary.of("amy"), Int.of(5));
            Object value = mapper.fromTerm(term, new GenericType<Map<String, Integer>>() {}.type());
            assertThat(value).isEqualTo(Map.of("bob", 3, "amy", 5));
            assertThat(((Map<Object, Object>) value).keySet()).containsExactly("bob", "amy");
            assertThatThrownBy(() -> ((Map<?, ?>) value).clear()).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void enumAndAtomKeysDecode() {
            TermMap term = TermMap.of(Atom.of("red"), Int.of(1));
            assertThat(mapper.fromTerm(term, new GenericType<Map<ScalarMappingTest.Color, Long>>() {}.type()))
                    .isEqualTo(Map.of(ScalarMappingTest.Color.RED, 1L));
            assertThat(mapper.fromTerm(term, new GenericType<Map<Atom, Term>>() {}.type()))
                    .isEqualTo(Map.of(Atom.of("red"), Int.of(1)));
        }

        @Test
        void concreteMapTargetsGetThatClassMutable() {
            TermMap term = TermMap.of(Int.of(1), Int.of(2));
            assertThat(mapper.fromTerm(term, new GenericType<HashMap<Long, Long>>() {}.type()))
                    .isInstanceOf(HashMap.class)
                    .isEqualTo(Map.of(1L, 2L));
            assertThat(mapper.fromTerm(term, new GenericType<LinkedHashMap<Long, Long>>() {}.type()))
                    .isInstanceOf(LinkedHashMap.class);
        }

        @Test
        void rawMapTargetGivesNaturalKeysAndValues() {
            assertThat(mapper.fromTerm(TermMap.of(Binary.of("a"), Int.of(1)), Map.class))
                    .isEqualTo(Map.of("a", 1L));
        }

        @Test
        void badValueErrorNamesTheKey() {
            TermMap term = TermMap.of(Binary.of("amy"), Int.of(5), Binary.of("bob"), Binary.of("three"));
            assertThatThrownBy(() -> mapper.fromTerm(term, new GenericType<Map<String, Integer>>() {}.type()))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageStartingWith("[\"bob\"]: expected integer, got ")
                    .extracting(e -> ((TermMappingException) e).path())
                    .isEqualTo("[\"bob\"]");
        }

        @Test
        void atomAndIntegerKeysShowInThePath() {
            Type type = new GenericType<Map<Object, Integer>>() {}.type();
            assertThatThrownBy(() -> mapper.fromTerm(TermMap.of(Atom.of("limit"), Atom.of("x")), type))
                    .hasMessage("[:limit]: expected integer, got :x");
            assertThatThrownBy(() -> mapper.fromTerm(TermMap.of(Int.of(7), Atom.of("x")), type))
                    .hasMessage("[7]: expected integer, got :x");
            assertThatThrownBy(() -> mapper.fromTerm(TermMap.of(Binary.of("a\"b"), Atom.of("x")), type))
                    .hasMessage("[\"a\\\"b\"]: expected integer, got :x");
        }

        @Test
        void badKeyErrorSaysKey() {
            TermMap term = TermMap.of(Atom.of("one"), Int.of(1));
            assertThatThrownBy(() -> mapper.fromTerm(term, new GenericType<Map<Integer, Integer>>() {}.type()))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("[key]: expected integer, got :one");
        }

        @Test
        void keysThatCollideAfterConversionAreAnError() {
            TermMap term = TermMap.of(Int.of(1), Atom.TRUE, Float64.of(1.0), Atom.FALSE);
            assertThatThrownBy(() -> mapper.fromTerm(term, new GenericType<Map<Double, Boolean>>() {}.type()))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageEndingWith(": another key of the map converts to the same Java key");
        }

        @Test
        void unsupportedValueErrorNamesTheKey() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("ok", 1);
            map.put("worker", Thread.currentThread());
            assertThatThrownBy(() -> mapper.toTerm(map))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("[\"worker\"]: cannot map java.lang.Thread to a term");
        }

        @Test
        void unsupportedKeyErrorSaysKey() {
            assertThatThrownBy(() -> mapper.toTerm(Map.of(Thread.currentThread(), 1)))
                    .hasMessage("[key]: cannot map java.lang.Thread to a term");
        }

        @Test
        void javaKeysThatMapToTheSameTermAreAnError() {
            Map<Object, Object> map = new LinkedHashMap<>();
            map.put("a", 1);
            map.put(new StringBuilder("a"), 2);
            assertThatThrownBy(() -> mapper.toTerm(map))
                    .hasMessageEndingWith(": another key of the map maps to the same term");
        }

        @Test
        void unsupportedMapTypeIsAnError() {
            assertThatThrownBy(
                            () -> mapper.fromTerm(TermMap.EMPTY, new GenericType<TreeMap<String, String>>() {}.type()))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("cannot map a term to java.util.TreeMap<java.lang.String, java.lang.String>");
        }

        @Test
        void nonMapIntoMapIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(TermList.of(Int.of(1)), Map.class))
                    .hasMessageStartingWith("expected map or keyword list, got ");
        }
    }

    @Nested
    class Optionals {

        @Test
        void presentOptionalEncodesAsItsValue() {
            assertThat(mapper.toTerm(Optional.of(5L))).isEqualTo(Int.of(5));
            assertThat(mapper.toTerm(OptionalInt.of(5))).isEqualTo(Int.of(5));
            assertThat(mapper.toTerm(OptionalLong.of(5))).isEqualTo(Int.of(5));
            assertThat(mapper.toTerm(OptionalDouble.of(0.5))).isEqualTo(Float64.of(0.5));
        }

        @Test
        void emptyOptionalEncodesAsNil() {
            assertThat(mapper.toTerm(Optional.empty())).isEqualTo(Atom.NIL);
            assertThat(mapper.toTerm(OptionalInt.empty())).isEqualTo(Atom.NIL);
            assertThat(mapper.toTerm(OptionalLong.empty())).isEqualTo(Atom.NIL);
            assertThat(mapper.toTerm(OptionalDouble.empty())).isEqualTo(Atom.NIL);
        }

        @Test
        void valueDecodesIntoGenericOptional() {
            assertThat(mapper.fromTerm(Int.of(5), new GenericType<Optional<Long>>() {}.type()))
                    .isEqualTo(Optional.of(5L));
            assertThat(mapper.fromTerm(Int.of(5), OptionalInt.class)).isEqualTo(OptionalInt.of(5));
            assertThat(mapper.fromTerm(Int.of(5), OptionalLong.class)).isEqualTo(OptionalLong.of(5));
            assertThat(mapper.fromTerm(Int.of(5), OptionalDouble.class)).isEqualTo(OptionalDouble.of(5));
        }

        @Test
        void nilDecodesToEmptyOptional() {
            assertThat(mapper.fromTerm(Atom.NIL, new GenericType<Optional<Long>>() {}.type()))
                    .isEqualTo(Optional.empty());
            assertThat(mapper.fromTerm(Atom.NIL, OptionalInt.class)).isEqualTo(OptionalInt.empty());
            assertThat(mapper.fromTerm(Atom.NIL, OptionalLong.class)).isEqualTo(OptionalLong.empty());
            assertThat(mapper.fromTerm(Atom.NIL, OptionalDouble.class)).isEqualTo(OptionalDouble.empty());
        }

        @Test
        void rawOptionalGivesNaturalValue() {
            assertThat(mapper.fromTerm(Binary.of("x"), Optional.class)).isEqualTo(Optional.of("x"));
        }

        @Test
        void badValueInOptionalIsAnErrorWithoutExtraPath() {
            assertThatThrownBy(() -> mapper.fromTerm(Atom.of("x"), new GenericType<Optional<Long>>() {}.type()))
                    .hasMessage("expected integer, got :x");
            assertThatThrownBy(() -> mapper.fromTerm(Int.of(1L << 40), OptionalInt.class))
                    .hasMessage("expected integer in int range, got 1099511627776");
        }
    }

    @Nested
    class Nesting {

        @Test
        void nestedGenericTargetsDecode() {
            Term term = TermMap.of(Binary.of("a"), TermList.of(ints(1, 2), TermList.EMPTY));
            Object value = mapper.fromTerm(term, new GenericType<Map<String, List<List<Integer>>>>() {}.type());
            assertThat(value).isEqualTo(Map.of("a", List.of(List.of(1, 2), List.of())));
        }

        @Test
        void nestedErrorPathCombinesKeysAndIndices() {
            Term term = TermMap.of(Binary.of("a"), TermList.of(ints(1, 2), TermList.of(Int.of(3), Atom.of("x"))));
            assertThatThrownBy(
                            () -> mapper.fromTerm(term, new GenericType<Map<String, List<List<Integer>>>>() {}.type()))
                    .hasMessage("[\"a\"][1][1]: expected integer, got :x");
        }
    }
}

package dev.nodemesh.term.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.TermSyntax;
import dev.nodemesh.term.Tuple;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Sealed interfaces, {@link Result}, keyword lists and atoms as strings: the shapes Elixir code sends. */
class ElixirShapesMappingTest {

    private final TermMapper mapper = TermMapper.standard();

    record Greeting(String text, int count) {}

    sealed interface Reply permits Done, Failed, Pending {}

    @TaggedTuple("ok")
    record Done(Greeting greeting) implements Reply {}

    @TaggedTuple("error")
    record Failed(String reason) implements Reply {}

    record Pending(int position) implements Reply {}

    sealed interface Tree permits Leaf, Branch {}

    @TaggedTuple
    record Leaf(int value) implements Tree {}

    record Branch(Tree left, Tree right) implements Tree {}

    enum Status {
        ACTIVE,
        ON_HOLD
    }

    @KeywordList
    record Options(int limit, boolean verbose) {}

    private static Term elixir(String text) {
        return TermSyntax.ELIXIR.parse(text);
    }

    @Nested
    class SealedInterfaces {

        @Test
        void picksThePermittedRecordByTag() {
            Reply ok = mapper.fromTerm(elixir("{:ok, %{text: \"hi\", count: 3}}"), Reply.class);
            Reply error = mapper.fromTerm(elixir("{:error, :not_found}"), Reply.class);

            assertThat(ok).isEqualTo(new Done(new Greeting("hi", 3)));
            assertThat(error).isInstanceOf(Failed.class);
            if (error instanceof Failed failed) {
                assertThat(failed.reason()).isEqualTo("not_found");
            }
        }

        @Test
        void triesUntaggedPermittedTypesByShape() {
            assertThat(mapper.fromTerm(elixir("%{position: 4}"), Reply.class)).isEqualTo(new Pending(4));
        }

        @Test
        void aTagThatMatchesReportsTheFaultInsideTheRecord() {
            assertThatThrownBy(() -> mapper.fromTerm(elixir("{:ok, %{text: \"hi\", count: \"x\"}}"), Reply.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("greeting.count: expected integer, got \"x\"");
        }

        @Test
        void nothingMatchingListsTheChoices() {
            assertThatThrownBy(() -> mapper.fromTerm(elixir("{:maybe, 1}"), Reply.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("expected one of {:ok, greeting} | {:error, reason} | Pending, got {:maybe, 1}");
        }

        @Test
        void aMapWithTheKeysButAWrongValueIsReportedInsideTheRecord() {
            assertThatThrownBy(() -> mapper.fromTerm(elixir("%{position: :first}"), Reply.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("position: expected integer, got :first");
        }

        @Test
        void recursiveHierarchiesDecodeAndStayBounded() {
            Term tree = elixir("%{left: {:leaf, 1}, right: %{left: {:leaf, 2}, right: {:leaf, 3}}}");
            assertThat(mapper.fromTerm(tree, Tree.class))
                    .isEqualTo(new Branch(new Leaf(1), new Branch(new Leaf(2), new Leaf(3))));

            Term deep = elixir("{:leaf, 0}");
            for (int i = 0; i < 600; i++) {
                deep = TermMap.of(Atom.of("left"), deep, Atom.of("right"), elixir("{:leaf, 1}"));
            }
            Term tooDeep = deep;
            assertThatThrownBy(() -> mapper.fromTerm(tooDeep, Tree.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageContaining("nested deeper than 512 levels");
            assertThat(mapper.fits(tooDeep, Tree.class)).isFalse();
        }

        @Test
        void encodesTheRecordItIs() {
            assertThat(mapper.toTerm(new Failed("late"))).isEqualTo(elixir("{:error, \"late\"}"));
        }
    }

    @Nested
    class Results {

        @Test
        void okAndErrorWithGenericTypes() {
            TermType<Result<List<Greeting>, String>> type = new TermType<>() {};

            Result<List<Greeting>, String> ok = mapper.fromTerm(elixir("{:ok, [%{text: \"a\", count: 1}]}"), type);
            Result<List<Greeting>, String> error = mapper.fromTerm(elixir("{:error, :timeout}"), type);

            assertThat(ok).isEqualTo(Result.ok(List.of(new Greeting("a", 1))));
            assertThat(ok.isOk()).isTrue();
            assertThat(error).isEqualTo(Result.error("timeout"));
            assertThatThrownBy(() -> error.orElseThrow(IllegalStateException::new))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("timeout");
        }

        @Test
        void theValueTypeIsChecked() {
            assertThatThrownBy(
                            () -> mapper.fromTerm(elixir("{:ok, \"x\"}"), new TermType<Result<Integer, Object>>() {}))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("value: expected integer, got \"x\"");
        }

        @Test
        void anObjectReasonKeepsTheAtom() {
            Result<Object, Object> error = mapper.fromTerm(elixir("{:error, :enoent}"), new TermType<>() {});
            assertThat(error).isEqualTo(Result.error(Atom.of("enoent")));
        }

        @Test
        void mapsBackToTheTuples() {
            assertThat(mapper.toTerm(Result.ok(1))).isEqualTo(Tuple.of(Atom.OK, Int.of(1)));
            assertThat(mapper.toTerm(Result.error("no"))).isEqualTo(Tuple.of(Atom.ERROR, Binary.of("no")));
        }
    }

    @Nested
    class KeywordLists {

        @Test
        void decodeIntoRecords() {
            assertThat(mapper.fromTerm(elixir("[text: \"Ada\", count: 36]"), Greeting.class))
                    .isEqualTo(new Greeting("Ada", 36));
        }

        @Test
        void theFirstOccurrenceOfAKeyWinsInARecord() {
            assertThat(mapper.fromTerm(elixir("[count: 1, text: \"a\", count: 2]"), Greeting.class))
                    .isEqualTo(new Greeting("a", 1));
        }

        @Test
        void decodeIntoMapsWithStringKeys() {
            Map<String, Object> map = mapper.fromTerm(elixir("[name: \"Ada\", age: 36]"), new TermType<>() {});
            assertThat(map).containsExactly(Map.entry("name", "Ada"), Map.entry("age", 36L));
        }

        @Test
        void aRepeatedKeyIsAnErrorForAMap() {
            assertThatThrownBy(() -> mapper.fromTerm(elixir("[a: 1, a: 2]"), new TermType<Map<String, Object>>() {}))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("[1]: the keyword list repeats the key :a; a Map takes each key once");
        }

        @Test
        void aKeywordListRecordEncodesAsOne() {
            Term term = mapper.toTerm(new Options(10, true));
            assertThat(term).isEqualTo(elixir("[limit: 10, verbose: true]"));
            assertThat(mapper.fromTerm(term, Options.class)).isEqualTo(new Options(10, true));
        }

        @Test
        void aListThatIsNotAKeywordListIsNoMap() {
            assertThatThrownBy(() -> mapper.fromTerm(elixir("[1, 2]"), Greeting.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("expected map or keyword list, got [1, 2]");
        }
    }

    @Nested
    class Atoms {

        @Test
        void anAtomMapsToItsNameAsAString() {
            assertThat(mapper.fromTerm(Atom.of("some_atom"), String.class)).isEqualTo("some_atom");
            assertThat(mapper.fromTerm(Atom.TRUE, String.class)).isEqualTo("true");
            assertThat(mapper.fromTerm(Atom.NIL, String.class)).isNull();
        }

        @Test
        void atomKeysBecomeStringKeys() {
            Map<String, Object> map = mapper.fromTerm(elixir("%{name: \"Ada\", tags: [:a]}"), new TermType<>() {});
            assertThat(map).containsEntry("name", "Ada").containsEntry("tags", List.of(Atom.of("a")));
        }

        @Test
        void anAtomAndAStringForTheSameKeyCollide() {
            assertThatThrownBy(() ->
                            mapper.fromTerm(elixir("%{:a => 1, \"a\" => 2}"), new TermType<Map<String, Integer>>() {}))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageContaining("another key of the map converts to the same Java key");
        }

        @Test
        void enumsFromAtomsAndStrings() {
            assertThat(mapper.fromTerm(Atom.of("on_hold"), Status.class)).isEqualTo(Status.ON_HOLD);
            assertThat(mapper.fromTerm(Binary.of("active"), Status.class)).isEqualTo(Status.ACTIVE);
            assertThat(mapper.toTerm(Status.ON_HOLD)).isEqualTo(Atom.of("on_hold"));
            assertThatThrownBy(() -> mapper.fromTerm(Binary.of("gone"), Status.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("expected one of :active, :on_hold, got \"gone\"");
        }
    }

    @Test
    void emptyListIsAnEmptyKeywordList() {
        assertThat(mapper.fromTerm(TermList.EMPTY, new TermType<Map<String, Object>>() {}))
                .isEmpty();
        assertThat(mapper.fromTerm(TermMap.EMPTY, new TermType<Map<String, Object>>() {}))
                .isEmpty();
    }
}

package dev.nodemesh.term.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Records as Elixir maps, tagged tuples and structs, nested, both ways. */
class RecordMappingTest {

    record Greeting(String text, int count) {}

    record Envelope(Greeting greeting) {}

    record Person(String firstName, @TermKey("surname") String lastName, long userID, String HTTPProxy) {}

    record Line(String sku, int quantity, double price) {}

    record Address(String city, @Nullable String zip, @Nullable Integer floor) {}

    record Customer(String name, Optional<Address> address) {}

    record Order(
            String id,
            List<Line> lines,
            Map<String, Integer> scores,
            Optional<String> note,
            OptionalInt priority,
            Customer customer,
            ScalarMappingTest.Color color) {}

    record Tags(List<Object> tags) {}

    record Memo(String text, String @Nullable [] lines) {}

    @TaggedTuple
    record Point(int x, int y) {}

    @TaggedTuple
    record OrderPlaced(String id) {}

    @TaggedTuple("hello")
    record Hello(String who) {}

    @TaggedTuple
    record Stop() {}

    @ElixirStruct("MyApp.Greeting")
    record StructGreeting(String text, int count) {}

    @ElixirStruct("Elixir.MyApp.User")
    record User(String name) {}

    record Page<T>(List<T> items, int total) {}

    record Tree(String name, List<Tree> children) {}

    record Validated(int n) {
        Validated {
            if (n < 0) {
                throw new IllegalArgumentException("n must not be negative");
            }
        }
    }

    record Reply(Pid from, Term payload, Atom status) {}

    record Worker(Thread thread) {}

    record Clash(String firstName, @TermKey("first_name") String other) {}

    @TaggedTuple
    @ElixirStruct("MyApp.Both")
    record Both(int a) {}

    record Empty() {}

    private record Secret(String value) {}

    private final TermMapper mapper = TermMapper.standard();

    private static Atom a(String name) {
        return Atom.of(name);
    }

    private static TermMap greetingTerm(Term text, Term count) {
        return TermMap.of(a("text"), text, a("count"), count);
    }

    @Nested
    class Maps {

        @Test
        void recordEncodesAsMapWithAtomKeysInComponentOrder() {
            Term term = mapper.toTerm(new Greeting("hi", 3));
            assertThat(term).isEqualTo(greetingTerm(Binary.of("hi"), Int.of(3)));
            assertThat(((TermMap) term).asMap().keySet()).containsExactly(a("text"), a("count"));
        }

        @Test
        void mapWithAtomKeysDecodesToRecord() {
            assertThat(mapper.fromTerm(greetingTerm(Binary.of("hi"), Int.of(3)), Greeting.class))
                    .isEqualTo(new Greeting("hi", 3));
        }

        @Test
        void recordComponentInCamelCaseMapsToSnakeCaseAtomKey() {
            Term term = mapper.toTerm(new Person("Ada", "Lovelace", 7, "proxy"));
            assertThat(((TermMap) term).asMap().keySet())
                    .containsExactly(a("first_name"), a("surname"), a("user_id"), a("http_proxy"));
        }

        @Test
        void snakeCaseKeysDecodeToCamelCaseComponents() {
            TermMap term = TermMap.of(
                    a("first_name"), Binary.of("Ada"),
                    a("surname"), Binary.of("Lovelace"),
                    a("user_id"), Int.of(7),
                    a("http_proxy"), Atom.NIL);
            assertThat(mapper.fromTerm(term, Person.class)).isEqualTo(new Person("Ada", "Lovelace", 7, null));
        }

        @Test
        void decodingAlsoAcceptsExactComponentNameAsKey() {
            TermMap term = TermMap.of(
                    a("firstName"), Binary.of("Ada"),
                    a("lastName"), Binary.of("Lovelace"),
                    a("userID"), Int.of(7),
                    a("HTTPProxy"), Binary.of("p"));
            assertThat(mapper.fromTerm(term, Person.class)).isEqualTo(new Person("Ada", "Lovelace", 7, "p"));
        }

        @Test
        void termKeyAnnotationSetsTheKey() {
            assertThat(((TermMap) mapper.toTerm(new Person("Ada", "Lovelace", 7, "p"))).get("surname"))
                    .isEqualTo(Binary.of("Lovelace"));
        }

        @Test
        void extraKeysAreIgnored() {
            TermMap term = TermMap.of(a("text"), Binary.of("hi"), a("count"), Int.of(3), a("extra"), Atom.OK);
            assertThat(mapper.fromTerm(term, Greeting.class)).isEqualTo(new Greeting("hi", 3));
        }

        @Test
        void nullComponentEncodesAsNil() {
            assertThat(mapper.toTerm(new Greeting(null, 1))).isEqualTo(greetingTerm(Atom.NIL, Int.of(1)));
        }

        @Test
        void nilValueIntoReferenceComponentGivesNull() {
            assertThat(mapper.fromTerm(greetingTerm(Atom.NIL, Int.of(1)), Greeting.class))
                    .isEqualTo(new Greeting(null, 1));
        }

        @Test
        void missingKeyOfPrimitiveComponentIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(TermMap.of(a("text"), Binary.of("hi")), Greeting.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("count: missing key :count");
        }

        @Test
        void missingKeyInNestedRecordNamesThePath() {
            TermMap term = TermMap.of(a("greeting"), TermMap.of(a("text"), Binary.of("hi")));
            assertThatThrownBy(() -> mapper.fromTerm(term, Envelope.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("greeting.count: missing key :count")
                    .extracting(e -> ((TermMappingException) e).path())
                    .isEqualTo("greeting.count");
        }

        @Test
        void missingKeyOfUnannotatedReferenceComponentIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(TermMap.of(a("count"), Int.of(1)), Greeting.class))
                    .hasMessage("text: missing key :text");
        }

        @Test
        void missingKeyOfNullableComponentGivesNull() {
            assertThat(mapper.fromTerm(TermMap.of(a("city"), Binary.of("Oslo")), Address.class))
                    .isEqualTo(new Address("Oslo", null, null));
        }

        @Test
        void missingKeyOfTypeUseNullableComponentGivesNull() {
            assertThat(mapper.fromTerm(TermMap.of(a("text"), Binary.of("x")), Memo.class)
                            .lines())
                    .isNull();
        }

        @Test
        void missingKeyOfOptionalComponentGivesEmpty() {
            TermMap term = TermMap.of(a("name"), Binary.of("Ada"));
            assertThat(mapper.fromTerm(term, Customer.class)).isEqualTo(new Customer("Ada", Optional.empty()));
        }

        @Test
        void missingKeyReportsTheSnakeCaseKey() {
            TermMap term = TermMap.of(a("surname"), Binary.of("L"), a("user_id"), Int.of(1), a("http_proxy"), Atom.NIL);
            assertThatThrownBy(() -> mapper.fromTerm(term, Person.class))
                    .hasMessage("firstName: missing key :first_name");
        }

        @Test
        void wrongValueErrorNamesTheComponentPath() {
            TermMap term = TermMap.of(a("greeting"), greetingTerm(Binary.of("hi"), Binary.of("three")));
            assertThatThrownBy(() -> mapper.fromTerm(term, Envelope.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageStartingWith("greeting.count: expected integer, got ")
                    .satisfies(
                            e -> assertThat(((TermMappingException) e).reason()).startsWith("expected integer, got "));
        }

        @Test
        void wrongAtomValueErrorShowsTheAtom() {
            TermMap term = TermMap.of(a("greeting"), greetingTerm(Binary.of("hi"), a("three")));
            assertThatThrownBy(() -> mapper.fromTerm(term, Envelope.class))
                    .hasMessage("greeting.count: expected integer, got :three");
        }

        @Test
        void nonMapIntoRecordIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(a("greeting"), Greeting.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("expected map or keyword list, got :greeting");
        }

        @Test
        void emptyRecordIsEmptyMap() {
            assertThat(mapper.toTerm(new Empty())).isEqualTo(TermMap.EMPTY);
            assertThat(mapper.fromTerm(TermMap.of(a("any"), Int.of(1)), Empty.class))
                    .isEqualTo(new Empty());
        }

        @Test
        void nonPublicRecordMaps() {
            Term term = mapper.toTerm(new Secret("s"));
            assertThat(mapper.fromTerm(term, Secret.class)).isEqualTo(new Secret("s"));
        }

        @Test
        void recordWithTermComponentsPassesTermsThrough() {
            Pid pid = new Pid(a("chip@host"), 1, 0, 1);
            Reply reply = new Reply(pid, Tuple.of(Atom.OK, Int.of(1)), Atom.OK);
            Term term = mapper.toTerm(reply);
            assertThat(term)
                    .isEqualTo(TermMap.of(
                            a("from"), pid, a("payload"), Tuple.of(Atom.OK, Int.of(1)), a("status"), Atom.OK));
            assertThat(mapper.fromTerm(term, Reply.class)).isEqualTo(reply);
        }

        @Test
        void termComponentChecksTheTermType() {
            TermMap term = TermMap.of(a("from"), Atom.NIL, a("payload"), Atom.NIL, a("status"), Int.of(1));
            assertThatThrownBy(() -> mapper.fromTerm(term, Reply.class))
                    .hasMessageStartingWith("from: expected pid, got ");
        }
    }

    @Nested
    class Nesting {

        private final Order order = new Order(
                "o-1",
                List.of(new Line("apple", 2, 0.5), new Line("pear", 1, 1.25)),
                Map.of("bob", 3),
                Optional.of("leave at door"),
                OptionalInt.of(2),
                new Customer("Ada", Optional.of(new Address("Oslo", "0150", 3))),
                ScalarMappingTest.Color.DARK_RED);

        @Test
        void nestedRecordsEncodeAsNestedMaps() {
            TermMap term = (TermMap) mapper.toTerm(order);
            assertThat(term.get("lines"))
                    .isEqualTo(TermList.of(
                            TermMap.of(
                                    a("sku"),
                                    Binary.of("apple"),
                                    a("quantity"),
                                    Int.of(2),
                                    a("price"),
                                    Float64.of(0.5)),
                            TermMap.of(
                                    a("sku"),
                                    Binary.of("pear"),
                                    a("quantity"),
                                    Int.of(1),
                                    a("price"),
                                    Float64.of(1.25))));
            assertThat(term.get("scores")).isEqualTo(TermMap.of(Binary.of("bob"), Int.of(3)));
            assertThat(term.get("note")).isEqualTo(Binary.of("leave at door"));
            assertThat(term.get("priority")).isEqualTo(Int.of(2));
            assertThat(((TermMap) ((TermMap) term.get("customer")).get("address")).get("zip"))
                    .isEqualTo(Binary.of("0150"));
            assertThat(term.get("color")).isEqualTo(a("dark_red"));
        }

        @Test
        void nestedRecordsRoundTrip() {
            assertThat(mapper.fromTerm(mapper.toTerm(order), Order.class)).isEqualTo(order);
        }

        @Test
        void emptyOptionalsRoundTripAsNil() {
            Order sparse = new Order(
                    "o-2",
                    List.of(),
                    Map.of(),
                    Optional.empty(),
                    OptionalInt.empty(),
                    new Customer("Bo", Optional.empty()),
                    ScalarMappingTest.Color.RED);
            TermMap term = (TermMap) mapper.toTerm(sparse);
            assertThat(term.get("note")).isEqualTo(Atom.NIL);
            assertThat(mapper.fromTerm(term, Order.class)).isEqualTo(sparse);
        }

        @Test
        void errorInListElementNamesIndexAndComponent() {
            TermMap good = (TermMap) mapper.toTerm(order);
            TermMap bad = replace(
                    good,
                    "lines",
                    TermList.of(
                            ((TermList) good.get("lines")).get(0),
                            TermMap.of(a("sku"), Binary.of("x"), a("quantity"), a("lots"), a("price"), Int.of(1))));
            assertThatThrownBy(() -> mapper.fromTerm(bad, Order.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("lines[1].quantity: expected integer, got :lots");
        }

        @Test
        void errorInMapValueNamesTheKey() {
            TermMap bad = replace((TermMap) mapper.toTerm(order), "scores", TermMap.of(Binary.of("bob"), a("many")));
            assertThatThrownBy(() -> mapper.fromTerm(bad, Order.class))
                    .hasMessage("scores[\"bob\"]: expected integer, got :many");
        }

        @Test
        void errorInsideOptionalRecordNamesThePath() {
            TermMap good = (TermMap) mapper.toTerm(order);
            TermMap customer = replace((TermMap) good.get("customer"), "address", TermMap.of(a("city"), Int.of(1)));
            assertThatThrownBy(() -> mapper.fromTerm(replace(good, "customer", customer), Order.class))
                    .hasMessage("customer.address.city: expected string, got 1");
        }

        @Test
        void unsupportedValueInRecordListNamesThePath() {
            assertThatThrownBy(() -> mapper.toTerm(new Envelope2(new Tags(List.of("a", Thread.currentThread())))))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("greeting.tags[1]: cannot map java.lang.Thread to a term");
        }

        @Test
        void genericRecordResolvesItsTypeArguments() {
            Page<Greeting> page = new Page<>(List.of(new Greeting("hi", 1)), 1);
            Object decoded = mapper.fromTerm(mapper.toTerm(page), new GenericType<Page<Greeting>>() {}.type());
            assertThat(decoded).isEqualTo(page);
        }

        @Test
        void rawGenericRecordGivesNaturalValues() {
            Page<Greeting> page = new Page<>(List.of(new Greeting("hi", 1)), 1);
            Page<?> decoded = mapper.fromTerm(mapper.toTerm(page), Page.class);
            assertThat(decoded.items()).isEqualTo(List.of(Map.of(a("text"), "hi", a("count"), 1L)));
        }

        @Test
        void recursiveRecordRoundTrips() {
            Tree tree = new Tree(
                    "root", List.of(new Tree("a", List.of()), new Tree("b", List.of(new Tree("c", List.of())))));
            assertThat(mapper.fromTerm(mapper.toTerm(tree), Tree.class)).isEqualTo(tree);
        }

        private TermMap replace(TermMap map, String key, Term value) {
            TermMap.Builder builder = TermMap.builder();
            map.asMap().forEach(builder::put);
            return builder.put(key, value).build();
        }
    }

    record Envelope2(Tags greeting) {}

    @Nested
    class TaggedTuples {

        @Test
        void taggedRecordEncodesAsTupleWithSnakeCaseTag() {
            assertThat(mapper.toTerm(new Point(1, 2))).isEqualTo(Tuple.of(a("point"), Int.of(1), Int.of(2)));
            assertThat(mapper.toTerm(new OrderPlaced("o-1"))).isEqualTo(Tuple.of(a("order_placed"), Binary.of("o-1")));
        }

        @Test
        void tagCanBeSet() {
            assertThat(mapper.toTerm(new Hello("world"))).isEqualTo(Tuple.of(a("hello"), Binary.of("world")));
        }

        @Test
        void taggedTupleDecodesToRecord() {
            assertThat(mapper.fromTerm(Tuple.of(a("point"), Int.of(1), Int.of(2)), Point.class))
                    .isEqualTo(new Point(1, 2));
        }

        @Test
        void recordWithoutComponentsIsTagAlone() {
            assertThat(mapper.toTerm(new Stop())).isEqualTo(Tuple.of(a("stop")));
            assertThat(mapper.fromTerm(Tuple.of(a("stop")), Stop.class)).isEqualTo(new Stop());
        }

        @Test
        void wrongTagIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Tuple.of(a("line"), Int.of(1), Int.of(2)), Point.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageStartingWith("expected tuple {:point, x, y}, got ");
        }

        @Test
        void wrongSizeIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Tuple.of(a("point"), Int.of(1)), Point.class))
                    .hasMessageStartingWith("expected tuple {:point, x, y}, got ");
            assertThatThrownBy(() -> mapper.fromTerm(a("stop"), Stop.class))
                    .hasMessage("expected tuple {:stop}, got :stop");
        }

        @Test
        void badElementNamesTheComponent() {
            assertThatThrownBy(() -> mapper.fromTerm(Tuple.of(a("point"), Int.of(1), a("two")), Point.class))
                    .hasMessage("y: expected integer, got :two");
        }

        @Test
        void mapIsNotATaggedRecord() {
            assertThatThrownBy(() -> mapper.fromTerm(TermMap.of(a("x"), Int.of(1), a("y"), Int.of(2)), Point.class))
                    .hasMessageStartingWith("expected tuple {:point, x, y}, got ");
        }
    }

    @Nested
    class Structs {

        private final TermMap struct = TermMap.of(
                RecordShape.STRUCT_KEY, a("Elixir.MyApp.Greeting"), a("text"), Binary.of("hi"), a("count"), Int.of(3));

        @Test
        void structRecordEncodesWithStructKeyFirst() {
            TermMap term = (TermMap) mapper.toTerm(new StructGreeting("hi", 3));
            assertThat(term).isEqualTo(struct);
            assertThat(term.asMap().keySet()).containsExactly(a("__struct__"), a("text"), a("count"));
        }

        @Test
        void elixirPrefixInAnnotationIsNotDoubled() {
            assertThat(((TermMap) mapper.toTerm(new User("ada"))).get("__struct__"))
                    .isEqualTo(a("Elixir.MyApp.User"));
        }

        @Test
        void structDecodesToStructRecord() {
            assertThat(mapper.fromTerm(struct, StructGreeting.class)).isEqualTo(new StructGreeting("hi", 3));
        }

        @Test
        void structDecodesToPlainRecordIgnoringStructKey() {
            assertThat(mapper.fromTerm(struct, Greeting.class)).isEqualTo(new Greeting("hi", 3));
        }

        @Test
        void plainMapDecodesToStructRecord() {
            assertThat(mapper.fromTerm(greetingTerm(Binary.of("hi"), Int.of(3)), StructGreeting.class))
                    .isEqualTo(new StructGreeting("hi", 3));
        }

        @Test
        void otherStructIsAnError() {
            TermMap other = TermMap.of(
                    RecordShape.STRUCT_KEY, a("Elixir.MyApp.Other"), a("text"), Binary.of("hi"), a("count"), Int.of(3));
            assertThatThrownBy(() -> mapper.fromTerm(other, StructGreeting.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("expected struct MyApp.Greeting, got struct MyApp.Other");
        }

        @Test
        void nonMapIntoStructRecordIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Int.of(1), StructGreeting.class))
                    .hasMessage("expected struct MyApp.Greeting, got 1");
        }
    }

    @Nested
    class Failures {

        @Test
        void constructorRejectionIsAnErrorWithPath() {
            record Holder(Validated validated) {}
            TermMap term = TermMap.of(a("validated"), TermMap.of(a("n"), Int.of(-1)));
            assertThatThrownBy(() -> mapper.fromTerm(term, Holder.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("validated: cannot construct Validated: n must not be negative")
                    .hasCauseInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void unsupportedComponentTypeIsAnErrorNamingTheType() {
            assertThatThrownBy(() -> mapper.fromTerm(TermMap.of(a("thread"), Int.of(1)), Worker.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("thread: cannot map a term to java.lang.Thread");
            assertThatThrownBy(() -> mapper.toTerm(new Worker(Thread.currentThread())))
                    .hasMessage("thread: cannot map java.lang.Thread to a term");
        }

        @Test
        void throwingAccessorIsAnErrorWithPath() {
            record Faulty(String name) {
                @Override
                public String name() {
                    throw new IllegalStateException("not loaded");
                }
            }
            assertThatThrownBy(() -> mapper.toTerm(List.of(new Faulty("x"))))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("[0].name: accessor of Faulty threw java.lang.IllegalStateException: not loaded")
                    .hasCauseInstanceOf(IllegalStateException.class);
        }

        @Test
        void unsupportedComponentTypeFailsEvenForNil() {
            assertThatThrownBy(() -> mapper.fromTerm(TermMap.of(a("thread"), Atom.NIL), Worker.class))
                    .hasMessage("thread: cannot map a term to java.lang.Thread");
        }

        @Test
        void componentsMappingToTheSameKeyAreAnError() {
            assertThatThrownBy(() -> mapper.toTerm(new Clash("a", "b")))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("record " + Clash.class.getName()
                            + ": components firstName and other both map to the key :first_name");
            assertThatThrownBy(() -> mapper.fromTerm(TermMap.EMPTY, Clash.class))
                    .hasMessageEndingWith("both map to the key :first_name");
        }

        @Test
        void taggedTupleAndStructTogetherAreAnError() {
            assertThatThrownBy(() -> mapper.toTerm(new Both(1)))
                    .hasMessageEndingWith(
                            "has more than one of @TaggedTuple, @ElixirStruct and @KeywordList; pick one");
        }

        @Test
        void badRecordDeepInsideNamesThePath() {
            record Outer(List<Clash> clashes) {}
            assertThatThrownBy(() -> mapper.fromTerm(TermMap.of(a("clashes"), TermList.EMPTY), Outer.class))
                    .hasMessageStartingWith("clashes: record ");
        }
    }
}

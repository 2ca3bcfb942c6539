package dev.nodemesh.term.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.BitString;
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Strings, booleans, nil, numbers, enums, binaries, terms and Object targets, both ways. */
class ScalarMappingTest {

    private final TermMapper mapper = TermMapper.standard();

    enum Color {
        RED,
        DARK_RED,
        GREEN {
            @Override
            public String toString() {
                return "green!";
            }
        }
    }

    @Nested
    class Strings {

        @Test
        void stringEncodesAsUtf8Binary() {
            assertThat(mapper.toTerm("héllo ✓")).isEqualTo(Binary.of("héllo ✓"));
        }

        @Test
        void utf8BinaryDecodesToString() {
            assertThat(mapper.fromTerm(Binary.of("héllo ✓"), String.class)).isEqualTo("héllo ✓");
        }

        @Test
        void charlistDecodesToString() {
            assertThat(mapper.fromTerm(TermList.charlist("hi 😀"), String.class))
                    .isEqualTo("hi 😀");
        }

        @Test
        void emptyListDecodesToEmptyString() {
            assertThat(mapper.fromTerm(TermList.EMPTY, String.class)).isEmpty();
        }

        @Test
        void otherCharSequenceEncodesAsBinary() {
            assertThat(mapper.toTerm(new StringBuilder("abc"))).isEqualTo(Binary.of("abc"));
        }

        @Test
        void invalidUtf8BinaryIntoStringIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Binary.of(new byte[] {(byte) 0xff, 0x41}), String.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageStartingWith("expected UTF-8 string, got ");
        }

        @Test
        void integerIntoStringIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Int.of(42), String.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("expected string, got 42");
        }

        @Test
        void listOfNonCharactersIntoStringIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(TermList.of(Atom.of("a")), String.class))
                    .hasMessageStartingWith("expected string, got ");
        }

        @Test
        void stringWithUnpairedSurrogateCannotBeEncoded() {
            assertThatThrownBy(() -> mapper.toTerm("ab\uD800c"))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("cannot map a string with an unpaired surrogate (at index 2) to UTF-8");
        }

        @Test
        void surrogatePairEncodes() {
            assertThat(mapper.toTerm("😀")).isEqualTo(Binary.of("😀"));
        }
    }

    @Nested
    class Booleans {

        @Test
        void booleansEncodeAsAtoms() {
            assertThat(mapper.toTerm(true)).isEqualTo(Atom.TRUE);
            assertThat(mapper.toTerm(Boolean.FALSE)).isEqualTo(Atom.FALSE);
        }

        @Test
        void atomsDecodeToBooleans() {
            assertThat(mapper.fromTerm(Atom.of("true"), boolean.class)).isTrue();
            assertThat(mapper.fromTerm(Atom.FALSE, Boolean.class)).isFalse();
        }

        @Test
        void otherAtomIntoBooleanIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Atom.of("yes"), boolean.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("expected boolean, got :yes");
        }
    }

    @Nested
    class Nil {

        @Test
        void nullEncodesAsNil() {
            assertThat(mapper.toTerm(null)).isEqualTo(Atom.NIL);
        }

        @Test
        void nilIntoReferenceTypeGivesNull() {
            assertThat(mapper.fromTerm(Atom.NIL, String.class)).isNull();
            assertThat(mapper.fromTerm(Atom.NIL, Integer.class)).isNull();
            assertThat(mapper.fromTerm(Atom.NIL, Color.class)).isNull();
            assertThat(mapper.fromTerm(Atom.NIL, Object.class)).isNull();
            assertThat(mapper.fromTerm(Atom.NIL, new GenericType<List<String>>() {}.type()))
                    .isNull();
        }

        @Test
        void nilIntoPrimitiveIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Atom.NIL, int.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageStartingWith("expected integer, got ")
                    .hasMessageEndingWith("nil");
            assertThatThrownBy(() -> mapper.fromTerm(Atom.NIL, boolean.class))
                    .hasMessageStartingWith("expected boolean, got ");
            assertThatThrownBy(() -> mapper.fromTerm(Atom.NIL, double.class))
                    .hasMessageStartingWith("expected number, got ");
        }

        @Test
        void nilIntoTermTypeStaysTheAtom() {
            assertThat(mapper.fromTerm(Atom.NIL, Term.class)).isEqualTo(Atom.NIL);
            assertThat(mapper.fromTerm(Atom.NIL, Atom.class)).isEqualTo(Atom.NIL);
        }
    }

    @Nested
    class Integers {

        @Test
        void integralBoxesEncodeAsIntegers() {
            assertThat(mapper.toTerm((byte) -3)).isEqualTo(Int.of(-3));
            assertThat(mapper.toTerm((short) 300)).isEqualTo(Int.of(300));
            assertThat(mapper.toTerm(70_000)).isEqualTo(Int.of(70_000));
            assertThat(mapper.toTerm(Long.MIN_VALUE)).isEqualTo(Int.of(Long.MIN_VALUE));
        }

        @Test
        void bigIntegerEncodesAsInteger() {
            BigInteger big = BigInteger.TWO.pow(100);
            assertThat(mapper.toTerm(big)).isEqualTo(Int.of(big));
        }

        @Test
        void integersDecodeIntoEveryIntegralType() {
            assertThat(mapper.fromTerm(Int.of(-128), byte.class)).isEqualTo((byte) -128);
            assertThat(mapper.fromTerm(Int.of(32767), Short.class)).isEqualTo((short) 32767);
            assertThat(mapper.fromTerm(Int.of(7), int.class)).isEqualTo(7);
            assertThat(mapper.fromTerm(Int.of(Long.MAX_VALUE), long.class)).isEqualTo(Long.MAX_VALUE);
            assertThat(mapper.fromTerm(Int.of(BigInteger.TWO.pow(100)), BigInteger.class))
                    .isEqualTo(BigInteger.TWO.pow(100));
            assertThat(mapper.fromTerm(Int.of(5), BigInteger.class)).isEqualTo(BigInteger.valueOf(5));
        }

        @Test
        void integerOutsideIntRangeIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Int.of(3_000_000_000L), int.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("expected integer in int range, got 3000000000");
        }

        @Test
        void integerOutsideEachRangeNamesTheRange() {
            assertThatThrownBy(() -> mapper.fromTerm(Int.of(128), byte.class))
                    .hasMessage("expected integer in byte range, got 128");
            assertThatThrownBy(() -> mapper.fromTerm(Int.of(-32769), Short.class))
                    .hasMessage("expected integer in short range, got -32769");
            assertThatThrownBy(() -> mapper.fromTerm(Int.of(BigInteger.TWO.pow(64)), long.class))
                    .hasMessage("expected integer in long range, got 18446744073709551616");
            assertThatThrownBy(() -> mapper.fromTerm(Int.of(BigInteger.TWO.pow(64)), int.class))
                    .hasMessage("expected integer in int range, got 18446744073709551616");
        }

        @Test
        void floatIntoIntegerIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Float64.of(1.0), long.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageStartingWith("expected integer, got ");
            assertThatThrownBy(() -> mapper.fromTerm(Float64.of(1.0), BigInteger.class))
                    .hasMessageStartingWith("expected integer, got ");
        }

        @Test
        void stringIntoIntegerIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Binary.of("three"), int.class))
                    .hasMessageStartingWith("expected integer, got ");
        }

        @Test
        void atomIntoIntegerShowsTheAtom() {
            assertThatThrownBy(() -> mapper.fromTerm(Atom.of("three"), int.class))
                    .hasMessage("expected integer, got :three");
        }
    }

    @Nested
    class Chars {

        @Test
        void charEncodesAsItsCodeUnit() {
            assertThat(mapper.toTerm('A')).isEqualTo(Int.of(65));
            assertThat(mapper.toTerm('é')).isEqualTo(Int.of(0xe9));
        }

        @Test
        void integerDecodesToChar() {
            assertThat(mapper.fromTerm(Int.of(65), char.class)).isEqualTo('A');
            assertThat(mapper.fromTerm(Int.of(0xe9), Character.class)).isEqualTo('é');
        }

        @Test
        void integerOutsideCharRangeIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Int.of(70_000), char.class))
                    .hasMessage("expected integer in char range, got 70000");
            assertThatThrownBy(() -> mapper.fromTerm(Int.of(-1), char.class))
                    .hasMessage("expected integer in char range, got -1");
        }
    }

    @Nested
    class Floats {

        @Test
        void doubleAndFloatEncodeAsFloats() {
            assertThat(mapper.toTerm(1.5)).isEqualTo(Float64.of(1.5));
            assertThat(mapper.toTerm(0.25f)).isEqualTo(Float64.of(0.25));
            assertThat(mapper.toTerm(-0.0)).isEqualTo(Float64.of(-0.0));
        }

        @Test
        void wholeDoubleStillEncodesAsFloat() {
            assertThat(mapper.toTerm(10.0)).isEqualTo(Float64.of(10.0)).isNotEqualTo(Int.of(10));
        }

        @Test
        void floatsDecodeToDoubleAndFloat() {
            assertThat(mapper.fromTerm(Float64.of(2.5), double.class)).isEqualTo(2.5);
            assertThat(mapper.fromTerm(Float64.of(0.1f), float.class)).isEqualTo(0.1f);
        }

        @Test
        void integerIntoDoubleIsAccepted() {
            assertThat(mapper.fromTerm(Int.of(10), double.class)).isEqualTo(10.0);
            assertThat(mapper.fromTerm(Int.of(-3), Float.class)).isEqualTo(-3.0f);
            assertThat(mapper.fromTerm(Int.of(BigInteger.TEN.pow(30)), Double.class))
                    .isEqualTo(1e30);
        }

        @Test
        void hugeIntegerIntoDoubleIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Int.of(BigInteger.TEN.pow(400)), double.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageStartingWith("expected number in double range, got 1000000000");
        }

        @Test
        void floatOutsideFloatRangeIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Float64.of(1e300), float.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageStartingWith("expected number in float range, got ");
        }

        @Test
        void nonNumberIntoDoubleIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Atom.of("pi"), double.class))
                    .hasMessage("expected number, got :pi");
            assertThatThrownBy(() -> mapper.fromTerm(Atom.of("pi"), float.class))
                    .hasMessage("expected number, got :pi");
        }

        @Test
        void nanCannotBeEncoded() {
            assertThatThrownBy(() -> mapper.toTerm(Double.NaN))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("cannot map NaN to a term: Erlang floats are finite");
            assertThatThrownBy(() -> mapper.toTerm(Float.NEGATIVE_INFINITY))
                    .hasMessage("cannot map -Infinity to a term: Erlang floats are finite");
        }

        @Test
        void numberTargetKeepsIntegersAndFloatsApart() {
            assertThat(mapper.fromTerm(Int.of(3), Number.class)).isEqualTo(3L);
            assertThat(mapper.fromTerm(Float64.of(3.0), Number.class)).isEqualTo(3.0);
            assertThat(mapper.fromTerm(Int.of(BigInteger.TWO.pow(70)), Number.class))
                    .isEqualTo(BigInteger.TWO.pow(70));
            assertThatThrownBy(() -> mapper.fromTerm(Atom.of("x"), Number.class))
                    .hasMessage("expected number, got :x");
        }
    }

    @Nested
    class Enums {

        @Test
        void enumConstantEncodesAsLowerCaseAtom() {
            assertThat(mapper.toTerm(Color.DARK_RED)).isEqualTo(Atom.of("dark_red"));
        }

        @Test
        void enumConstantWithBodyEncodesAsItsName() {
            assertThat(mapper.toTerm(Color.GREEN)).isEqualTo(Atom.of("green"));
        }

        @Test
        void lowerCaseAtomDecodesToEnumConstant() {
            assertThat(mapper.fromTerm(Atom.of("dark_red"), Color.class)).isEqualTo(Color.DARK_RED);
        }

        @Test
        void exactNameAtomDecodesToEnumConstant() {
            assertThat(mapper.fromTerm(Atom.of("DARK_RED"), Color.class)).isEqualTo(Color.DARK_RED);
        }

        @Test
        void unknownAtomIntoEnumListsTheConstants() {
            assertThatThrownBy(() -> mapper.fromTerm(Atom.of("blue"), Color.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("expected one of :red, :dark_red, :green, got :blue");
        }

        @Test
        void nonAtomIntoEnumIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Int.of(1), Color.class))
                    .hasMessage("expected one of :red, :dark_red, :green, got 1");
        }

        @Test
        void largeEnumErrorNamesTheEnumInsteadOfListing() {
            assertThatThrownBy(() -> mapper.fromTerm(Atom.of("x"), java.util.concurrent.TimeUnit.class))
                    .hasMessage(
                            "expected one of :nanoseconds, :microseconds, :milliseconds, :seconds, :minutes, :hours, :days, got :x");
            assertThatThrownBy(() -> mapper.fromTerm(Atom.of("x"), java.time.Month.class))
                    .hasMessage("expected an atom naming a constant of java.time.Month, got :x");
        }
    }

    @Nested
    class Bytes {

        @Test
        void byteArrayEncodesAsBinary() {
            assertThat(mapper.toTerm(new byte[] {1, 2, (byte) 255}))
                    .isEqualTo(Binary.of(new byte[] {1, 2, (byte) 255}));
        }

        @Test
        void binaryDecodesToByteArray() {
            assertThat(mapper.fromTerm(Binary.of(new byte[] {0, (byte) 0xff}), byte[].class))
                    .containsExactly(0, 0xff);
        }

        @Test
        void nonBinaryIntoByteArrayIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(BitString.of(new byte[] {1}, 3), byte[].class))
                    .hasMessageStartingWith("expected binary, got ");
            assertThatThrownBy(() -> mapper.fromTerm(Atom.of("bytes"), byte[].class))
                    .hasMessage("expected binary, got :bytes");
        }
    }

    @Nested
    class Terms {

        private final Pid pid = new Pid(Atom.of("chip@host"), 42, 0, 1);

        @Test
        void termsEncodeAsThemselves() {
            Tuple tuple = Tuple.of(Atom.OK, Int.of(1));
            assertThat(mapper.toTerm(tuple)).isSameAs(tuple);
            assertThat(mapper.toTerm(pid)).isSameAs(pid);
            assertThat(mapper.toTerm(Float64.of(1.0))).isEqualTo(Float64.of(1.0));
        }

        @Test
        void termTargetTakesAnyTerm() {
            Tuple tuple = Tuple.of(Atom.OK, Int.of(1));
            assertThat(mapper.fromTerm(tuple, Term.class)).isSameAs(tuple);
        }

        @Test
        void termSubtypeTargetChecksTheType() {
            assertThat(mapper.fromTerm(pid, Pid.class)).isSameAs(pid);
            assertThat(mapper.fromTerm(Atom.OK, Atom.class)).isSameAs(Atom.OK);
            assertThat(mapper.fromTerm(TermMap.EMPTY, TermMap.class)).isSameAs(TermMap.EMPTY);
        }

        @Test
        void wrongTermSubtypeIsAnError() {
            assertThatThrownBy(() -> mapper.fromTerm(Atom.of("ok"), Tuple.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("expected tuple, got :ok");
            assertThatThrownBy(() -> mapper.fromTerm(Atom.of("ok"), Pid.class)).hasMessage("expected pid, got :ok");
            assertThatThrownBy(() -> mapper.fromTerm(Atom.of("ok"), Ref.class))
                    .hasMessage("expected reference, got :ok");
            assertThatThrownBy(() -> mapper.fromTerm(Int.of(1), Atom.class)).hasMessage("expected atom, got 1");
        }
    }

    @Nested
    class ObjectTarget {

        @Test
        void utf8BinaryBecomesString() {
            assertThat(mapper.fromTerm(Binary.of("hi"), Object.class)).isEqualTo("hi");
        }

        @Test
        void nonUtf8BinaryBecomesByteArray() {
            assertThat(mapper.fromTerm(Binary.of(new byte[] {(byte) 0xff}), Object.class))
                    .isEqualTo(new byte[] {(byte) 0xff});
        }

        @Test
        void integerBecomesLongOrBigInteger() {
            assertThat(mapper.fromTerm(Int.of(7), Object.class)).isEqualTo(7L);
            assertThat(mapper.fromTerm(Int.of(BigInteger.TWO.pow(64)), Object.class))
                    .isEqualTo(BigInteger.TWO.pow(64));
        }

        @Test
        void floatBecomesDouble() {
            assertThat(mapper.fromTerm(Float64.of(1.5), Object.class)).isEqualTo(1.5);
        }

        @Test
        void atomsBecomeBooleansNullOrStayAtoms() {
            assertThat(mapper.fromTerm(Atom.TRUE, Object.class)).isEqualTo(true);
            assertThat(mapper.fromTerm(Atom.FALSE, Object.class)).isEqualTo(false);
            assertThat(mapper.fromTerm(Atom.NIL, Object.class)).isNull();
            assertThat(mapper.fromTerm(Atom.of("ok"), Object.class)).isEqualTo(Atom.OK);
        }

        @Test
        void listBecomesListOfNaturalValues() {
            Object value = mapper.fromTerm(TermList.of(Int.of(1), Binary.of("a"), Atom.NIL), Object.class);
            assertThat(value).isEqualTo(java.util.Arrays.asList(1L, "a", null));
        }

        @Test
        void mapBecomesMapOfNaturalValues() {
            Object value = mapper.fromTerm(
                    TermMap.of(Atom.of("a"), Int.of(1), Binary.of("b"), TermList.of(Float64.of(2.0))), Object.class);
            assertThat(value).isEqualTo(Map.of(Atom.of("a"), 1L, "b", List.of(2.0)));
        }

        @Test
        void tuplePidAndImproperListStayTerms() {
            Tuple tuple = Tuple.of(Atom.OK, Int.of(1));
            TermList improper = TermList.improper(List.of(Int.of(1)), Int.of(2));
            assertThat(mapper.fromTerm(tuple, Object.class)).isSameAs(tuple);
            assertThat(mapper.fromTerm(improper, Object.class)).isSameAs(improper);
        }
    }
}

package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import java.math.BigInteger;

/** The built-in encoders for values that need no other encoder. */
final class Encoders {

    private Encoders() {}

    static final Encoder STRING = (value, cursor) -> string((String) value, cursor);

    static final Encoder CHAR_SEQUENCE = (value, cursor) -> string(value.toString(), cursor);

    static final Encoder BOOLEAN = (value, cursor) -> Atom.of((Boolean) value);

    /** Byte, Short, Integer and Long. */
    static final Encoder INTEGRAL = (value, cursor) -> Int.of(((Number) value).longValue());

    static final Encoder BIG_INTEGER = (value, cursor) -> Int.of((BigInteger) value);

    static final Encoder CHARACTER = (value, cursor) -> Int.of((Character) value);

    /** Float and Double. */
    static final Encoder FLOATING = (value, cursor) -> {
        double d = ((Number) value).doubleValue();
        if (!Double.isFinite(d)) {
            throw cursor.error("cannot map " + value + " to a term: Erlang floats are finite");
        }
        return Float64.of(d);
    };

    static final Encoder BYTES = (value, cursor) -> Binary.of((byte[]) value);

    static Encoder enumeration(Class<?> enumType) {
        Atom[] atoms = EnumShape.of(enumType).atoms;
        return (value, cursor) -> atoms[((Enum<?>) value).ordinal()];
    }

    static Encoder unsupported(Class<?> type) {
        String reason = "cannot map " + type.getName() + " to a term";
        return (value, cursor) -> {
            throw cursor.error(reason);
        };
    }

    @SuppressWarnings("unchecked")
    static Encoder converter(TermConverter<?> converter, Class<?> type) {
        TermConverter<Object> typed = (TermConverter<Object>) converter;
        String failure = "converter for " + type.getName() + " failed: ";
        String returnedNull = "converter for " + type.getName() + " returned null";
        return (value, cursor) -> {
            Term term;
            try {
                term = typed.toTerm(value);
            } catch (TermMappingException e) {
                throw cursor.relocate(e);
            } catch (RuntimeException e) {
                throw cursor.error(failure + e, e);
            }
            if (term == null) {
                throw cursor.error(returnedNull);
            }
            return term;
        };
    }

    /** The UTF-8 binary of a string; a lone surrogate has no UTF-8 form and is an error. */
    private static Term string(String text, Cursor cursor) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw cursor.error("cannot map a string with an unpaired surrogate (at index " + i + ") to UTF-8");
                }
            }
        }
        return Binary.of(text);
    }
}

package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.BitString;
import dev.nodemesh.term.ExternalFun;
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Fun;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.LocalTerm;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Port;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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

/** The built-in decoders, one per kind of target type. */
final class Decoders {

    private Decoders() {}

    /** {@code nil} gives null; anything else goes to {@code inner}. */
    static Decoder nilAsNull(Decoder inner) {
        return (term, cursor) -> Atom.NIL.equals(term) ? null : inner.decode(term, cursor);
    }

    /** A {@link Term} target or one of its subtypes: the term itself, checked. */
    static Decoder term(Class<?> type) {
        if (type == Term.class) {
            return (term, cursor) -> term;
        }
        String expected = termKind(type);
        return (term, cursor) -> type.isInstance(term) ? term : cursor.mismatch(expected, term);
    }

    /** What a mismatch message calls each term type: "expected tuple, got :ok". */
    private static final Map<Class<?>, String> TERM_KINDS = Map.ofEntries(
            Map.entry(Atom.class, "atom"),
            Map.entry(Int.class, "integer"),
            Map.entry(Float64.class, "float"),
            Map.entry(Tuple.class, "tuple"),
            Map.entry(TermList.class, "list"),
            Map.entry(TermMap.class, "map"),
            Map.entry(Binary.class, "binary"),
            Map.entry(BitString.class, "bitstring"),
            Map.entry(Pid.class, "pid"),
            Map.entry(Port.class, "port"),
            Map.entry(Ref.class, "reference"),
            Map.entry(Fun.class, "fun"),
            Map.entry(ExternalFun.class, "fun"),
            Map.entry(LocalTerm.class, "local term"));

    private static String termKind(Class<?> type) {
        return TERM_KINDS.getOrDefault(type, type.getSimpleName());
    }

    /**
     * A UTF-8 binary, a charlist, the empty list or an atom (its name: {@code :some_atom} gives
     * {@code "some_atom"}, {@code true} gives {@code "true"}), as a String. {@code nil} is handled
     * before, giving null.
     */
    static final Decoder STRING = (term, cursor) -> {
        if (term instanceof Binary binary) {
            return binary.isUtf8() ? binary.utf8() : cursor.mismatch("UTF-8 string", term);
        }
        if (term instanceof Atom atom) {
            return atom.name();
        }
        if (term instanceof TermList list) {
            if (list.isEmpty()) {
                return "";
            }
            if (list.isCharlist()) {
                return list.charlistText();
            }
        }
        return cursor.mismatch("string", term);
    };

    static final Decoder BOOLEAN = (term, cursor) -> {
        if (Atom.TRUE.equals(term)) {
            return Boolean.TRUE;
        }
        if (Atom.FALSE.equals(term)) {
            return Boolean.FALSE;
        }
        return cursor.mismatch("boolean", term);
    };

    static final Decoder BYTES =
            (term, cursor) -> term instanceof Binary binary ? binary.toByteArray() : cursor.mismatch("binary", term);

    static final Decoder BIG_INTEGER =
            (term, cursor) -> term instanceof Int integer ? integer.bigValue() : cursor.mismatch("integer", term);

    static final Decoder LONG = new IntegerDecoder(Long.class, Long.MIN_VALUE, Long.MAX_VALUE, "long");
    static final Decoder INT = new IntegerDecoder(Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
    static final Decoder SHORT = new IntegerDecoder(Short.class, Short.MIN_VALUE, Short.MAX_VALUE, "short");
    static final Decoder BYTE = new IntegerDecoder(Byte.class, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
    static final Decoder CHAR = new IntegerDecoder(Character.class, Character.MIN_VALUE, Character.MAX_VALUE, "char");

    /** An integer within the range of a Java integral type, boxed as that type. */
    private static final class IntegerDecoder implements Decoder {

        private final Class<?> type;
        private final long min;
        private final long max;
        private final String inRange;

        IntegerDecoder(Class<?> type, long min, long max, String name) {
            this.type = type;
            this.min = min;
            this.max = max;
            this.inRange = "integer in " + name + " range";
        }

        @Override
        public Object decode(Term term, Cursor cursor) {
            if (!(term instanceof Int integer)) {
                return cursor.mismatch("integer", term);
            }
            if (!integer.isLong()) {
                return cursor.mismatch(inRange, term);
            }
            long value = integer.longValue();
            if (value < min || value > max) {
                return cursor.mismatch(inRange, term);
            }
            if (type == Integer.class) {
                return (int) value;
            }
            if (type == Long.class) {
                return value;
            }
            if (type == Short.class) {
                return (short) value;
            }
            if (type == Byte.class) {
                return (byte) value;
            }
            return (char) value;
        }
    }

    static final Decoder DOUBLE = (term, cursor) -> {
        if (term instanceof Float64 f) {
            return f.value();
        }
        if (term instanceof Int integer) {
            double value = integer.isLong()
                    ? (double) integer.longValue()
                    : integer.bigValue().doubleValue();
            return Double.isFinite(value) ? (Object) value : cursor.mismatch("number in double range", term);
        }
        return cursor.mismatch("number", term);
    };

    static final Decoder FLOAT = (term, cursor) -> {
        double value;
        if (term instanceof Float64 f) {
            value = f.value();
        } else if (term instanceof Int integer) {
            value = integer.isLong()
                    ? (double) integer.longValue()
                    : integer.bigValue().doubleValue();
        } else {
            return cursor.mismatch("number", term);
        }
        return Math.abs(value) <= Float.MAX_VALUE
                ? (Object) (float) value
                : cursor.mismatch("number in float range", term);
    };

    /** {@code java.lang.Number}: Long or BigInteger for integers, Double for floats. */
    static final Decoder NUMBER = (term, cursor) -> {
        if (term instanceof Int integer) {
            return integer.isLong() ? (Object) integer.longValue() : integer.bigValue();
        }
        if (term instanceof Float64 f) {
            return f.value();
        }
        return cursor.mismatch("number", term);
    };

    static Decoder enumeration(Class<?> type) {
        EnumShape shape = EnumShape.of(type);
        return (term, cursor) -> {
            if (term instanceof Atom atom) {
                Object constant = shape.constant(atom);
                if (constant != null) {
                    return constant;
                }
            } else if (term instanceof Binary binary && binary.size() <= Atom.MAX_LENGTH * 4 && binary.isUtf8()) {
                Object constant = shape.constant(binary.utf8());
                if (constant != null) {
                    return constant;
                }
            }
            return cursor.mismatch(shape.expectation, term);
        };
    }

    static Decoder optional(Decoder inner) {
        return (term, cursor) -> {
            if (Atom.NIL.equals(term)) {
                return Optional.empty();
            }
            Object value = inner.decode(term, cursor);
            return value == Cursor.MISS ? value : Optional.ofNullable(value);
        };
    }

    static final Decoder OPTIONAL_INT = (term, cursor) -> {
        if (Atom.NIL.equals(term)) {
            return OptionalInt.empty();
        }
        Object value = INT.decode(term, cursor);
        return value == Cursor.MISS ? value : OptionalInt.of((Integer) value);
    };

    static final Decoder OPTIONAL_LONG = (term, cursor) -> {
        if (Atom.NIL.equals(term)) {
            return OptionalLong.empty();
        }
        Object value = LONG.decode(term, cursor);
        return value == Cursor.MISS ? value : OptionalLong.of((Long) value);
    };

    static final Decoder OPTIONAL_DOUBLE = (term, cursor) -> {
        if (Atom.NIL.equals(term)) {
            return OptionalDouble.empty();
        }
        Object value = DOUBLE.decode(term, cursor);
        return value == Cursor.MISS ? value : OptionalDouble.of((Double) value);
    };

    /** The Java collections a list decodes into. */
    enum CollectionKind {
        LIST_VIEW,
        ARRAY_LIST,
        LINKED_LIST,
        SET_VIEW,
        HASH_SET,
        LINKED_HASH_SET;

        /** The kind for a target class, or null when the class is not a supported collection. */
        static CollectionKind of(Class<?> type) {
            if (type == List.class || type == Collection.class || type == Iterable.class) {
                return LIST_VIEW;
            }
            if (type == ArrayList.class) {
                return ARRAY_LIST;
            }
            if (type == LinkedList.class) {
                return LINKED_LIST;
            }
            if (type == Set.class) {
                return SET_VIEW;
            }
            if (type == HashSet.class) {
                return HASH_SET;
            }
            if (type == LinkedHashSet.class) {
                return LINKED_HASH_SET;
            }
            return null;
        }

        Collection<Object> create(int size) {
            return switch (this) {
                case LIST_VIEW, ARRAY_LIST -> new ArrayList<>(size);
                case LINKED_LIST -> new LinkedList<>();
                case HASH_SET -> new HashSet<>(size * 4 / 3 + 1);
                case SET_VIEW, LINKED_HASH_SET -> new LinkedHashSet<>(size * 4 / 3 + 1);
            };
        }

        Object finish(Collection<Object> collection) {
            return switch (this) {
                case LIST_VIEW -> Collections.unmodifiableList((List<Object>) collection);
                case SET_VIEW -> Collections.unmodifiableSet((Set<Object>) collection);
                default -> collection;
            };
        }
    }

    /** A proper list into a Java collection. */
    static Decoder collection(CollectionKind kind, Decoder element) {
        return (term, cursor) -> {
            if (!(term instanceof TermList list)) {
                return cursor.mismatch("list", term);
            }
            if (!list.isProper()) {
                return cursor.mismatch("proper list", term);
            }
            int size = list.size();
            Collection<Object> out = kind.create(size);
            for (int i = 0; i < size; i++) {
                cursor.enterIndex(i);
                Object value = element.decode(list.get(i), cursor);
                cursor.leave();
                if (value == Cursor.MISS) {
                    return value;
                }
                out.add(value);
            }
            return kind.finish(out);
        };
    }

    /** A proper list into a Java array. */
    static Decoder array(Class<?> componentType, Decoder element) {
        return (term, cursor) -> {
            if (!(term instanceof TermList list)) {
                return cursor.mismatch("list", term);
            }
            if (!list.isProper()) {
                return cursor.mismatch("proper list", term);
            }
            int size = list.size();
            Object out = Array.newInstance(componentType, size);
            Object[] objects = componentType.isPrimitive() ? null : (Object[]) out;
            for (int i = 0; i < size; i++) {
                cursor.enterIndex(i);
                Object value = element.decode(list.get(i), cursor);
                cursor.leave();
                if (value == Cursor.MISS) {
                    return value;
                }
                if (objects != null) {
                    objects[i] = value;
                } else {
                    Array.set(out, i, value);
                }
            }
            return out;
        };
    }

    /** The Java maps a map decodes into. */
    enum MapKind {
        MAP_VIEW,
        HASH_MAP,
        LINKED_HASH_MAP;

        static MapKind of(Class<?> type) {
            if (type == Map.class) {
                return MAP_VIEW;
            }
            if (type == HashMap.class) {
                return HASH_MAP;
            }
            if (type == LinkedHashMap.class) {
                return LINKED_HASH_MAP;
            }
            return null;
        }

        Map<Object, Object> create(int size) {
            int capacity = size * 4 / 3 + 1;
            return this == HASH_MAP ? new HashMap<>(capacity) : new LinkedHashMap<>(capacity);
        }

        Object finish(Map<Object, Object> map) {
            return this == MAP_VIEW ? Collections.unmodifiableMap(map) : map;
        }
    }

    /** A map into a Java map, converting keys and values. */
    static Decoder map(MapKind kind, Decoder keys, Decoder values) {
        return (term, cursor) -> {
            if (term instanceof TermMap map) {
                return entries(map, kind, keys, values, cursor);
            }
            if (KeywordLists.is(term)) {
                TermList list = (TermList) term;
                TermMap.Builder map = TermMap.builder(list.size());
                for (int i = 0; i < list.size(); i++) {
                    Tuple pair = (Tuple) list.get(i);
                    if (!map.putIfAbsent(pair.get(0), pair.get(1))) {
                        cursor.enterIndex(i);
                        Object failed = cursor.fail(
                                "the keyword list repeats the key " + Render.atom((Atom) pair.get(0))
                                        + "; a Map takes each key once",
                                null);
                        cursor.leave();
                        return failed;
                    }
                }
                return entries(map.build(), kind, keys, values, cursor);
            }
            return cursor.mismatch("map or keyword list", term);
        };
    }

    private static Object entries(TermMap map, MapKind kind, Decoder keys, Decoder values, Cursor cursor) {
        Map<Object, Object> out = kind.create(map.size());
        for (Map.Entry<Term, Term> entry : map.entrySet()) {
            Term keyTerm = entry.getKey();
            cursor.enterKey();
            Object key = keys.decode(keyTerm, cursor);
            cursor.leave();
            if (key == Cursor.MISS) {
                return key;
            }
            cursor.enterValue(keyTerm);
            Object value = values.decode(entry.getValue(), cursor);
            if (value == Cursor.MISS) {
                cursor.leave();
                return value;
            }
            int before = out.size();
            out.put(key, value);
            if (out.size() == before) {
                Object failed = cursor.fail("another key of the map converts to the same Java key", null);
                cursor.leave();
                return failed;
            }
            cursor.leave();
        }
        return kind.finish(out);
    }

    /**
     * The target {@code Object}: the natural Java value of any term. Binaries become String when
     * valid UTF-8 (else byte[]); integers Long or BigInteger; floats Double; true/false Boolean;
     * nil null; other atoms stay Atom; proper lists List; maps Map; everything else stays the
     * term itself.
     */
    static final Decoder NATURAL = new Decoder() {
        @Override
        public Object decode(Term term, Cursor cursor) {
            if (term instanceof Binary binary) {
                return binary.isUtf8() ? binary.utf8() : binary.toByteArray();
            }
            if (term instanceof Int integer) {
                return integer.isLong() ? (Object) integer.longValue() : integer.bigValue();
            }
            if (term instanceof Float64 f) {
                return f.value();
            }
            if (term instanceof Atom atom) {
                if (Atom.NIL.equals(atom)) {
                    return null;
                }
                if (Atom.TRUE.equals(atom)) {
                    return Boolean.TRUE;
                }
                return Atom.FALSE.equals(atom) ? Boolean.FALSE : atom;
            }
            if (term instanceof TermList list && list.isProper()) {
                int size = list.size();
                List<Object> out = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    cursor.enterIndex(i);
                    Object value = decode(list.get(i), cursor);
                    cursor.leave();
                    if (value == Cursor.MISS) {
                        return value;
                    }
                    out.add(value);
                }
                return Collections.unmodifiableList(out);
            }
            if (term instanceof TermMap map) {
                return entries(map, MapKind.MAP_VIEW, this, this, cursor);
            }
            return term;
        }
    };

    /** A target type nothing handles: always an error, even when probing. */
    static Decoder unsupported(java.lang.reflect.Type type) {
        String reason = "cannot map a term to " + type.getTypeName();
        return (term, cursor) -> {
            throw cursor.error(reason);
        };
    }

    /** A target type with a user converter. */
    static Decoder converter(TermConverter<?> converter, Class<?> type) {
        String failure = "converter for " + type.getName() + " failed: ";
        return (term, cursor) -> {
            try {
                return converter.fromTerm(term);
            } catch (TermMappingException e) {
                return cursor.rethrow(e);
            } catch (RuntimeException e) {
                return cursor.fail(failure + e, e);
            }
        };
    }
}

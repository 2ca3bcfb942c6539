package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.StringJoiner;

/**
 * What the mapper needs to know about a record class, computed once per class: components,
 * their key atoms, accessors and canonical constructor as method handles, the form (map, tagged
 * tuple or struct) and the texts of its error messages.
 */
final class RecordShape {

    enum Form {
        MAP,
        TAGGED_TUPLE,
        STRUCT,
        KEYWORD_LIST
    }

    /** The key Elixir structs keep their module under. */
    static final Atom STRUCT_KEY = Atom.of("__struct__");

    /** Marks a component that must be present when decoding. */
    static final Object REQUIRED = new Object();

    private static final ClassValue<Object> SHAPES = new ClassValue<>() {
        @Override
        protected Object computeValue(Class<?> type) {
            try {
                return new RecordShape(type);
            } catch (TermMappingException e) {
                return e;
            }
        }
    };

    final Class<?> type;
    final Form form;
    final Atom tag;
    final Atom structModule;
    final String[] names;
    final Type[] genericTypes;
    final Atom[] keys;
    /** The exact component name as an atom when it differs from the key, else null. */
    final Atom[] alternateKeys;
    /** The unit of an {@link IntegerTime} component, else null. */
    final java.time.temporal.ChronoUnit[] integerTimes;
    /** The value of a component whose key is absent, or {@link #REQUIRED}. */
    final Object[] absentValues;

    final String[] missingKeyReasons;
    final String expectation;
    final String constructionFailure;

    private final MethodHandle[] accessors;
    private final MethodHandle constructor;

    private RecordShape(Class<?> type) {
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        int n = components.length;
        names = new String[n];
        genericTypes = new Type[n];
        keys = new Atom[n];
        alternateKeys = new Atom[n];
        absentValues = new Object[n];
        integerTimes = new java.time.temporal.ChronoUnit[n];
        missingKeyReasons = new String[n];
        accessors = new MethodHandle[n];
        Class<?>[] rawTypes = new Class<?>[n];
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Map<Atom, String> owners = new HashMap<>();
        for (int i = 0; i < n; i++) {
            RecordComponent component = components[i];
            names[i] = component.getName();
            genericTypes[i] = component.getGenericType();
            rawTypes[i] = component.getType();
            TermKey explicit = component.getAnnotation(TermKey.class);
            keys[i] = atom(explicit != null ? explicit.value() : Names.snake(names[i]));
            Atom exact = atom(names[i]);
            alternateKeys[i] = exact.equals(keys[i]) ? null : exact;
            absentValues[i] = absentValue(component);
            IntegerTime integerTime = component.getAnnotation(IntegerTime.class);
            if (integerTime != null) {
                TimeTerms.check(component.getType(), integerTime.value(), type.getSimpleName() + "." + names[i]);
                integerTimes[i] = integerTime.value();
            }
            missingKeyReasons[i] = "missing key " + Render.atom(keys[i]);
            String previous = owners.putIfAbsent(keys[i], names[i]);
            if (previous != null && !(type.isAnnotationPresent(TaggedTuple.class))) {
                throw new TermMappingException("record " + type.getName() + ": components " + previous + " and "
                        + names[i] + " both map to the key " + Render.atom(keys[i]));
            }
            Method accessor = component.getAccessor();
            accessors[i] = handle(
                    type, lookup, accessor, MethodType.methodType(Object.class, Object.class), "accessor " + names[i]);
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(rawTypes);
            constructor = handle(
                    type,
                    lookup,
                    canonical,
                    MethodType.methodType(Object.class, Object[].class),
                    "canonical constructor");
        } catch (NoSuchMethodException e) {
            throw new TermMappingException("record " + type.getName() + " has no canonical constructor", e);
        }

        TaggedTuple tagged = type.getAnnotation(TaggedTuple.class);
        ElixirStruct struct = type.getAnnotation(ElixirStruct.class);
        boolean keywordList = type.isAnnotationPresent(KeywordList.class);
        if ((tagged != null ? 1 : 0) + (struct != null ? 1 : 0) + (keywordList ? 1 : 0) > 1) {
            throw new TermMappingException("record " + type.getName()
                    + " has more than one of @TaggedTuple, @ElixirStruct and @KeywordList; pick one");
        }
        if (tagged != null) {
            form = Form.TAGGED_TUPLE;
            tag = atom(tagged.value().isEmpty() ? Names.snake(type.getSimpleName()) : tagged.value());
            structModule = null;
            StringJoiner shape = new StringJoiner(", ", "tuple {" + Render.atom(tag) + (n > 0 ? ", " : ""), "}");
            for (String name : names) {
                shape.add(name);
            }
            expectation = shape.toString();
        } else if (struct != null) {
            form = Form.STRUCT;
            tag = null;
            String module = struct.value();
            structModule = atom(module.startsWith("Elixir.") ? module : "Elixir." + module);
            expectation = "struct " + Render.atom(structModule);
        } else {
            form = keywordList ? Form.KEYWORD_LIST : Form.MAP;
            tag = null;
            structModule = null;
            expectation = "map or keyword list";
        }
        constructionFailure = "cannot construct " + type.getSimpleName() + ": ";
    }

    /**
     * Returns the shape of a record class.
     *
     * @throws TermMappingException (without a path) if the record cannot be mapped
     */
    static RecordShape of(Class<?> type) {
        Object shape = SHAPES.get(type);
        if (shape instanceof TermMappingException e) {
            throw new TermMappingException(e.reason(), e.getCause());
        }
        return (RecordShape) shape;
    }

    int size() {
        return names.length;
    }

    /**
     * Tells, from the outside of a term only, whether it has this record's shape: a tagged tuple
     * with the tag and size, or a map (a keyword list, unless a struct) of the right struct with
     * every required key. The components themselves are not looked at, so this costs no
     * recursion.
     */
    boolean hasShape(Term term) {
        if (form == Form.TAGGED_TUPLE) {
            return term instanceof Tuple tuple && tuple.isTagged(tag, size() + 1);
        }
        TermMap map;
        if (term instanceof TermMap termMap) {
            map = termMap;
        } else if (form != Form.STRUCT && KeywordLists.is(term)) {
            map = KeywordLists.firstWins((TermList) term);
        } else {
            return false;
        }
        if (form == Form.STRUCT) {
            Term module = map.get(STRUCT_KEY);
            if (module != null && !module.equals(structModule)) {
                return false;
            }
        }
        for (int i = 0; i < keys.length; i++) {
            if (absentValues[i] == REQUIRED
                    && map.get(keys[i]) == null
                    && (alternateKeys[i] == null || map.get(alternateKeys[i]) == null)) {
                return false;
            }
        }
        return true;
    }

    Object component(Object record, int index) throws Throwable {
        return (Object) accessors[index].invokeExact(record);
    }

    Object construct(Object[] arguments) throws Throwable {
        return (Object) constructor.invokeExact(arguments);
    }

    private static MethodHandle handle(
            Class<?> type,
            MethodHandles.Lookup lookup,
            java.lang.reflect.Executable member,
            MethodType as,
            String what) {
        try {
            member.setAccessible(true);
            MethodHandle handle;
            if (member instanceof Method method) {
                handle = lookup.unreflect(method);
            } else {
                handle = lookup.unreflectConstructor((Constructor<?>) member)
                        .asSpreader(Object[].class, member.getParameterCount());
            }
            return handle.asType(as);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new TermMappingException(
                    "cannot access the " + what + " of record " + type.getName()
                            + " (open its package to dev.nodemesh.term.mapping if it is in a named module)",
                    e);
        }
    }

    private static Object absentValue(RecordComponent component) {
        Class<?> raw = component.getType();
        if (raw == Optional.class) {
            return Optional.empty();
        }
        if (raw == OptionalInt.class) {
            return OptionalInt.empty();
        }
        if (raw == OptionalLong.class) {
            return OptionalLong.empty();
        }
        if (raw == OptionalDouble.class) {
            return OptionalDouble.empty();
        }
        if (!raw.isPrimitive()
                && (hasNullable(component)
                        || hasNullable(component.getAnnotatedType())
                        || hasNullable(component.getAccessor()))) {
            return null;
        }
        return REQUIRED;
    }

    /** Any annotation named {@code Nullable} counts (JSpecify, Jakarta, JSR 305, Spring, ...). */
    private static boolean hasNullable(AnnotatedElement element) {
        for (Annotation annotation : element.getAnnotations()) {
            if (annotation.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        return false;
    }

    private static Atom atom(String name) {
        try {
            return Atom.of(name);
        } catch (IllegalArgumentException e) {
            throw new TermMappingException("cannot use " + name + " as an atom: " + e.getMessage(), e);
        }
    }
}

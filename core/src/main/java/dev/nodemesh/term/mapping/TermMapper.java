package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns Java values into terms and terms into values of a requested Java type.
 *
 * <pre>{@code
 * record Greeting(String text, int count) {}
 *
 * TermMapper mapper = TermMapper.standard();
 * Term term = mapper.toTerm(new Greeting("hi", 3));            // %{text: "hi", count: 3}
 * Greeting back = mapper.fromTerm(term, Greeting.class);
 * List<Greeting> all = (List<Greeting>) mapper.fromTerm(list, listOfGreetingType);
 * }</pre>
 *
 * <p>A mapper is immutable and thread-safe; share one. It learns each class once (record
 * components, accessors and constructor as method handles, key atoms, enum atoms) and keeps what
 * it learnt, so later calls do no reflective lookups.
 *
 * <h2>Mapping rules</h2>
 *
 * <table>
 * <caption>Java types and their terms</caption>
 * <tr><th>Java</th><th>Term (Elixir notation)</th><th>Notes</th></tr>
 * <tr><td>{@code null}</td><td>{@code nil}</td><td>{@code nil} into a reference type gives
 *     {@code null}, into a primitive is an error; into a {@link Term} type it stays the atom</td></tr>
 * <tr><td>any {@link Term}</td><td>itself</td><td>a target {@code Term} subtype ({@code Atom},
 *     {@code Tuple}, {@code Pid}, ...) checks the term's type</td></tr>
 * <tr><td>{@code String}</td><td>UTF-8 binary {@code "hi"}</td><td>decoding also accepts a
 *     charlist {@code ~c"hi"}, {@code []} (empty string) and an atom (its name); a binary that is not valid UTF-8 is an
 *     error; encoding a string with an unpaired surrogate is an error. Other {@code CharSequence}s
 *     encode the same way</td></tr>
 * <tr><td>{@code boolean}, {@code Boolean}</td><td>{@code true}, {@code false}</td><td></td></tr>
 * <tr><td>{@code byte}, {@code short}, {@code int}, {@code long} and boxes</td><td>integer</td>
 *     <td>decoding checks the range: {@code expected integer in int range, got 3000000000}</td></tr>
 * <tr><td>{@code BigInteger}</td><td>integer</td><td>any size</td></tr>
 * <tr><td>{@code char}, {@code Character}</td><td>integer (the UTF-16 code unit)</td><td>decoding
 *     checks the range 0..65535</td></tr>
 * <tr><td>{@code double}, {@code float} and boxes</td><td>float</td><td>decoding also accepts an
 *     integer (Elixir code often writes {@code 10} for {@code 10.0}), converted to the nearest
 *     value; encoding always gives a float, so the round trip keeps the type. NaN and infinities
 *     have no term and are an error; a {@code float} target checks the range</td></tr>
 * <tr><td>{@code Number}</td><td>integer or float</td><td>decodes to {@code Long},
 *     {@code BigInteger} or {@code Double}</td></tr>
 * <tr><td>enum</td><td>atom</td><td>the constant name in lower case: {@code DARK_RED} is {@code
 *     :dark_red}; decoding also accepts the exact name {@code :DARK_RED}, and either name as a
 *     string</td></tr>
 * <tr><td>{@code byte[]}</td><td>binary</td><td></td></tr>
 * <tr><td>other arrays, {@code Collection} ({@code List}, {@code Set}, ...)</td><td>proper
 *     list</td><td>targets {@code List}, {@code Collection}, {@code Iterable} and {@code Set} get
 *     unmodifiable collections (a set keeps the list's order); {@code ArrayList}, {@code
 *     LinkedList}, {@code HashSet}, {@code LinkedHashSet} and arrays get that type, mutable</td></tr>
 * <tr><td>{@code Map}</td><td>map</td><td>keys and values mapped by these rules; targets {@code
 *     Map} (unmodifiable, in the term's order), {@code HashMap}, {@code LinkedHashMap}</td></tr>
 * <tr><td>{@code Optional}, {@code OptionalInt}, {@code OptionalLong}, {@code
 *     OptionalDouble}</td><td>the value, or {@code nil} when empty</td><td></td></tr>
 * <tr><td>record</td><td>map with atom keys {@code %{text: "hi", count: 3}}</td><td>the key is
 *     the component name in snake_case ({@code firstName} is {@code :first_name}) unless set with
 *     {@link TermKey}; decoding also accepts the exact component name, ignores extra keys, and
 *     gives a missing key's component {@code Optional.empty()} (or the empty {@code
 *     OptionalInt}, ...) for optionals, {@code null} for a component annotated with any
 *     {@code @Nullable}, and otherwise fails with {@code missing key :count}</td></tr>
 * <tr><td>record with {@link TaggedTuple}</td><td>tuple {@code {:greeting, "hi", 3}}</td><td>the
 *     tag and size must match when decoding</td></tr>
 * <tr><td>record with {@link ElixirStruct}</td><td>{@code %MyApp.Greeting{text: "hi", count:
 *     3}}</td><td>as a record map plus {@code __struct__}; decoding rejects another struct's
 *     module. Plain records decode from structs too, ignoring {@code __struct__}</td></tr>
 * <tr><td>record with {@link KeywordList}</td><td>keyword list {@code [limit: 10, verbose:
 *     true]}</td><td>every map-form record also decodes from a keyword list, the first occurrence
 *     of a key winning; a {@code Map} target takes keyword lists too (a repeated key is an
 *     error)</td></tr>
 * <tr><td>sealed interface (target only)</td><td>what a permitted type maps from</td><td>a
 *     permitted record is chosen by its outside (a {@link TaggedTuple}'s tag and size, a map's
 *     required keys), other permitted types are tried, in declaration order; {@link Result} is the ready one for {@code {:ok, v} | {:error, r}}</td></tr>
 * <tr><td>{@code Instant}, {@code OffsetDateTime}</td><td>{@code %DateTime{}} in {@code
 *     Etc/UTC}</td><td>microsecond precision; decoding honours the struct's offsets and accepts
 *     ISO-8601 text; {@link IntegerTime} makes a record component an integer since the
 *     epoch</td></tr>
 * <tr><td>{@code Duration}</td><td>integer milliseconds</td><td>{@link IntegerTime} picks another
 *     unit for a record component</td></tr>
 * <tr><td>{@code UUID}</td><td>36-character string binary</td><td>decoding accepts upper case and
 *     the 16-byte raw binary</td></tr>
 * <tr><td>{@code BigDecimal}</td><td>{@code %Decimal{sign: 1, coef: 1230, exp: -2}}</td><td>keeps
 *     the scale; decodes integers and floats too</td></tr>
 * <tr><td>{@code Object} (target only)</td><td>any term</td><td>the natural Java value: a binary
 *     gives a {@code String} when valid UTF-8, else {@code byte[]}; an integer {@code Long} (or
 *     {@code BigInteger} when larger); a float {@code Double}; {@code true}/{@code false} a
 *     {@code Boolean}; {@code nil} {@code null}; other atoms the {@link Atom}; a proper list an
 *     unmodifiable {@code List<Object>}; a map an unmodifiable {@code Map<Object, Object>};
 *     anything else (tuples, pids, improper lists, ...) the term itself</td></tr>
 * </table>
 *
 * <p>Wildcards and unresolved type variables in a target stand for their bound; a generic record
 * such as {@code Page<Greeting>} resolves its components' type variables. Any other Java type is
 * an error naming the type ({@code cannot map java.lang.Thread to a term}, {@code cannot map a term
 * to java.lang.Thread}) unless a {@link TermConverter} is registered for it. A registered
 * converter takes precedence over these rules: when decoding for the exact target class, when
 * encoding for the value's class or, failing that, the first registered supertype.
 *
 * <p>Every failure is a {@link TermMappingException} whose path leads to the offending part.
 * Values nested deeper than {@link Builder#maxDepth(int) maxDepth} (512 by default) are an error,
 * which also stops cycles in Java object graphs.
 */
public final class TermMapper {

    /** The default {@link Builder#maxDepth(int)}. */
    public static final int DEFAULT_MAX_DEPTH = 512;

    private static final TermMapper STANDARD = new Builder().build();

    private final Map<Class<?>, TermConverter<?>> converters;
    private final int maxDepth;
    private final ConcurrentHashMap<Type, Decoder> decoders = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Class<?>, Encoder> encoders = new ConcurrentHashMap<>();

    private TermMapper(Builder builder) {
        this.converters = new LinkedHashMap<>(builder.converters);
        this.maxDepth = builder.maxDepth;
    }

    /**
     * Returns the shared mapper with the built-in rules and no converters.
     *
     * @return the standard mapper
     */
    public static TermMapper standard() {
        return STANDARD;
    }

    /**
     * Starts a mapper with converters of its own.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Converts a Java value to a term.
     *
     * @param value the value, may be null (giving {@code nil})
     * @return the term
     * @throws TermMappingException if the value, or a part of it, has no term form
     */
    public Term toTerm(Object value) {
        return encode(value, Cursor.encoding(maxDepth));
    }

    /**
     * Converts a term to a value of the given class.
     *
     * @param term the term
     * @param type the class; a primitive class gives its box
     * @param <T> the class's type
     * @return the value, null when {@code nil} maps to null
     * @throws TermMappingException if the term does not fit the class
     */
    @SuppressWarnings("unchecked")
    public <T> T fromTerm(Term term, Class<T> type) {
        return (T) fromTerm(term, (Type) type);
    }

    /**
     * Converts a term to a value of the given type, which may be generic: {@code List<Greeting>},
     * {@code Map<String, Integer>}, {@code Optional<Long>}.
     *
     * @param term the term
     * @param type the type, for instance a method parameter's {@code getParameterizedType()}
     * @return the value, null when {@code nil} maps to null
     * @throws TermMappingException if the term does not fit the type
     */
    public Object fromTerm(Term term, Type type) {
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(type, "type");
        Cursor cursor = Cursor.decoding(maxDepth);
        return decoderFor(type, cursor).decode(term, cursor);
    }

    /**
     * Converts a term to a value of a generic type captured by a {@link TermType}.
     *
     * <pre>{@code
     * List<Greeting> all = mapper.fromTerm(term, new TermType<List<Greeting>>() {});
     * }</pre>
     *
     * @param term the term
     * @param type the captured type
     * @param <T> the type
     * @return the value, null when {@code nil} maps to null
     * @throws TermMappingException if the term does not fit the type
     */
    @SuppressWarnings("unchecked")
    public <T> T fromTerm(Term term, TermType<T> type) {
        Objects.requireNonNull(type, "type");
        return (T) fromTerm(term, type.type());
    }

    /**
     * Converts a term to a value of the given class, or returns {@code otherwise} when the term
     * does not fit. A miss costs no exception and no error message, so this suits choosing among
     * several candidate types.
     *
     * @param term the term
     * @param type the class
     * @param otherwise what to return on a miss
     * @param <T> the class's type
     * @return the value, or {@code otherwise}
     * @throws TermMappingException only if the class itself cannot be mapped
     */
    @SuppressWarnings("unchecked")
    public <T> T fromTermOrElse(Term term, Class<T> type, T otherwise) {
        return (T) fromTermOrElse(term, (Type) type, otherwise);
    }

    /**
     * Converts a term to a value of the given type, or returns {@code otherwise} when the term
     * does not fit; see {@link #fromTermOrElse(Term, Class, Object)}. Pass a private sentinel as
     * {@code otherwise} to tell a miss from a {@code null} result.
     *
     * @param term the term
     * @param type the type
     * @param otherwise what to return on a miss
     * @return the value, or {@code otherwise}
     * @throws TermMappingException only if the type itself cannot be mapped
     */
    public Object fromTermOrElse(Term term, Type type, Object otherwise) {
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(type, "type");
        Cursor cursor = Cursor.probing(maxDepth);
        try {
            Object value = decoderFor(type, cursor).decode(term, cursor);
            return value == Cursor.MISS ? otherwise : value;
        } catch (Cursor.TooDeep e) {
            return otherwise;
        }
    }

    /**
     * Tells whether {@link #fromTerm(Term, Type)} would succeed, without throwing or building an
     * error message when it would not.
     *
     * @param term the term
     * @param type the type
     * @return whether the term fits the type
     * @throws TermMappingException only if the type itself cannot be mapped
     */
    public boolean fits(Term term, Type type) {
        return fromTermOrElse(term, type, Cursor.MISS) != Cursor.MISS;
    }

    // ---- encoding

    Term encode(Object value, Cursor cursor) {
        if (value == null) {
            return Atom.NIL;
        }
        if (value instanceof Term term) {
            return term;
        }
        return encoderFor(value.getClass(), cursor).encode(value, cursor);
    }

    private Encoder encoderFor(Class<?> type, Cursor cursor) {
        Encoder encoder = encoders.get(type);
        if (encoder == null) {
            try {
                encoder = createEncoder(type);
            } catch (TermMappingException e) {
                throw cursor.relocate(e);
            }
            Encoder raced = encoders.putIfAbsent(type, encoder);
            if (raced != null) {
                encoder = raced;
            }
        }
        return encoder;
    }

    private Encoder createEncoder(Class<?> type) {
        TermConverter<?> converter = converters.get(type);
        if (converter == null) {
            for (Map.Entry<Class<?>, TermConverter<?>> entry : converters.entrySet()) {
                if (entry.getKey().isAssignableFrom(type)) {
                    converter = entry.getValue();
                    break;
                }
            }
        }
        if (converter != null) {
            return Encoders.converter(converter, type);
        }
        if (type == String.class) {
            return Encoders.STRING;
        }
        if (type == Boolean.class) {
            return Encoders.BOOLEAN;
        }
        if (type == Integer.class || type == Long.class || type == Short.class || type == Byte.class) {
            return Encoders.INTEGRAL;
        }
        if (type == Double.class || type == Float.class) {
            return Encoders.FLOATING;
        }
        if (type == Character.class) {
            return Encoders.CHARACTER;
        }
        if (BigInteger.class.isAssignableFrom(type)) {
            return Encoders.BIG_INTEGER;
        }
        Encoder standard = StandardTypes.encoder(type);
        if (standard != null) {
            return standard;
        }
        if (Enum.class.isAssignableFrom(type)) {
            return Encoders.enumeration(type.isEnum() ? type : type.getSuperclass());
        }
        if (type == byte[].class) {
            return Encoders.BYTES;
        }
        if (type.isArray()) {
            return this::encodeArray;
        }
        if (type.isRecord()) {
            return new Records.RecordEncoder(this, RecordShape.of(type));
        }
        if (Collection.class.isAssignableFrom(type)) {
            return this::encodeCollection;
        }
        if (Map.class.isAssignableFrom(type)) {
            return this::encodeMap;
        }
        if (type == Optional.class) {
            return (value, cursor) -> encode(((Optional<?>) value).orElse(null), cursor);
        }
        if (type == OptionalInt.class) {
            return (value, cursor) -> {
                OptionalInt optional = (OptionalInt) value;
                return optional.isPresent() ? Int.of(optional.getAsInt()) : Atom.NIL;
            };
        }
        if (type == OptionalLong.class) {
            return (value, cursor) -> {
                OptionalLong optional = (OptionalLong) value;
                return optional.isPresent() ? Int.of(optional.getAsLong()) : Atom.NIL;
            };
        }
        if (type == OptionalDouble.class) {
            return (value, cursor) -> {
                OptionalDouble optional = (OptionalDouble) value;
                return optional.isPresent() ? encode(optional.getAsDouble(), cursor) : Atom.NIL;
            };
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return Encoders.CHAR_SEQUENCE;
        }
        return Encoders.unsupported(type);
    }

    private Term encodeArray(Object array, Cursor cursor) {
        int length = Array.getLength(array);
        Term[] elements = new Term[length];
        Object[] objects = array instanceof Object[] o ? o : null;
        for (int i = 0; i < length; i++) {
            cursor.enterIndex(i);
            elements[i] = encode(objects != null ? objects[i] : Array.get(array, i), cursor);
            cursor.leave();
        }
        return TermList.wrap(elements);
    }

    private Term encodeCollection(Object value, Cursor cursor) {
        Collection<?> collection = (Collection<?>) value;
        Term[] elements = new Term[collection.size()];
        int i = 0;
        for (Object element : collection) {
            if (i == elements.length) {
                elements = Arrays.copyOf(elements, i * 2 + 1);
            }
            cursor.enterIndex(i);
            elements[i++] = encode(element, cursor);
            cursor.leave();
        }
        return TermList.wrap(i == elements.length ? elements : Arrays.copyOf(elements, i));
    }

    private Term encodeMap(Object value, Cursor cursor) {
        Map<?, ?> map = (Map<?, ?>) value;
        TermMap.Builder out = TermMap.builder(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            cursor.enterKey();
            Term key = encode(entry.getKey(), cursor);
            cursor.leave();
            cursor.enterValue(key);
            Term term = encode(entry.getValue(), cursor);
            int before = out.size();
            out.put(key, term);
            if (out.size() == before) {
                throw cursor.error("another key of the map maps to the same term");
            }
            cursor.leave();
        }
        return out.build();
    }

    // ---- decoding

    /** The decoder for a type; a type that cannot be mapped is reported at the cursor's path. */
    Decoder decoderFor(Type type, Cursor cursor) {
        Decoder decoder = decoders.get(type);
        if (decoder != null) {
            return decoder;
        }
        try {
            return decoder(type);
        } catch (TermMappingException e) {
            throw cursor.relocate(e);
        }
    }

    private Decoder decoder(Type type) {
        Decoder decoder = decoders.get(type);
        if (decoder == null) {
            decoder = createDecoder(type);
            Decoder raced = decoders.putIfAbsent(type, decoder);
            if (raced != null) {
                decoder = raced;
            }
        }
        return decoder;
    }

    private Decoder createDecoder(Type type) {
        if (type instanceof WildcardType || type instanceof TypeVariable<?>) {
            return decoder(Types.bound(type));
        }
        Class<?> raw = Types.raw(type);
        TermConverter<?> converter = converters.get(Types.boxed(raw));
        if (converter != null) {
            Decoder decoder = Decoders.converter(converter, raw);
            if (raw.isPrimitive()) {
                String expected = raw.getName();
                return (term, c) -> Atom.NIL.equals(term) ? c.mismatch(expected, term) : decoder.decode(term, c);
            }
            return Decoders.nilAsNull(decoder);
        }
        if (raw.isPrimitive()) {
            return primitive(raw);
        }
        if (Term.class.isAssignableFrom(raw)) {
            return Decoders.term(raw);
        }
        if (raw == Object.class) {
            return Decoders.NATURAL;
        }
        if (raw == Optional.class) {
            return Decoders.optional(decoder(Types.argument(type, 0)));
        }
        if (raw == OptionalInt.class) {
            return Decoders.OPTIONAL_INT;
        }
        if (raw == OptionalLong.class) {
            return Decoders.OPTIONAL_LONG;
        }
        if (raw == OptionalDouble.class) {
            return Decoders.OPTIONAL_DOUBLE;
        }
        Decoder reference = reference(type, raw);
        return reference != null ? Decoders.nilAsNull(reference) : Decoders.unsupported(type);
    }

    private static Decoder primitive(Class<?> type) {
        if (type == int.class) {
            return Decoders.INT;
        }
        if (type == long.class) {
            return Decoders.LONG;
        }
        if (type == boolean.class) {
            return Decoders.BOOLEAN;
        }
        if (type == double.class) {
            return Decoders.DOUBLE;
        }
        if (type == float.class) {
            return Decoders.FLOAT;
        }
        if (type == short.class) {
            return Decoders.SHORT;
        }
        if (type == byte.class) {
            return Decoders.BYTE;
        }
        if (type == char.class) {
            return Decoders.CHAR;
        }
        return Decoders.unsupported(type);
    }

    /** The decoder of a non-primitive type, without nil handling, or null if unsupported. */
    private Decoder reference(Type type, Class<?> raw) {
        if (raw == String.class || raw == CharSequence.class) {
            return Decoders.STRING;
        }
        if (raw == Boolean.class
                || raw == Integer.class
                || raw == Long.class
                || raw == Double.class
                || raw == Float.class
                || raw == Short.class
                || raw == Byte.class
                || raw == Character.class) {
            return primitive(Types.unboxed(raw));
        }
        if (raw == BigInteger.class) {
            return Decoders.BIG_INTEGER;
        }
        if (raw == Number.class) {
            return Decoders.NUMBER;
        }
        if (raw == byte[].class) {
            return Decoders.BYTES;
        }
        if (raw.isArray()) {
            Type component =
                    type instanceof GenericArrayType array ? array.getGenericComponentType() : raw.getComponentType();
            return Decoders.array(raw.getComponentType(), decoder(component));
        }
        if (raw.isEnum()) {
            return Decoders.enumeration(raw);
        }
        Decoder standard = StandardTypes.decoder(raw);
        if (standard != null) {
            return standard;
        }
        if (raw.isInterface() && raw.isSealed()) {
            return new SealedDecoder(this, raw, type);
        }
        if (raw.isRecord()) {
            Type[] arguments = type instanceof ParameterizedType p ? p.getActualTypeArguments() : null;
            return new Records.RecordDecoder(this, RecordShape.of(raw), arguments);
        }
        Decoders.CollectionKind collection = Decoders.CollectionKind.of(raw);
        if (collection != null) {
            return Decoders.collection(collection, decoder(Types.argument(type, 0)));
        }
        Decoders.MapKind map = Decoders.MapKind.of(raw);
        if (map != null) {
            return Decoders.map(map, decoder(Types.argument(type, 0)), decoder(Types.argument(type, 1)));
        }
        return null;
    }

    /** Builds a {@link TermMapper}. */
    public static final class Builder {

        private final Map<Class<?>, TermConverter<?>> converters = new LinkedHashMap<>();
        private int maxDepth = DEFAULT_MAX_DEPTH;

        private Builder() {}

        /**
         * Registers a converter for a type; it takes precedence over the built-in rules. A later
         * registration for the same type replaces an earlier one. A converter for a box ({@code
         * Integer}) also serves the primitive ({@code int}), and the other way round.
         *
         * @param type the Java type
         * @param converter the converter
         * @param <T> the Java type
         * @return this builder
         * @throws IllegalArgumentException for a {@link Term} type, which always maps to itself
         */
        public <T> Builder register(Class<T> type, TermConverter<T> converter) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(converter, "converter");
            if (Term.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("terms map to themselves; no converter for " + type.getName());
            }
            converters.put(Types.boxed(type), converter);
            return this;
        }

        /**
         * Sets how deep values may nest, counted in record components, elements and map entries;
         * deeper values are an error, which also catches cycles in Java object graphs.
         *
         * @param maxDepth the deepest nesting allowed, at least 1; {@value TermMapper#DEFAULT_MAX_DEPTH} by
         *     default
         * @return this builder
         */
        public Builder maxDepth(int maxDepth) {
            if (maxDepth < 1) {
                throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
            }
            this.maxDepth = maxDepth;
            return this;
        }

        /**
         * Returns the mapper.
         *
         * @return a new mapper
         */
        public TermMapper build() {
            return new TermMapper(this);
        }
    }
}

package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/** Records to and from maps, tagged tuples and structs. */
final class Records {

    private Records() {}

    /** Decodes into one record type; component decoders are resolved on first use. */
    static final class RecordDecoder implements Decoder {

        private final TermMapper mapper;
        private final RecordShape shape;
        private final Type[] componentTypes;
        private volatile Decoder[] components;

        RecordDecoder(TermMapper mapper, RecordShape shape, Type[] typeArguments) {
            this.mapper = mapper;
            this.shape = shape;
            this.componentTypes = shape.genericTypes.clone();
            TypeVariable<?>[] parameters = shape.type.getTypeParameters();
            if (typeArguments != null && parameters.length == typeArguments.length) {
                Map<TypeVariable<?>, Type> bindings = new HashMap<>();
                for (int i = 0; i < parameters.length; i++) {
                    bindings.put(parameters[i], typeArguments[i]);
                }
                for (int i = 0; i < componentTypes.length; i++) {
                    componentTypes[i] = Types.substitute(componentTypes[i], bindings);
                }
            }
        }

        @Override
        public Object decode(Term term, Cursor cursor) {
            Decoder[] decoders = components;
            if (decoders == null) {
                decoders = resolve(cursor);
            }
            int n = shape.size();
            Object[] arguments = new Object[n];
            if (shape.form == RecordShape.Form.TAGGED_TUPLE) {
                if (!(term instanceof Tuple tuple) || !tuple.isTagged(shape.tag, n + 1)) {
                    return cursor.mismatch(shape.expectation, term);
                }
                for (int i = 0; i < n; i++) {
                    cursor.enterField(shape.names[i]);
                    Object value = decoders[i].decode(tuple.get(i + 1), cursor);
                    cursor.leave();
                    if (value == Cursor.MISS) {
                        return value;
                    }
                    arguments[i] = value;
                }
            } else {
                TermMap map;
                if (term instanceof TermMap termMap) {
                    map = termMap;
                } else if (shape.form != RecordShape.Form.STRUCT && KeywordLists.is(term)) {
                    map = KeywordLists.firstWins((TermList) term);
                } else {
                    return cursor.mismatch(shape.expectation, term);
                }
                if (shape.form == RecordShape.Form.STRUCT) {
                    Term module = map.get(RecordShape.STRUCT_KEY);
                    if (module != null && !module.equals(shape.structModule)) {
                        return cursor.fail(
                                "expected " + shape.expectation + ", got struct "
                                        + (module instanceof Atom atom ? Render.atom(atom) : Render.value(module)),
                                null);
                    }
                }
                for (int i = 0; i < n; i++) {
                    Term value = map.get(shape.keys[i]);
                    if (value == null && shape.alternateKeys[i] != null) {
                        value = map.get(shape.alternateKeys[i]);
                    }
                    cursor.enterField(shape.names[i]);
                    Object decoded;
                    if (value != null) {
                        decoded = decoders[i].decode(value, cursor);
                    } else if (shape.absentValues[i] != RecordShape.REQUIRED) {
                        decoded = shape.absentValues[i];
                    } else {
                        decoded = cursor.fail(shape.missingKeyReasons[i], null);
                    }
                    cursor.leave();
                    if (decoded == Cursor.MISS) {
                        return decoded;
                    }
                    arguments[i] = decoded;
                }
            }
            try {
                return shape.construct(arguments);
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                return cursor.fail(shape.constructionFailure + (e.getMessage() != null ? e.getMessage() : e), e);
            }
        }

        private Decoder[] resolve(Cursor cursor) {
            Decoder[] decoders = new Decoder[componentTypes.length];
            for (int i = 0; i < decoders.length; i++) {
                cursor.enterField(shape.names[i]);
                decoders[i] = shape.integerTimes[i] != null
                        ? Decoders.nilAsNull(
                                TimeTerms.integerDecoder(Types.raw(componentTypes[i]), shape.integerTimes[i]))
                        : mapper.decoderFor(componentTypes[i], cursor);
                cursor.leave();
            }
            components = decoders;
            return decoders;
        }
    }

    /** Encodes one record class. */
    static final class RecordEncoder implements Encoder {

        private final TermMapper mapper;
        private final RecordShape shape;

        /** The encoder of each {@link IntegerTime} component, else null. */
        private final Encoder[] integerTimes;

        RecordEncoder(TermMapper mapper, RecordShape shape) {
            this.mapper = mapper;
            this.shape = shape;
            this.integerTimes = new Encoder[shape.size()];
            for (int i = 0; i < integerTimes.length; i++) {
                if (shape.integerTimes[i] != null) {
                    integerTimes[i] = TimeTerms.integerEncoder(shape.integerTimes[i]);
                }
            }
        }

        @Override
        public Term encode(Object value, Cursor cursor) {
            int n = shape.size();
            if (shape.form == RecordShape.Form.TAGGED_TUPLE) {
                Term[] elements = new Term[n + 1];
                elements[0] = shape.tag;
                for (int i = 0; i < n; i++) {
                    elements[i + 1] = component(value, i, cursor);
                }
                return Tuple.wrap(elements);
            }
            if (shape.form == RecordShape.Form.KEYWORD_LIST) {
                Term[] pairs = new Term[n];
                for (int i = 0; i < n; i++) {
                    pairs[i] = Tuple.of(shape.keys[i], component(value, i, cursor));
                }
                return TermList.wrap(pairs);
            }
            TermMap.Builder map = TermMap.builder(n + 1);
            if (shape.form == RecordShape.Form.STRUCT) {
                map.put(RecordShape.STRUCT_KEY, shape.structModule);
            }
            for (int i = 0; i < n; i++) {
                map.put(shape.keys[i], component(value, i, cursor));
            }
            return map.build();
        }

        private Term component(Object record, int index, Cursor cursor) {
            cursor.enterField(shape.names[index]);
            Object value;
            try {
                value = shape.component(record, index);
            } catch (Error e) {
                throw e;
            } catch (Throwable e) {
                throw cursor.error("accessor of " + shape.type.getSimpleName() + " threw " + e, e);
            }
            Term term = integerTimes[index] != null && value != null
                    ? integerTimes[index].encode(value, cursor)
                    : mapper.encode(value, cursor);
            cursor.leave();
            return term;
        }
    }
}

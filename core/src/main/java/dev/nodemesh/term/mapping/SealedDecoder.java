package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import java.lang.reflect.Type;
import java.util.StringJoiner;

/**
 * Decodes into a sealed interface by choosing among its permitted subtypes. A {@link TaggedTuple}
 * record is chosen by its tag and size alone, so a term that carries the tag but a wrong element
 * is reported inside that record ({@code value.count: expected integer, got "x"}); the other
 * permitted subtypes are tried in declaration order and the first that fits wins.
 */
final class SealedDecoder implements Decoder {

    private final TermMapper mapper;
    private final Class<?> sealed;
    private final Type[] candidateTypes;
    private final RecordShape[] taggedShapes;
    private final String expectation;
    private volatile Decoder[] candidates;

    SealedDecoder(TermMapper mapper, Class<?> sealed, Type type) {
        this.mapper = mapper;
        this.sealed = sealed;
        Class<?>[] permitted = sealed.getPermittedSubclasses();
        if (permitted == null || permitted.length == 0) {
            throw new TermMappingException("cannot map a term to " + sealed.getName() + ": it permits no subtypes");
        }
        candidateTypes = new Type[permitted.length];
        taggedShapes = new RecordShape[permitted.length];
        StringJoiner expected = new StringJoiner(" | ", "one of ", "");
        for (int i = 0; i < permitted.length; i++) {
            candidateTypes[i] = Types.specialize(permitted[i], type);
            if (permitted[i].isRecord() && permitted[i].isAnnotationPresent(TaggedTuple.class)) {
                RecordShape shape = RecordShape.of(permitted[i]);
                taggedShapes[i] = shape;
                expected.add(shape.expectation.substring("tuple ".length()));
            } else {
                expected.add(permitted[i].getSimpleName());
            }
        }
        expectation = expected.toString();
    }

    @Override
    public Object decode(Term term, Cursor cursor) {
        Decoder[] decoders = candidates;
        if (decoders == null) {
            decoders = resolve(cursor);
        }
        if (term instanceof Tuple tuple) {
            for (int i = 0; i < decoders.length; i++) {
                RecordShape shape = taggedShapes[i];
                if (shape != null && tuple.isTagged(shape.tag, shape.size() + 1)) {
                    return decoders[i].decode(term, cursor);
                }
            }
        }
        for (int i = 0; i < decoders.length; i++) {
            if (taggedShapes[i] != null) {
                continue;
            }
            Object value;
            try {
                value = decoders[i].decode(term, cursor.probeHere());
            } catch (Cursor.TooDeep e) {
                return cursor.fail(
                        "nested too deep to tell which subtype of " + sealed.getSimpleName() + " fits", null);
            }
            if (value != Cursor.MISS) {
                return value;
            }
        }
        return cursor.mismatch(expectation, term);
    }

    private Decoder[] resolve(Cursor cursor) {
        Decoder[] decoders = new Decoder[candidateTypes.length];
        for (int i = 0; i < decoders.length; i++) {
            decoders[i] = mapper.decoderFor(candidateTypes[i], cursor);
        }
        candidates = decoders;
        return decoders;
    }
}

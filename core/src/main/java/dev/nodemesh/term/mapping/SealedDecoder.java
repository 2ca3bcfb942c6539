package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Term;
import java.lang.reflect.Type;
import java.util.StringJoiner;

/**
 * Decodes into a sealed interface by choosing among its permitted subtypes, in declaration
 * order. A permitted record is chosen by its outside alone ({@link RecordShape#hasShape}: the tag
 * and size of a {@link TaggedTuple}, the required keys of a map), and then decoded for real, so a
 * term with the right shape but a wrong component is reported inside that record ({@code
 * greeting.count: expected integer, got "x"}). Other permitted types (enums, sealed
 * sub-interfaces, ...) are tried in full, and the first that fits wins.
 *
 * <p>Choosing records by shape keeps the work linear in the size of the term, even for
 * recursive hierarchies: no subtree is decoded twice.
 */
final class SealedDecoder implements Decoder {

    private final TermMapper mapper;
    private final Class<?> sealed;
    private final Type[] candidateTypes;
    private final RecordShape[] recordShapes;
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
        recordShapes = new RecordShape[permitted.length];
        StringJoiner expected = new StringJoiner(" | ", "one of ", "");
        for (int i = 0; i < permitted.length; i++) {
            candidateTypes[i] = Types.specialize(permitted[i], type);
            if (permitted[i].isRecord()) {
                RecordShape shape = RecordShape.of(permitted[i]);
                recordShapes[i] = shape;
                expected.add(
                        shape.form == RecordShape.Form.TAGGED_TUPLE
                                ? shape.expectation.substring("tuple ".length())
                                : permitted[i].getSimpleName());
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
        for (int i = 0; i < decoders.length; i++) {
            RecordShape shape = recordShapes[i];
            if (shape != null) {
                if (shape.hasShape(term)) {
                    return decoders[i].decode(term, cursor);
                }
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

package dev.nodemesh.jackson;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.TermSyntax;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.term.mapping.TermMapper;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes a {@link Term} as the JSON an Elixir developer expects (the rules are on {@link
 * TermJacksonModule}).
 */
final class TermSerializer extends ValueSerializer<Term> {

    private static final Atom STRUCT = Atom.of("__struct__");
    private static final Atom DATE_TIME = Atom.of("Elixir.DateTime");
    private static final Atom DECIMAL = Atom.of("Elixir.Decimal");

    @Override
    public Class<?> handledType() {
        return Term.class;
    }

    @Override
    public void serialize(Term term, JsonGenerator out, SerializationContext context) throws JacksonException {
        if (term instanceof Atom atom) {
            atom(atom, out);
        } else if (term instanceof Int integer) {
            if (integer.isLong()) {
                out.writeNumber(integer.longValue());
            } else {
                out.writeNumber(integer.bigValue());
            }
        } else if (term instanceof Float64 f) {
            out.writeNumber(f.value());
        } else if (term instanceof Binary binary) {
            if (binary.isUtf8()) {
                out.writeString(binary.utf8());
            } else {
                out.writeBinary(binary.toByteArray());
            }
        } else if (term instanceof Tuple tuple) {
            out.writeStartArray(tuple, tuple.size());
            for (int i = 0; i < tuple.size(); i++) {
                serialize(tuple.get(i), out, context);
            }
            out.writeEndArray();
        } else if (term instanceof TermList list && list.isProper()) {
            out.writeStartArray(list, list.size());
            for (int i = 0; i < list.size(); i++) {
                serialize(list.get(i), out, context);
            }
            out.writeEndArray();
        } else if (term instanceof TermMap map) {
            map(map, out, context);
        } else {
            out.writeString(TermSyntax.ELIXIR.format(term));
        }
    }

    private static void atom(Atom atom, JsonGenerator out) {
        if (Atom.NIL.equals(atom)) {
            out.writeNull();
        } else if (Atom.TRUE.equals(atom)) {
            out.writeBoolean(true);
        } else if (Atom.FALSE.equals(atom)) {
            out.writeBoolean(false);
        } else {
            out.writeString(name(atom));
        }
    }

    private void map(TermMap map, JsonGenerator out, SerializationContext context) {
        Term struct = map.get(STRUCT);
        if (DATE_TIME.equals(struct)) {
            OffsetDateTime time = TermMapper.standard().fromTermOrElse(map, OffsetDateTime.class, null);
            if (time != null) {
                out.writeString(time.toString());
                return;
            }
        } else if (DECIMAL.equals(struct)) {
            BigDecimal decimal = TermMapper.standard().fromTermOrElse(map, BigDecimal.class, null);
            if (decimal != null) {
                out.writeNumber(decimal);
                return;
            }
        }
        out.writeStartObject(map);
        for (Map.Entry<Term, Term> entry : map.entrySet()) {
            Term key = entry.getKey();
            if (!STRUCT.equals(key)) {
                out.writeName(key(key));
                serialize(entry.getValue(), out, context);
            }
        }
        out.writeEndObject();
    }

    /** A map key as a JSON name: a string's text, an atom's name, else the term as iex shows it. */
    private static String key(Term key) {
        if (key instanceof Binary binary && binary.isUtf8()) {
            return binary.utf8();
        }
        if (key instanceof Atom atom) {
            return name(atom);
        }
        return TermSyntax.ELIXIR.format(key);
    }

    /** An atom's name, without the {@code Elixir.} prefix of a module alias. */
    private static String name(Atom atom) {
        String name = atom.name();
        return name.startsWith("Elixir.") && name.length() > 7 && Character.isUpperCase(name.charAt(7))
                ? name.substring(7)
                : name;
    }
}

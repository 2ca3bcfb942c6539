package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Atom;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

/** An enum's constants and their atoms, computed once per enum class. */
final class EnumShape {

    private static final int MOST_CONSTANTS_LISTED = 8;

    private static final ClassValue<EnumShape> SHAPES = new ClassValue<>() {
        @Override
        protected EnumShape computeValue(Class<?> type) {
            return new EnumShape(type);
        }
    };

    /** The atom of each constant, by ordinal. */
    final Atom[] atoms;

    /** What a decoding error says was expected. */
    final String expectation;

    private final Map<Atom, Object> constants;
    private final Map<String, Object> byName;

    private EnumShape(Class<?> type) {
        Object[] values = type.getEnumConstants();
        atoms = new Atom[values.length];
        constants = new HashMap<>(values.length * 4);
        StringJoiner listed = new StringJoiner(", ", "one of ", "");
        for (int i = 0; i < values.length; i++) {
            Enum<?> constant = (Enum<?>) values[i];
            atoms[i] = Atom.of(Names.constant(constant.name()));
            listed.add(Render.atom(atoms[i]));
        }
        for (int i = 0; i < values.length; i++) {
            constants.putIfAbsent(Atom.of(((Enum<?>) values[i]).name()), values[i]);
        }
        for (int i = 0; i < values.length; i++) {
            constants.putIfAbsent(atoms[i], values[i]);
        }
        byName = new HashMap<>(constants.size() * 2);
        constants.forEach((atom, constant) -> byName.put(atom.name(), constant));
        expectation = values.length <= MOST_CONSTANTS_LISTED
                ? listed.toString()
                : "an atom naming a constant of " + type.getName();
    }

    static EnumShape of(Class<?> enumType) {
        return SHAPES.get(enumType);
    }

    /** The constant a string names (lower-cased or exact), or null. */
    Object constant(String name) {
        return byName.get(name);
    }

    /** The constant an atom names (lower-cased or exact), or null. */
    Object constant(Atom atom) {
        return constants.get(atom);
    }
}

package dev.nodemesh.term;

/** Renders terms as text (placeholder until the full formatter lands). */
final class ElixirFormatter {

    private ElixirFormatter() {}

    static String format(Term term) {
        if (term instanceof Atom atom) {
            return ":" + atom.name();
        }
        return term.getClass().getSimpleName();
    }
}

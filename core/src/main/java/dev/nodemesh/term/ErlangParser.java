package dev.nodemesh.term;

/** Parses term literals (placeholder until the full parser lands). */
final class ErlangParser {

    private ErlangParser() {}

    static Term parse(String text) {
        throw new TermSyntaxException("parsing is not implemented yet", 0);
    }
}

package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermSyntax;

/** Short texts for error messages and paths. */
final class Render {

    private static final int LONGEST_VALUE = 200;
    private static final int LONGEST_KEY = 60;

    private Render() {}

    /** A term as iex shows it, cut short when long. */
    static String value(Term term) {
        String text = term instanceof Int ? term.toString() : TermSyntax.ELIXIR.format(term);
        return cut(text, LONGEST_VALUE);
    }

    /** A map key inside a path: {@code "bob"}, {@code :limit}, {@code 42}. */
    static String key(Term key) {
        if (key instanceof Binary binary && binary.isUtf8()) {
            return cut(quote(binary.utf8()), LONGEST_KEY);
        }
        if (key instanceof Atom atom) {
            return cut(atom(atom), LONGEST_KEY);
        }
        return cut(value(key), LONGEST_KEY);
    }

    /** An atom as iex shows it: {@code :count}, {@code :"odd key"}, {@code nil}, {@code MyApp.Greeting}. */
    static String atom(Atom atom) {
        String name = atom.name();
        if (name.equals("nil") || name.equals("true") || name.equals("false")) {
            return name;
        }
        if (name.startsWith("Elixir.") && isAlias(name.substring(7))) {
            return name.substring(7);
        }
        return isIdentifier(name) ? ":" + name : ":" + quote(name);
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static boolean isIdentifier(String name) {
        if (name.isEmpty()) {
            return false;
        }
        int end = name.length();
        char last = name.charAt(end - 1);
        if (last == '?' || last == '!') {
            end--;
        }
        char first = name.charAt(0);
        if (end == 0 || !(isAsciiLetter(first) || first == '_')) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = name.charAt(i);
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '@')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlias(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (String part : name.split("\\.", -1)) {
            if (part.isEmpty() || part.charAt(0) < 'A' || part.charAt(0) > 'Z') {
                return false;
            }
            for (int i = 1; i < part.length(); i++) {
                char c = part.charAt(i);
                if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_')) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String cut(String text, int longest) {
        return text.length() <= longest ? text : text.substring(0, longest - 3) + "...";
    }
}

package dev.nodemesh.term.mapping;

import java.util.Locale;

/** Java names to Elixir names. */
final class Names {

    private Names() {}

    /**
     * Converts a camelCase or PascalCase name to snake_case: {@code firstName} to {@code
     * first_name}, {@code HTTPRequest} to {@code http_request}, {@code userID} to {@code user_id}.
     */
    static String snake(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        int length = name.length();
        for (int i = 0; i < length; i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    char previous = name.charAt(i - 1);
                    boolean nextIsLower = i + 1 < length && Character.isLowerCase(name.charAt(i + 1));
                    if (Character.isLowerCase(previous)
                            || Character.isDigit(previous)
                            || (Character.isUpperCase(previous) && nextIsLower)) {
                        out.append('_');
                    }
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** An enum constant's atom name: the constant name in lower case. */
    static String constant(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}

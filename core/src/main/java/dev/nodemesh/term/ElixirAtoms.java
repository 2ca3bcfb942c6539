package dev.nodemesh.term;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * How iex 1.14 writes an atom in its three positions: as a literal ({@code :ok}, {@code Foo},
 * {@code :"with space"}), as a keyword key ({@code ok:}, {@code "with space":}) and as the
 * function of a remote capture ({@code &:m.ok/1}, {@code &:m."Foo"/1}).
 *
 * <p>ASCII names follow iex exactly. Non-ASCII names follow Unicode identifier rules as Elixir
 * applies them (UAX #31 start and continue sets, NFC, no mixed scripts except Latin with
 * Japanese, Chinese or Korean); Elixir's table of restricted characters (UTS #39 identifier
 * status) is approximated by "unchanged by NFKC and in a recommended script", so a rare letter
 * may be quoted where iex would not quote it, or the other way round.
 */
final class ElixirAtoms {

    /** How the Elixir tokenizer would read a name without quotes. */
    enum Kind {
        /** {@code Elixir} or {@code Elixir.Foo.Bar}: printed as the alias. */
        ALIAS,
        /** A name starting with a lowercase letter or underscore: {@code ok}, {@code foo?}. */
        IDENTIFIER,
        /** A name starting with an uppercase letter: {@code Foo}, {@code Übel}. */
        CAPITALIZED,
        /** An operator valid as an atom and as a remote call: {@code +}, {@code |>}. */
        OPERATOR,
        /** An operator valid as an atom but not as a remote call: {@code ..}, {@code %{}}. */
        NOT_CALLABLE,
        /** An operator valid as a remote call but quoted as an atom: {@code ::}, {@code ~~~}. */
        QUOTED_OPERATOR,
        /** Anything else: always quoted. */
        OTHER
    }

    private static final Set<String> OPERATORS = Set.of(
            "@", "+", "-", "!", "^", "*", "/", "**", "++", "--", "+++", "---", "<>", "|>", "<<<", ">>>", "<<~", "~>>",
            "<~", "~>", "<~>", "<", ">", "<=", ">=", "==", "!=", "=~", "===", "!==", "&&", "&&&", "||", "|||", "=", "|",
            "<-", "\\\\", "&");

    private static final Set<String> NOT_CALLABLE = Set.of(".", "..", "..//", "...", "%", "%{}", "{}", "<<>>", "->");

    private static final Set<String> QUOTED_OPERATORS = Set.of("::", "~~~", "<|>", "^^^");

    /** Every operator an atom literal may be written as without quotes, for the parser. */
    static final Set<String> LITERAL_OPERATORS = union(OPERATORS, NOT_CALLABLE);

    /** Every operator a remote call may name without quotes, for the parser. */
    static final Set<String> CALLABLE_OPERATORS = union(OPERATORS, QUOTED_OPERATORS);

    private static final Set<UnicodeScript> RECOMMENDED_SCRIPTS = EnumSet.of(
            UnicodeScript.COMMON,
            UnicodeScript.INHERITED,
            UnicodeScript.LATIN,
            UnicodeScript.GREEK,
            UnicodeScript.CYRILLIC,
            UnicodeScript.ARMENIAN,
            UnicodeScript.HEBREW,
            UnicodeScript.ARABIC,
            UnicodeScript.THAANA,
            UnicodeScript.DEVANAGARI,
            UnicodeScript.BENGALI,
            UnicodeScript.GURMUKHI,
            UnicodeScript.GUJARATI,
            UnicodeScript.ORIYA,
            UnicodeScript.TAMIL,
            UnicodeScript.TELUGU,
            UnicodeScript.KANNADA,
            UnicodeScript.MALAYALAM,
            UnicodeScript.SINHALA,
            UnicodeScript.THAI,
            UnicodeScript.LAO,
            UnicodeScript.TIBETAN,
            UnicodeScript.MYANMAR,
            UnicodeScript.GEORGIAN,
            UnicodeScript.HANGUL,
            UnicodeScript.ETHIOPIC,
            UnicodeScript.KHMER,
            UnicodeScript.MONGOLIAN,
            UnicodeScript.HIRAGANA,
            UnicodeScript.KATAKANA,
            UnicodeScript.BOPOMOFO,
            UnicodeScript.HAN);

    private static final Set<UnicodeScript> JAPANESE =
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA);
    private static final Set<UnicodeScript> CHINESE =
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO);
    private static final Set<UnicodeScript> KOREAN =
            EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL);

    private ElixirAtoms() {}

    private static Set<String> union(Set<String> a, Set<String> b) {
        HashSet<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** Writes the atom as iex prints it on its own: {@code :ok}, {@code true}, {@code Foo}. */
    static String literal(Atom atom) {
        String name = atom.name();
        switch (classify(name)) {
            case ALIAS:
                return aliasText(name);
            case IDENTIFIER:
                if (name.equals("true") || name.equals("false") || name.equals("nil")) {
                    return name;
                }
                return ":" + name;
            case CAPITALIZED:
            case OPERATOR:
            case NOT_CALLABLE:
                return ":" + name;
            default:
                return ":" + ElixirFormatter.quote(name, '"');
        }
    }

    /** Writes the atom as a keyword key, colon included: {@code ok:}, {@code "with space":}. */
    static String key(Atom atom) {
        String name = atom.name();
        switch (classify(name)) {
            case IDENTIFIER:
            case CAPITALIZED:
            case OPERATOR:
            case NOT_CALLABLE:
                return name + ":";
            default:
                return ElixirFormatter.quote(name, '"') + ":";
        }
    }

    /** Writes the atom as the function name of a remote call: {@code map}, {@code +}, {@code "Foo"}. */
    static String remoteCall(Atom atom) {
        String name = atom.name();
        switch (classify(name)) {
            case IDENTIFIER:
                return name.indexOf('@') < 0 ? name : ElixirFormatter.quote(name, '"');
            case OPERATOR:
            case QUOTED_OPERATOR:
                return name;
            default:
                return ElixirFormatter.quote(name, '"');
        }
    }

    /** Tells whether iex writes {@code {atom, value}} in keyword style: not for module aliases. */
    static boolean isKeywordKey(Term term) {
        return term instanceof Atom atom && !atom.name().startsWith("Elixir.");
    }

    private static String aliasText(String name) {
        if (name.equals("Elixir")) {
            return name;
        }
        String rest = name.substring("Elixir.".length());
        return rest.equals("Elixir") || rest.startsWith("Elixir.") ? name : rest;
    }

    static Kind classify(String name) {
        if (name.isEmpty()) {
            return Kind.OTHER;
        }
        if (OPERATORS.contains(name)) {
            return Kind.OPERATOR;
        }
        if (NOT_CALLABLE.contains(name)) {
            return Kind.NOT_CALLABLE;
        }
        if (QUOTED_OPERATORS.contains(name)) {
            return Kind.QUOTED_OPERATOR;
        }
        if (isAlias(name)) {
            return Kind.ALIAS;
        }
        return identifierKind(name);
    }

    private static boolean isAlias(String name) {
        if (name.equals("Elixir")) {
            return true;
        }
        if (!name.startsWith("Elixir.")) {
            return false;
        }
        return isAliasSegments(name, "Elixir.".length());
    }

    /** Tells whether {@code text} from {@code start} is {@code Segment(.Segment)*}, ASCII only. */
    static boolean isAliasSegments(String text, int start) {
        int i = start;
        while (true) {
            if (i >= text.length() || !isAsciiUpper(text.charAt(i))) {
                return false;
            }
            i++;
            while (i < text.length() && isAsciiAlnum(text.charAt(i))) {
                i++;
            }
            if (i == text.length()) {
                return true;
            }
            if (text.charAt(i) != '.') {
                return false;
            }
            i++;
        }
    }

    private static Kind identifierKind(String name) {
        int end = name.length();
        char last = name.charAt(end - 1);
        if (last == '?' || last == '!') {
            end--;
            if (end == 0) {
                return Kind.OTHER;
            }
        }
        int first = name.codePointAt(0);
        boolean ascii = true;
        for (int i = 0; i < end; ) {
            int cp = name.codePointAt(i);
            boolean ok = i == 0 ? isStart(cp) : isContinue(cp);
            if (!ok) {
                return Kind.OTHER;
            }
            ascii &= cp < 0x80;
            i += Character.charCount(cp);
        }
        if (!ascii && !isSecureUnicode(name.substring(0, end))) {
            return Kind.OTHER;
        }
        int type = Character.getType(first);
        boolean upper = type == Character.UPPERCASE_LETTER || type == Character.TITLECASE_LETTER;
        return upper ? Kind.CAPITALIZED : Kind.IDENTIFIER;
    }

    /** Tells whether a code point may start an unquoted atom (ID_Start plus {@code _}). */
    static boolean isStart(int cp) {
        if (cp < 0x80) {
            return isAsciiLetter(cp) || cp == '_';
        }
        return Character.isUnicodeIdentifierStart(cp);
    }

    /** Tells whether a code point may continue an unquoted atom (ID_Continue plus {@code @}). */
    static boolean isContinue(int cp) {
        if (cp < 0x80) {
            return isAsciiAlnum(cp) || cp == '@';
        }
        return Character.isUnicodeIdentifierPart(cp) && !Character.isIdentifierIgnorable(cp);
    }

    private static boolean isSecureUnicode(String name) {
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            return false;
        }
        EnumSet<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                scripts.add(isAsciiLetter(cp) ? UnicodeScript.LATIN : UnicodeScript.COMMON);
                continue;
            }
            String one = new String(Character.toChars(cp));
            if (!Normalizer.normalize(one, Normalizer.Form.NFKC).equals(one)) {
                return false;
            }
            UnicodeScript script = UnicodeScript.of(cp);
            if (!RECOMMENDED_SCRIPTS.contains(script)) {
                return false;
            }
            scripts.add(script);
        }
        scripts.remove(UnicodeScript.COMMON);
        scripts.remove(UnicodeScript.INHERITED);
        return scripts.size() <= 1
                || JAPANESE.containsAll(scripts)
                || CHINESE.containsAll(scripts)
                || KOREAN.containsAll(scripts);
    }

    static boolean isAsciiLetter(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isAsciiUpper(int c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isAsciiAlnum(int c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_';
    }
}

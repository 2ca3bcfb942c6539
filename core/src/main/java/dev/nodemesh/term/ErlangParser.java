package dev.nodemesh.term;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Parses one Erlang term literal. See {@link TermSyntax#ERLANG} for what is accepted. */
final class ErlangParser extends LiteralScanner {

    private ErlangParser(String text) {
        super(text);
    }

    static Term parse(String text) {
        return new ErlangParser(text).parseWhole();
    }

    @Override
    Term parseTerm() {
        int start = pos;
        int c = peek();
        switch (c) {
            case -1:
                throw error("a term");
            case '\'':
                return atom(quoted('\'').chars(), start);
            case '"':
                return charlist(strings().chars());
            case '$':
                pos++;
                return Int.of(charLiteral());
            case '[':
                return list();
            case '{':
                return tuple();
            case '#':
                return hashTerm(start);
            case '<':
                if (lookingAt("<<")) {
                    return binary();
                }
                pos++;
                return pid(start);
            case '-':
                pos++;
                skipWhitespace();
                return number(true, start);
            default:
                break;
        }
        if (isDigit(c)) {
            return number(false, start);
        }
        if (ErlangFormatter.isLowerStart(c)) {
            String name = name();
            if (name.equals("fun") && isWhitespace(peek())) {
                return fun();
            }
            if (ErlangFormatter.RESERVED_WORDS.contains(name)) {
                throw new TermSyntaxException(
                        "expected a term, found the reserved word '" + name + "' (quote it to make an atom: '" + name
                                + "')",
                        start);
            }
            return atom(name, start);
        }
        if (c == '_' || Character.isLetter(c)) {
            String name = name();
            throw new TermSyntaxException(
                    "expected a term, found the variable '" + name + "' (quote it to make an atom: '" + name + "')",
                    start);
        }
        throw error("a term");
    }

    /** Reads an unquoted atom: Latin-1 letters, digits, {@code _} and {@code @}. */
    private String name() {
        int start = pos;
        next();
        while (!atEnd() && (ErlangFormatter.isNameChar(peek()) || peek() == '@')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    // ---- numbers ----

    private Term number(boolean negative, int start) {
        int c = peek();
        if (c == '$') {
            pos++;
            int value = charLiteral();
            return Int.of(negative ? -value : value);
        }
        if (!isDigit(c)) {
            throw error(negative ? "a number after '-'" : "a number");
        }
        String whole = digits(10, "digits");
        if (peek() == '#') {
            int radix = new BigInteger(whole).min(BigInteger.valueOf(99)).intValue();
            if (radix < 2 || radix > 36) {
                throw new TermSyntaxException("radix " + whole + " is outside 2..36", start);
            }
            pos++;
            return integer(digits(radix, "base-" + radix + " digits after '#'"), radix, negative);
        }
        if (peek() == '.' && isDigit(peekChar(1))) {
            return fraction(whole, negative, start);
        }
        return integer(whole, 10, negative);
    }

    /** Reads the character after {@code $}: {@code $a}, {@code $\n}, {@code $\x{1F600}}. */
    private int charLiteral() {
        if (atEnd()) {
            throw error("a character after '$'");
        }
        int c = next();
        if (c != '\\') {
            return c;
        }
        Text one = new Text();
        escape(one);
        return one.chars().codePointAt(0);
    }

    // ---- quoted text ----

    /** Reads one or more adjacent strings, as Erlang joins {@code "ab" "cd"}. */
    private Text strings() {
        Text all = quoted('"');
        while (true) {
            int save = pos;
            skipWhitespace();
            if (peek() != '"') {
                pos = save;
                return all;
            }
            String more = quoted('"').chars();
            more.codePoints().forEach(all::codePoint);
        }
    }

    private Text quoted(int quote) {
        int start = pos;
        pos++;
        Text out = new Text();
        while (true) {
            if (atEnd()) {
                throw error("a closing " + (char) quote + " for the text opened at position " + start);
            }
            int c = next();
            if (c == quote) {
                return out;
            }
            if (c == '\\') {
                escape(out);
            } else {
                out.codePoint(c);
            }
        }
    }

    private void escape(Text out) {
        int at = pos - 1;
        if (atEnd()) {
            throw error("an escaped character after '\\'");
        }
        int e = next();
        switch (e) {
            case 'b' -> out.codePoint(8);
            case 'd' -> out.codePoint(127);
            case 'e' -> out.codePoint(27);
            case 'f' -> out.codePoint(12);
            case 'n' -> out.codePoint(10);
            case 'r' -> out.codePoint(13);
            case 's' -> out.codePoint(32);
            case 't' -> out.codePoint(9);
            case 'v' -> out.codePoint(11);
            case 'x' -> {
                if (tryConsume("{")) {
                    int cp = bracedCodePoint(at);
                    if (cp >= 0xd800 && cp <= 0xdfff) {
                        throw new TermSyntaxException(String.format("U+%04X is a surrogate, not a character", cp), at);
                    }
                    out.codePoint(cp);
                } else {
                    int start = pos;
                    String hex = digitsNoUnderscore(16, "two hex digits after \\x", 2);
                    if (hex.length() != 2) {
                        throw errorAt("two hex digits after \\x", start + 1);
                    }
                    out.codePoint(Integer.parseInt(hex, 16));
                }
            }
            case '^' -> {
                if (atEnd()) {
                    throw error("a control character after \\^");
                }
                out.codePoint(next() & 31);
            }
            default -> {
                if (e >= '0' && e <= '7') {
                    pos--;
                    out.codePoint(Integer.parseInt(digitsNoUnderscore(8, "octal digits", 3), 8));
                } else {
                    out.codePoint(e);
                }
            }
        }
    }

    // ---- collections ----

    private Term list() {
        enter();
        pos++;
        skipWhitespace();
        if (tryConsume("]")) {
            leave();
            return TermList.EMPTY;
        }
        List<Term> elements = new ArrayList<>();
        while (true) {
            skipWhitespace();
            elements.add(parseTerm());
            skipWhitespace();
            if (tryConsume(",")) {
                continue;
            }
            if (tryConsume("|")) {
                skipWhitespace();
                Term tail = parseTerm();
                skipWhitespace();
                expect("]", "after the tail of the list");
                leave();
                return TermList.improper(elements, tail);
            }
            if (tryConsume("]")) {
                leave();
                return TermList.of(elements);
            }
            throw error("',', '|' or ']' after a list element");
        }
    }

    private Term tuple() {
        enter();
        pos++;
        skipWhitespace();
        if (tryConsume("}")) {
            leave();
            return Tuple.of();
        }
        List<Term> elements = new ArrayList<>();
        while (true) {
            skipWhitespace();
            elements.add(parseTerm());
            skipWhitespace();
            if (tryConsume(",")) {
                continue;
            }
            if (tryConsume("}")) {
                leave();
                return Tuple.of(elements);
            }
            throw error("',' or '}' after a tuple element");
        }
    }

    private Term map() {
        enter();
        pos += 2;
        skipWhitespace();
        TermMap.Builder map = TermMap.builder();
        if (tryConsume("}")) {
            leave();
            return map.build();
        }
        while (true) {
            skipWhitespace();
            Term key = parseTerm();
            skipWhitespace();
            expect("=>", "after a map key");
            skipWhitespace();
            map.put(key, parseTerm());
            skipWhitespace();
            if (tryConsume(",")) {
                continue;
            }
            if (tryConsume("}")) {
                leave();
                return map.build();
            }
            throw error("',' or '}' after a map entry");
        }
    }

    // ---- binaries ----

    @Override
    void segment(BitsBuilder bits) {
        int start = pos;
        String string = null;
        BigInteger value = null;
        int c = peek();
        if (c == '"') {
            string = strings().chars();
        } else if (c == '-' || c == '$' || isDigit(c)) {
            Term n = parseTerm();
            if (!(n instanceof Int i)) {
                throw new TermSyntaxException("binary segments must be integers or strings, found a float", start);
            }
            value = i.bigValue();
        } else {
            throw error("an integer or a string in a binary");
        }
        SegmentSpec spec = new SegmentSpec();
        if (tryConsume(":")) {
            spec.size = segmentSize(pos);
        }
        if (tryConsume("/")) {
            while (true) {
                int at = pos;
                if (!segmentType(asciiWord(), spec)) {
                    throw errorAt("a segment type (integer, binary, utf8, big, little)", at);
                }
                if (!tryConsume("-")) {
                    break;
                }
            }
        }
        byte[] encoded = null;
        if (string != null) {
            encoded = spec.utf8 ? string.getBytes(StandardCharsets.UTF_8) : latin1(string, start);
            spec.utf8 = false;
        }
        appendSegment(bits, value, encoded, spec, start);
    }

    private static byte[] latin1(String string, int start) {
        byte[] bytes = new byte[string.length()];
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            if (c > 0xff) {
                throw new TermSyntaxException(
                        String.format(
                                "character U+%04X does not fit a byte: write the string with /utf8, as in <<\"...\"/utf8>>",
                                (int) c),
                        start);
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    // ---- funs, pids, references, ports ----

    /** Reads {@code M:F/A} after {@code fun}. */
    private Term fun() {
        skipWhitespace();
        Atom module = funAtom("a module after 'fun'");
        expect(":", "between the module and the function of a fun");
        Atom function = funAtom("a function name after ':'");
        expect("/", "between the function and the arity of a fun");
        int at = pos;
        BigInteger arity = new BigInteger(digits(10, "an arity"));
        if (arity.compareTo(BigInteger.valueOf(255)) > 0) {
            throw new TermSyntaxException("arity " + arity + " is above 255", at);
        }
        return new ExternalFun(module, function, arity.intValue());
    }

    /** An atom in {@code fun M:F/A}, where the runtime leaves reserved words unquoted. */
    private Atom funAtom(String expected) {
        int start = pos;
        int c = peek();
        if (c == '\'') {
            return atom(quoted('\'').chars(), start);
        }
        if (c >= 0 && ErlangFormatter.isLowerStart(c)) {
            return atom(name(), start);
        }
        throw error(expected);
    }

    private Term hashTerm(int start) {
        if (lookingAt("#{")) {
            return map();
        }
        if (tryConsume("#Ref<")) {
            return ref(start);
        }
        if (tryConsume("#Port<")) {
            return port(start);
        }
        if (lookingAt("#Fun<")) {
            throw new TermSyntaxException(
                    "a local fun (#Fun<...>) cannot be parsed: it only exists on the node that made it", start);
        }
        throw error("a term ('#' starts only #{...}, #Ref<...> and #Port<...>)");
    }
}

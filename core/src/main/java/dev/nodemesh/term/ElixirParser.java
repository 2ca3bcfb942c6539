package dev.nodemesh.term;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Parses one Elixir term literal. See {@link TermSyntax#ELIXIR} for what is accepted. */
final class ElixirParser extends LiteralScanner {

    private static final Atom STRUCT = Atom.of("__struct__");

    private ElixirParser(String text) {
        super(text);
    }

    static Term parse(String text) {
        return new ElixirParser(text).parseWhole();
    }

    @Override
    Term parseTerm() {
        int start = pos;
        int c = peek();
        switch (c) {
            case -1:
                throw error("a term");
            case ':':
                pos++;
                return atomAfterColon(start);
            case '"':
                return Binary.wrap(quoted('"', true).utf8());
            case '\'':
                return charlist(quoted('\'', false).chars());
            case '~':
                return sigil();
            case '?':
                pos++;
                return Int.of(charLiteral());
            case '[':
                return list();
            case '{':
                return tuple();
            case '%':
                return map();
            case '<':
                if (lookingAt("<<")) {
                    return binary();
                }
                throw error("a term");
            case '&':
                return capture();
            case '#':
                return hashTerm(start);
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
        if (ElixirAtoms.isAsciiUpper(c)) {
            return alias();
        }
        if (ElixirAtoms.isStart(c) || Character.isLetter(c)) {
            String name = identifier();
            switch (name) {
                case "true":
                    return Atom.TRUE;
                case "false":
                    return Atom.FALSE;
                case "nil":
                    return Atom.NIL;
                default:
                    throw new TermSyntaxException(
                            "expected a term, found the identifier '" + name + "' (an atom needs a colon: :" + name
                                    + ")",
                            start);
            }
        }
        throw error("a term");
    }

    // ---- atoms ----

    private Atom atomAfterColon(int start) {
        int c = peek();
        if (c == '"' || c == '\'') {
            return atom(quoted(c, false).chars(), start);
        }
        if (isIdentifierStart(c)) {
            return atom(identifier(), start);
        }
        String op = matchOperator(ElixirAtoms.LITERAL_OPERATORS, next -> true);
        if (op == null) {
            throw error("an atom name or a quote after ':'");
        }
        pos += op.length();
        return Atom.of(op);
    }

    private static boolean isIdentifierStart(int c) {
        return c >= 0 && (ElixirAtoms.isStart(c) || Character.isLetter(c));
    }

    /** Reads a name of identifier characters, {@code @}, and an optional final {@code ?} or {@code !}. */
    private String identifier() {
        int start = pos;
        next();
        while (!atEnd() && ElixirAtoms.isContinue(peek())) {
            next();
        }
        if (peek() == '?' || peek() == '!') {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** Reads {@code Foo.Bar} and returns the atom {@code Elixir.Foo.Bar}. */
    private Atom alias() {
        int start = pos;
        aliasSegment();
        while (peek() == '.' && ElixirAtoms.isAsciiUpper(peekChar(1))) {
            pos++;
            aliasSegment();
        }
        String name = text.substring(start, pos);
        if (!atEnd() && (ElixirAtoms.isContinue(peek()) || peek() == '?' || peek() == '!')) {
            throw error("an alias of ASCII letters, digits and '_' (quote other atoms, as in :\"" + name + "...\")");
        }
        boolean qualified = name.equals("Elixir") || name.startsWith("Elixir.");
        return atom(qualified ? name : "Elixir." + name, start);
    }

    private void aliasSegment() {
        pos++;
        while (!atEnd() && ElixirAtoms.isAsciiAlnum(peek())) {
            pos++;
        }
    }

    /**
     * Reads a keyword key ({@code name:}, {@code "quoted":}, {@code +:}) followed by white space,
     * or leaves the cursor where it was and returns null.
     */
    private Atom keywordKey() {
        int start = pos;
        int c = peek();
        String name = null;
        if (c == '"' || c == '\'') {
            try {
                name = quoted(c, false).chars();
            } catch (TermSyntaxException notAKey) {
                pos = start;
                return null;
            }
        } else if (isIdentifierStart(c)) {
            name = identifier();
        } else if (c >= 0) {
            name = matchOperator(ElixirAtoms.LITERAL_OPERATORS, next -> next == ':');
            if (name != null) {
                pos += name.length();
            }
        }
        if (name != null && peek() == ':' && isWhitespace(peekChar(1))) {
            pos++;
            return atom(name, start);
        }
        pos = start;
        return null;
    }

    // ---- numbers ----

    private Term number(boolean negative, int start) {
        int c = peek();
        if (c == '?') {
            pos++;
            int value = charLiteral();
            return Int.of(negative ? -value : value);
        }
        if (!isDigit(c)) {
            throw error(negative ? "a number after '-'" : "a number");
        }
        if (c == '0') {
            int radixChar = peekChar(1);
            int radix = radixChar == 'x' ? 16 : radixChar == 'b' ? 2 : radixChar == 'o' ? 8 : 0;
            if (radix != 0) {
                pos += 2;
                String what = radix == 16
                        ? "hex digits after 0x"
                        : radix == 2 ? "binary digits after 0b" : "octal digits after 0o";
                return integer(digits(radix, what), radix, negative);
            }
        }
        String whole = digits(10, "digits");
        if (peek() == '.' && isDigit(peekChar(1))) {
            return fraction(whole, negative, start);
        }
        return integer(whole, 10, negative);
    }

    /** Reads the character after {@code ?}: {@code ?a}, {@code ?\n}, {@code ?\s}. */
    private int charLiteral() {
        if (atEnd()) {
            throw error("a character after '?'");
        }
        int c = next();
        if (c != '\\') {
            return c;
        }
        if (atEnd()) {
            throw error("a character after '?\\'");
        }
        int e = next();
        int named = namedEscape(e);
        return named >= 0 ? named : e;
    }

    private static int namedEscape(int e) {
        return switch (e) {
            case '0' -> 0;
            case 'a' -> 7;
            case 'b' -> 8;
            case 't' -> 9;
            case 'n' -> 10;
            case 'v' -> 11;
            case 'f' -> 12;
            case 'r' -> 13;
            case 'e' -> 27;
            case 's' -> 32;
            case 'd' -> 127;
            default -> -1;
        };
    }

    // ---- quoted text ----

    /**
     * Reads text between {@code open} (at the cursor) and {@code close} with Elixir's escapes.
     * {@code \xHH} is a byte in a string ({@code bytes}) and a code point elsewhere.
     */
    private Text quoted(int open, boolean bytes) {
        return quoted(open, open, bytes);
    }

    private Text quoted(int open, int close, boolean bytes) {
        int start = pos;
        pos += Character.charCount(open);
        Text out = new Text();
        while (true) {
            if (atEnd()) {
                throw error("a closing " + new String(Character.toChars(close)) + " for the text opened at position "
                        + start);
            }
            int c = next();
            if (c == close) {
                return out;
            }
            if (c == '#' && peek() == '{') {
                throw new TermSyntaxException(
                        "interpolation '#{' is not supported in a term literal (escape it as \\#{)", pos - 1);
            }
            if (c != '\\') {
                out.codePoint(c);
                continue;
            }
            escape(out, bytes);
        }
    }

    private void escape(Text out, boolean bytes) {
        int at = pos - 1;
        if (atEnd()) {
            throw error("an escaped character after '\\'");
        }
        int e = next();
        int named = namedEscape(e);
        if (named >= 0) {
            out.codePoint(named);
            return;
        }
        switch (e) {
            case 'x' -> {
                if (tryConsume("{")) {
                    out.codePoint(bracedCodePoint(at));
                } else {
                    int value = Integer.parseInt(digitsNoUnderscore(16, "hex digits after \\x", 2), 16);
                    if (bytes) {
                        out.rawByte(value);
                    } else {
                        out.codePoint(value);
                    }
                }
            }
            case 'u' -> {
                int cp = tryConsume("{") ? bracedCodePoint(at) : Integer.parseInt(fourHexDigits(), 16);
                if (cp >= 0xd800 && cp <= 0xdfff) {
                    throw new TermSyntaxException(String.format("U+%04X is a surrogate, not a character", cp), at);
                }
                out.codePoint(cp);
            }
            case '\n' -> {
                // line continuation
            }
            case '\r' -> tryConsume("\n");
            default -> out.codePoint(e);
        }
    }

    private String fourHexDigits() {
        int start = pos;
        String hex = digitsNoUnderscore(16, "four hex digits after \\u", 4);
        if (hex.length() != 4) {
            throw errorAt("four hex digits after \\u", start + hex.length());
        }
        return hex;
    }

    /** Reads {@code ~c"..."} (a charlist) or {@code ~s"..."} (a string), with any sigil delimiter. */
    private Term sigil() {
        int start = pos;
        pos++;
        int kind = peek();
        if (kind != 'c' && kind != 's') {
            throw errorAt("~c or ~s (the only sigils a term literal may use)", start);
        }
        pos++;
        int open = peek();
        int close =
                switch (open) {
                    case '"', '\'', '/', '|' -> open;
                    case '(' -> ')';
                    case '[' -> ']';
                    case '{' -> '}';
                    case '<' -> '>';
                    default -> throw error("a sigil delimiter (\" ' ( [ { < / |)");
                };
        Text content = quoted(open, close, kind == 's');
        return kind == 'c' ? charlist(content.chars()) : Binary.wrap(content.utf8());
    }

    // ---- collections ----

    private Term list() {
        enter();
        pos++;
        skipWhitespace();
        List<Term> elements = new ArrayList<>();
        if (tryConsume("]")) {
            leave();
            return TermList.EMPTY;
        }
        boolean keywords = false;
        while (true) {
            skipWhitespace();
            Atom key = keywordKey();
            if (key != null) {
                keywords = true;
                skipWhitespace();
                elements.add(Tuple.of(key, parseTerm()));
            } else if (keywords) {
                throw error("a keyword entry (key: value): keyword entries must come last in a list");
            } else {
                elements.add(parseTerm());
            }
            skipWhitespace();
            if (tryConsume(",")) {
                skipWhitespace();
                if (tryConsume("]")) {
                    break;
                }
                continue;
            }
            if (!keywords && lookingAt("|")) {
                pos++;
                skipWhitespace();
                Term tail = parseTerm();
                skipWhitespace();
                expect("]", "after the tail of the list");
                leave();
                return TermList.improper(elements, tail);
            }
            if (tryConsume("]")) {
                break;
            }
            throw error(keywords ? "',' or ']' after a keyword entry" : "',', '|' or ']' after a list element");
        }
        leave();
        return TermList.of(elements);
    }

    private Term tuple() {
        enter();
        pos++;
        skipWhitespace();
        List<Term> elements = new ArrayList<>();
        if (tryConsume("}")) {
            leave();
            return Tuple.of();
        }
        List<Term> keywords = null;
        while (true) {
            skipWhitespace();
            Atom key = keywordKey();
            if (key != null) {
                if (keywords == null) {
                    keywords = new ArrayList<>();
                }
                skipWhitespace();
                keywords.add(Tuple.of(key, parseTerm()));
            } else if (keywords != null) {
                throw error("a keyword entry (key: value): keyword entries must come last in a tuple");
            } else {
                elements.add(parseTerm());
            }
            skipWhitespace();
            if (tryConsume(",")) {
                skipWhitespace();
                if (tryConsume("}")) {
                    break;
                }
                continue;
            }
            if (tryConsume("}")) {
                break;
            }
            throw error("',' or '}' after a tuple element");
        }
        if (keywords != null) {
            elements.add(TermList.of(keywords));
        }
        leave();
        return Tuple.of(elements);
    }

    private Term map() {
        pos++;
        Atom struct = null;
        if (ElixirAtoms.isAsciiUpper(peek())) {
            struct = alias();
        }
        if (peek() != '{') {
            throw errorAt(struct == null ? "'{' after '%'" : "'{' after the struct name", pos);
        }
        enter();
        pos++;
        TermMap.Builder map = TermMap.builder();
        if (struct != null) {
            map.put(STRUCT, struct);
        }
        skipWhitespace();
        if (tryConsume("}")) {
            leave();
            return map.build();
        }
        boolean keywords = false;
        while (true) {
            skipWhitespace();
            Atom key = keywordKey();
            if (key != null) {
                keywords = true;
                skipWhitespace();
                map.put(key, parseTerm());
            } else if (keywords) {
                throw error("a keyword entry (key: value): keyword entries must come last in a map");
            } else {
                Term k = parseTerm();
                skipWhitespace();
                expect("=>", "after a map key");
                skipWhitespace();
                map.put(k, parseTerm());
            }
            skipWhitespace();
            if (tryConsume(",")) {
                skipWhitespace();
                if (tryConsume("}")) {
                    break;
                }
                continue;
            }
            if (tryConsume("}")) {
                break;
            }
            throw error("',' or '}' after a map entry");
        }
        leave();
        return map.build();
    }

    // ---- binaries ----

    @Override
    void segment(BitsBuilder bits) {
        int start = pos;
        byte[] string = null;
        BigInteger value = null;
        int c = peek();
        if (c == '"') {
            string = quoted('"', true).utf8();
        } else if (c == '-' || c == '?' || isDigit(c)) {
            Term n = parseTerm();
            if (!(n instanceof Int i)) {
                throw new TermSyntaxException("binary segments must be integers or strings, found a float", start);
            }
            value = i.bigValue();
        } else {
            throw error("an integer or a string in a binary");
        }
        SegmentSpec spec = new SegmentSpec();
        skipWhitespace();
        if (tryConsume("::")) {
            skipWhitespace();
            segmentSpec(spec);
        }
        appendSegment(bits, value, string, spec, start);
    }

    private void segmentSpec(SegmentSpec spec) {
        while (true) {
            int at = pos;
            if (isDigit(peek())) {
                spec.size = segmentSize(at);
            } else {
                String word = asciiWord();
                if (word.equals("size")) {
                    expect("(", "after size");
                    skipWhitespace();
                    spec.size = segmentSize(pos);
                    skipWhitespace();
                    expect(")", "after the size");
                } else if (!segmentType(word, spec)) {
                    throw errorAt("a segment type (size(N), N, integer, binary, utf8, big, little)", at);
                }
            }
            if (!tryConsume("-")) {
                return;
            }
        }
    }

    // ---- captures, pids, references, ports ----

    /** Reads {@code &Module.function/arity}. */
    private Term capture() {
        int start = pos;
        pos++;
        Atom module;
        int c = peek();
        if (c == ':') {
            pos++;
            int q = peek();
            if (q == '"' || q == '\'') {
                module = atom(quoted(q, false).chars(), start);
            } else if (isIdentifierStart(q)) {
                module = atom(identifier(), start);
            } else {
                String op = matchOperator(ElixirAtoms.LITERAL_OPERATORS, next -> next == '.');
                if (op == null) {
                    throw error("a module atom after '&:'");
                }
                pos += op.length();
                module = Atom.of(op);
            }
        } else if (ElixirAtoms.isAsciiUpper(c)) {
            module = alias();
        } else if (isIdentifierStart(c)) {
            String name = identifier();
            if (!name.equals("true") && !name.equals("false") && !name.equals("nil")) {
                throw new TermSyntaxException(
                        "expected a module after '&', found the identifier '" + name + "'", start);
            }
            module = Atom.of(name);
        } else {
            throw error("a module after '&' (as in &Enum.map/2 or &:lists.map/2)");
        }
        expect(".", "between the module and the function of a capture");
        Atom function;
        int f = peek();
        if (f == '"' || f == '\'') {
            function = atom(quoted(f, false).chars(), pos);
        } else if (isIdentifierStart(f)) {
            function = atom(identifier(), pos);
        } else {
            String op = matchOperator(ElixirAtoms.CALLABLE_OPERATORS, next -> next == '/');
            if (op == null) {
                throw error("a function name after '.'");
            }
            pos += op.length();
            function = Atom.of(op);
        }
        expect("/", "between the function and the arity of a capture");
        return new ExternalFun(module, function, arity());
    }

    private int arity() {
        int at = pos;
        BigInteger arity = new BigInteger(digits(10, "an arity"));
        if (arity.compareTo(BigInteger.valueOf(255)) > 0) {
            throw new TermSyntaxException("arity " + arity + " is above 255", at);
        }
        return arity.intValue();
    }

    private Term hashTerm(int start) {
        if (tryConsume("#PID<")) {
            return pid(start);
        }
        if (tryConsume("#Reference<")) {
            return ref(start);
        }
        if (tryConsume("#Port<")) {
            return port(start);
        }
        if (lookingAt("#Function<")) {
            throw new TermSyntaxException(
                    "a local fun (#Function<...>) cannot be parsed: it only exists on the node that made it", start);
        }
        throw error("a term ('#' starts only #PID<...>, #Reference<...> and #Port<...>)");
    }
}

package dev.nodemesh.term;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The cursor both literal parsers share: position, white space, error messages, numbers and the
 * shell notations for pids, references and ports. Positions are {@code char} indexes into the
 * text.
 */
abstract class LiteralScanner {

    /** How deeply lists, tuples, maps and binaries may nest before parsing gives up. */
    static final int MAX_DEPTH = 1_000;

    /** The node of pids, references and ports parsed from text: the shells print no node name. */
    static final Atom LOCAL_NODE = Atom.of("nonode@nohost");

    private static final BigInteger MAX_U32 = BigInteger.valueOf(0xffff_ffffL);
    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    final String text;
    int pos;
    private int depth;

    LiteralScanner(String text) {
        this.text = text;
    }

    /** Parses the whole text as one term. */
    final Term parseWhole() {
        skipWhitespace();
        Term term = parseTerm();
        skipWhitespace();
        if (pos < text.length()) {
            throw error("end of input after the term");
        }
        return term;
    }

    abstract Term parseTerm();

    // ---- cursor ----

    final boolean atEnd() {
        return pos >= text.length();
    }

    /** The code point at the cursor, or -1 at the end. */
    final int peek() {
        return pos < text.length() ? text.codePointAt(pos) : -1;
    }

    /** The {@code char} {@code ahead} places after the cursor, or -1 past the end. */
    final int peekChar(int ahead) {
        int at = pos + ahead;
        return at < text.length() ? text.charAt(at) : -1;
    }

    final boolean lookingAt(String token) {
        return text.startsWith(token, pos);
    }

    final boolean tryConsume(String token) {
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    final int next() {
        int c = text.codePointAt(pos);
        pos += Character.charCount(c);
        return c;
    }

    final void expect(String token, String context) {
        if (!tryConsume(token)) {
            throw error("'" + token + "' " + context);
        }
    }

    static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    final void skipWhitespace() {
        while (pos < text.length() && isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    final void enter() {
        if (++depth > MAX_DEPTH) {
            throw new TermSyntaxException("terms nested deeper than " + MAX_DEPTH + " levels are not supported", pos);
        }
    }

    final void leave() {
        depth--;
    }

    /**
     * Returns the longest of {@code operators} at the cursor that {@code follower} accepts the
     * character after, without consuming it; null when none matches.
     */
    final String matchOperator(Set<String> operators, IntPredicate follower) {
        String best = null;
        for (String op : operators) {
            if (text.startsWith(op, pos) && (best == null || op.length() > best.length())) {
                int after = pos + op.length();
                if (follower.test(after < text.length() ? text.charAt(after) : -1)) {
                    best = op;
                }
            }
        }
        return best;
    }

    /**
     * Reads a binary literal {@code <<seg, seg, ...>>} whose opening {@code <<} is at the current
     * position; each segment is read by the syntax's {@link #segment}.
     */
    final Term binary() {
        enter();
        pos += 2;
        BitsBuilder bits = new BitsBuilder();
        skipWhitespace();
        if (!tryConsume(">>")) {
            while (true) {
                skipWhitespace();
                segment(bits);
                skipWhitespace();
                if (tryConsume(">>")) {
                    break;
                }
                if (!tryConsume(",")) {
                    throw error("',' or '>>' after a binary segment");
                }
            }
        }
        leave();
        return bits.build();
    }

    /** Reads one binary segment in this syntax into {@code bits}. */
    abstract void segment(BitsBuilder bits);

    final TermSyntaxException error(String expected) {
        return errorAt(expected, pos);
    }

    final TermSyntaxException errorAt(String expected, int position) {
        return new TermSyntaxException("expected " + expected + ", found " + describe(position), position);
    }

    final String describe(int position) {
        if (position >= text.length()) {
            return "end of input";
        }
        int c = text.codePointAt(position);
        if (c == '\n') {
            return "a line break";
        }
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || Character.isWhitespace(c)) {
            return String.format("U+%04X", c);
        }
        return c == '\'' ? "\"'\"" : "'" + new String(Character.toChars(c)) + "'";
    }

    // ---- numbers ----

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static int digitValue(int c, int radix) {
        int value;
        if (c >= '0' && c <= '9') {
            value = c - '0';
        } else if (c >= 'a' && c <= 'z') {
            value = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'Z') {
            value = c - 'A' + 10;
        } else {
            return -1;
        }
        return value < radix ? value : -1;
    }

    /**
     * Reads digits of {@code radix}, allowing a single {@code _} between two digits; returns them
     * without the underscores.
     */
    final String digits(int radix, String what) {
        int start = pos;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            int c = text.charAt(pos);
            if (digitValue(c, radix) >= 0) {
                out.append((char) c);
                pos++;
            } else if (c == '_' && out.length() > 0 && digitValue(peekChar(1), radix) >= 0) {
                pos++;
            } else {
                break;
            }
        }
        if (out.length() == 0) {
            throw errorAt(what, start);
        }
        return out.toString();
    }

    /**
     * Reads the fraction and exponent of a float after its integer digits, the cursor on the
     * {@code .}; returns the float.
     */
    final Float64 fraction(String integerDigits, boolean negative, int start) {
        pos++; // '.'
        String fraction = digits(10, "digits after the decimal point");
        String exponent = "";
        int c = peek();
        if (c == 'e' || c == 'E') {
            int sign = peekChar(1);
            int firstDigit = sign == '+' || sign == '-' ? peekChar(2) : sign;
            if (isDigit(firstDigit)) {
                pos++;
                String signText = "";
                if (sign == '+' || sign == '-') {
                    signText = sign == '-' ? "-" : "";
                    pos++;
                }
                exponent = "e" + signText + digits(10, "exponent digits");
            }
        }
        double value = Double.parseDouble(integerDigits + "." + fraction + exponent);
        if (Double.isInfinite(value)) {
            throw new TermSyntaxException("float literal out of range (Erlang floats are finite)", start);
        }
        return Float64.of(negative ? -value : value);
    }

    static Int integer(String digits, int radix, boolean negative) {
        BigInteger value = new BigInteger(digits, radix);
        return Int.of(negative ? value.negate() : value);
    }

    // ---- pids, references, ports ----

    /** Reads {@code N.N...N>} after the opening {@code <}; the first number is the node index. */
    final List<BigInteger> dottedNumbers(String what, int min, int max) {
        List<BigInteger> numbers = new ArrayList<>();
        while (true) {
            numbers.add(new BigInteger(digits(10, "a number in " + what)));
            if (tryConsume(".")) {
                if (numbers.size() == max) {
                    throw error("'>' after the " + max + " numbers of " + what);
                }
                continue;
            }
            if (numbers.size() < min) {
                throw error("'.' and " + (min - numbers.size()) + " more number(s) in " + what);
            }
            expect(">", "at the end of " + what);
            return numbers;
        }
    }

    private void requireLocal(List<BigInteger> numbers, String what, int start) {
        if (numbers.get(0).signum() != 0) {
            throw new TermSyntaxException(
                    what + " of node " + numbers.get(0)
                            + " cannot be parsed: the shell's node index names no node; only node 0 (local) is accepted",
                    start);
        }
    }

    private int u32(BigInteger value, String what, int start) {
        if (value.compareTo(MAX_U32) > 0) {
            throw new TermSyntaxException(what + " number " + value + " does not fit 32 bits", start);
        }
        return value.intValue();
    }

    final Pid pid(int start) {
        List<BigInteger> n = dottedNumbers("a pid", 3, 3);
        requireLocal(n, "a pid", start);
        return new Pid(LOCAL_NODE, u32(n.get(1), "pid", start), u32(n.get(2), "pid", start), 0);
    }

    /**
     * Reads a reference's words; fewer than three are padded with zeros at the top, as the
     * formatters print them (and as the BEAM does), so that text parses to the term its
     * formatting parses to.
     */
    final Ref ref(int start) {
        List<BigInteger> n = dottedNumbers("a reference", 2, Ref.MAX_IDS + 1);
        requireLocal(n, "a reference", start);
        int[] ids = new int[Math.max(3, n.size() - 1)];
        for (int i = 0; i < n.size() - 1; i++) {
            ids[i] = u32(n.get(n.size() - 1 - i), "reference", start);
        }
        return Ref.of(LOCAL_NODE, 0, ids);
    }

    final Port port(int start) {
        List<BigInteger> n = dottedNumbers("a port", 2, 2);
        requireLocal(n, "a port", start);
        if (n.get(1).compareTo(MAX_U64) > 0) {
            throw new TermSyntaxException("port number " + n.get(1) + " does not fit 64 bits", start);
        }
        return new Port(LOCAL_NODE, n.get(1).longValue(), 0);
    }

    // ---- binary segments ----

    /** The parts of a segment's type that the parsers understand. */
    static final class SegmentSpec {
        int size = -1;
        boolean little;
        boolean utf8;
        boolean binary;
        boolean integer;
    }

    /** Appends an integer ({@code value}) or a string ({@code string}, already encoded) segment. */
    final void appendSegment(BitsBuilder bits, BigInteger value, byte[] string, SegmentSpec spec, int start) {
        if (string != null) {
            if (spec.size >= 0 || spec.integer) {
                throw new TermSyntaxException("a string segment takes no size or integer type", start);
            }
            bits.appendBytes(string);
        } else if (spec.utf8) {
            if (value.signum() < 0 || value.compareTo(BigInteger.valueOf(Character.MAX_CODE_POINT)) > 0) {
                throw new TermSyntaxException("a utf8 segment needs a code point, found " + value, start);
            }
            bits.appendUtf8(value.intValue());
        } else if (spec.binary) {
            throw new TermSyntaxException("an integer segment cannot have a binary type", start);
        } else {
            int size = spec.size >= 0 ? spec.size : 8;
            if (spec.little && size % 8 != 0) {
                throw new TermSyntaxException("a little-endian segment must be whole bytes", start);
            }
            bits.appendInteger(value, size, spec.little);
        }
    }

    final int segmentSize(int at) {
        BigInteger size = new BigInteger(digits(10, "a segment size"));
        if (size.compareTo(BigInteger.valueOf(BitsBuilder.MAX_SEGMENT_BITS)) > 0) {
            throw new TermSyntaxException("segment size above " + BitsBuilder.MAX_SEGMENT_BITS + " bits", at);
        }
        return size.intValue();
    }

    /** Applies one type word of a segment ({@code integer}, {@code utf8}, ...); false if unknown. */
    static boolean segmentType(String word, SegmentSpec spec) {
        switch (word) {
            case "integer" -> spec.integer = true;
            case "binary", "bytes", "bitstring", "bits" -> spec.binary = true;
            case "utf8" -> spec.utf8 = true;
            case "little" -> spec.little = true;
            case "big", "signed", "unsigned" -> {
                // the defaults, or irrelevant when writing a value
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    final String asciiWord() {
        int start = pos;
        while (pos < text.length() && ElixirAtoms.isAsciiAlnum(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    // ---- quoted text ----

    /**
     * Characters read from a quoted literal. Escapes that name a byte ({@code \xFF} in an Elixir
     * string) are kept apart from code points so that a string can hold bytes that are not UTF-8.
     */
    static final class Text {
        private final StringBuilder chars = new StringBuilder();
        private ByteArrayOutputStream bytes;

        void codePoint(int cp) {
            if (bytes != null) {
                byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
            chars.appendCodePoint(cp);
        }

        /** A raw byte; as a character it reads as the code point of the same value. */
        void rawByte(int b) {
            if (bytes == null) {
                bytes = new ByteArrayOutputStream();
                byte[] utf8 = chars.toString().getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
            bytes.write(b);
            chars.append((char) b);
        }

        String chars() {
            return chars.toString();
        }

        byte[] utf8() {
            return bytes != null ? bytes.toByteArray() : chars.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Reads hex digits up to {@code '}'} and returns the code point; the cursor is after the {. */
    final int bracedCodePoint(int escapeStart) {
        String hex = digitsNoUnderscore(16, "hex digits", 6);
        expect("}", "to close the escape");
        return checkedCodePoint(Integer.parseInt(hex, 16), escapeStart);
    }

    final String digitsNoUnderscore(int radix, String what, int max) {
        int start = pos;
        while (pos < text.length() && pos - start < max && digitValue(text.charAt(pos), radix) >= 0) {
            pos++;
        }
        if (pos == start) {
            throw error(what);
        }
        return text.substring(start, pos);
    }

    static int checkedCodePoint(int cp, int position) {
        if (cp > Character.MAX_CODE_POINT) {
            throw new TermSyntaxException(String.format("code point U+%X is beyond U+10FFFF", cp), position);
        }
        return cp;
    }

    static Atom atom(String name, int position) {
        if (name.codePointCount(0, name.length()) > Atom.MAX_LENGTH) {
            throw new TermSyntaxException("atom is longer than " + Atom.MAX_LENGTH + " characters", position);
        }
        return Atom.of(name);
    }

    static TermList charlist(String text) {
        return TermList.charlist(text);
    }
}

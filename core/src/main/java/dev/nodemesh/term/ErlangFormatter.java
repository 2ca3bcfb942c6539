package dev.nodemesh.term;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders terms as {@code io_lib:format("~tp", [Term])} prints them in a default OTP 25 runtime
 * (printable range {@code latin1}), on one line. See {@link TermSyntax#ERLANG} for the rules.
 */
final class ErlangFormatter {

    /** The words {@code erl_scan:reserved_word/1} reports in OTP 25 (the maybe feature off). */
    static final Set<String> RESERVED_WORDS = Set.of(
            "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case", "catch", "cond",
            "div", "end", "fun", "if", "let", "not", "of", "or", "orelse", "receive", "rem", "try", "when", "xor");

    private ErlangFormatter() {}

    static String format(Term term) {
        StringBuilder out = new StringBuilder();
        write(term, out);
        return out.toString();
    }

    private static void write(Term term, StringBuilder out) {
        if (term instanceof Atom atom) {
            writeAtom(atom.name(), out);
        } else if (term instanceof Int i) {
            out.append(i);
        } else if (term instanceof Float64 f) {
            out.append(FloatText.erlang(f.value()));
        } else if (term instanceof Binary binary) {
            writeBinary(binary, out);
        } else if (term instanceof TermList list) {
            writeList(list, out);
        } else if (term instanceof Tuple tuple) {
            out.append('{');
            writeElements(tuple.elements(), out);
            out.append('}');
        } else if (term instanceof TermMap map) {
            writeMap(map, out);
        } else if (term instanceof BitString bits) {
            writeBitString(bits, out);
        } else if (term instanceof Pid pid) {
            out.append("<0.")
                    .append(Integer.toUnsignedString(pid.id()))
                    .append('.')
                    .append(Integer.toUnsignedString(pid.serial()))
                    .append('>');
        } else if (term instanceof Ref ref) {
            out.append("#Ref<0");
            writeRefWords(ref, out);
            out.append('>');
        } else if (term instanceof Port port) {
            out.append("#Port<0.").append(Long.toUnsignedString(port.id())).append('>');
        } else if (term instanceof ExternalFun fun) {
            out.append("fun ");
            writeFunAtom(fun.module().name(), out);
            out.append(':');
            writeFunAtom(fun.function().name(), out);
            out.append('/').append(fun.arity());
        } else if (term instanceof Fun fun) {
            out.append("#Fun<")
                    .append(fun.module().name())
                    .append('.')
                    .append(fun.oldIndex())
                    .append('.')
                    .append(fun.oldUniq())
                    .append('>');
        } else if (term instanceof LocalTerm local) {
            out.append("#LocalTerm<").append(local.encodedLength()).append(" bytes>");
        } else {
            throw new IllegalArgumentException(
                    "unknown term type " + term.getClass().getName());
        }
    }

    /** Writes the id words most significant first, padded to at least three as the BEAM does. */
    static void writeRefWords(Ref ref, StringBuilder out) {
        for (int pad = ref.idCount(); pad < 3; pad++) {
            out.append(".0");
        }
        for (int i = ref.idCount() - 1; i >= 0; i--) {
            out.append('.').append(Integer.toUnsignedString(ref.id(i)));
        }
    }

    private static void writeElements(List<Term> elements, StringBuilder out) {
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(elements.get(i), out);
        }
    }

    private static void writeList(TermList list, StringBuilder out) {
        if (isPrintableCharlist(list)) {
            out.append(quoteString(list.charlistText()));
            return;
        }
        out.append('[');
        writeElements(list.elements(), out);
        if (!list.isProper()) {
            out.append('|');
            write(list.tail(), out);
        }
        out.append(']');
    }

    private static boolean isPrintableCharlist(TermList list) {
        if (!list.isProper() || list.isEmpty()) {
            return false;
        }
        for (Term element : list.elements()) {
            if (!(element instanceof Int i && i.isInt() && isPrintable(i.intValue()))) {
                return false;
            }
        }
        return true;
    }

    /** {@code io_lib:printable_latin1_list/1}, per character. */
    static boolean isPrintable(int c) {
        return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || (c >= 8 && c <= 13) || c == 27;
    }

    private static void writeMap(TermMap map, StringBuilder out) {
        List<Map.Entry<Term, Term>> entries = TermOrder.sortedEntries(map);
        out.append("#{");
        for (int i = 0; i < entries.size(); i++) {
            Map.Entry<Term, Term> entry = entries.get(i);
            if (i > 0) {
                out.append(',');
            }
            write(entry.getKey(), out);
            out.append(" => ");
            write(entry.getValue(), out);
        }
        out.append('}');
    }

    private static void writeBinary(Binary binary, StringBuilder out) {
        ByteBuffer bytes = binary.asReadOnlyBuffer();
        int size = bytes.limit();
        // Valid UTF-8 beyond ASCII prints as "..."/utf8 or as bytes, never as Latin-1 text.
        if (size > 0 && !isAscii(bytes) && binary.isUtf8()) {
            String text = binary.utf8();
            if (text.codePoints().allMatch(ErlangFormatter::isPrintable)) {
                out.append("<<").append(quoteString(text)).append("/utf8>>");
                return;
            }
        } else if (size > 0 && allBytesPrintable(bytes)) {
            StringBuilder latin1 = new StringBuilder(size);
            for (int i = 0; i < size; i++) {
                latin1.append((char) (bytes.get(i) & 0xff));
            }
            out.append("<<").append(quoteString(latin1.toString())).append(">>");
            return;
        }
        out.append("<<");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(bytes.get(i) & 0xff);
        }
        out.append(">>");
    }

    private static boolean isAscii(ByteBuffer bytes) {
        for (int i = 0; i < bytes.limit(); i++) {
            if (bytes.get(i) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean allBytesPrintable(ByteBuffer bytes) {
        for (int i = 0; i < bytes.limit(); i++) {
            if (!isPrintable(bytes.get(i) & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static void writeBitString(BitString bits, StringBuilder out) {
        byte[] bytes = bits.bytes();
        out.append("<<");
        for (int i = 0; i < bytes.length - 1; i++) {
            out.append(bytes[i] & 0xff).append(',');
        }
        int tail = (bytes[bytes.length - 1] & 0xff) >>> (8 - bits.tailBits());
        out.append(tail).append(':').append(bits.tailBits()).append(">>");
    }

    /** Writes a string of printable characters in double quotes. */
    private static String quoteString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '"') {
                out.append("\\\"");
            } else {
                appendChar(c, out);
            }
        }
        return out.append('"').toString();
    }

    private static void writeAtom(String name, StringBuilder out) {
        if (isUnquotedAtom(name, true) && !RESERVED_WORDS.contains(name)) {
            out.append(name);
        } else {
            quoteAtom(name, out);
        }
    }

    /**
     * Writes the module or function of {@code fun M:F/A} as the runtime does: quoted unless a
     * lowercase name of letters, digits and {@code _} ({@code @} is quoted, reserved words are
     * not).
     */
    private static void writeFunAtom(String name, StringBuilder out) {
        if (isUnquotedAtom(name, false)) {
            out.append(name);
        } else {
            quoteAtom(name, out);
        }
    }

    /** Tells whether an atom needs no quotes: a Latin-1 lowercase letter, then name characters. */
    static boolean isUnquotedAtom(String name, boolean allowAt) {
        if (name.isEmpty() || !isLowerStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isNameChar(c) && !(allowAt && c == '@')) {
                return false;
            }
        }
        return true;
    }

    static boolean isLowerStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 0xdf && c <= 0xff && c != 0xf7);
    }

    static boolean isNameChar(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || (c >= 0xc0 && c <= 0xff && c != 0xd7 && c != 0xf7);
    }

    private static void quoteAtom(String name, StringBuilder out) {
        out.append('\'');
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\'') {
                out.append("\\'");
            } else {
                appendChar(c, out);
            }
        }
        out.append('\'');
    }

    private static void appendChar(int c, StringBuilder out) {
        switch (c) {
            case '\\' -> out.append("\\\\");
            case '\b' -> out.append("\\b");
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case 11 -> out.append("\\v");
            case '\f' -> out.append("\\f");
            case '\r' -> out.append("\\r");
            case 27 -> out.append("\\e");
            case 127 -> out.append("\\d");
            default -> {
                if (c < 0x20 || (c >= 0x80 && c < 0xa0)) {
                    String octal = Integer.toOctalString(c);
                    out.append('\\').append("0".repeat(3 - octal.length())).append(octal);
                } else {
                    out.appendCodePoint(c);
                }
            }
        }
    }
}

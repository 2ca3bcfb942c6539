package dev.nodemesh.term;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders terms as iex 1.14 prints them with {@code inspect(term, limit: :infinity,
 * printable_limit: :infinity, width: :infinity)}. See {@link TermSyntax#ELIXIR} for the rules.
 */
final class ElixirFormatter {

    private ElixirFormatter() {}

    static String format(Term term) {
        StringBuilder out = new StringBuilder();
        write(term, out);
        return out.toString();
    }

    private static void write(Term term, StringBuilder out) {
        if (term instanceof Atom atom) {
            out.append(ElixirAtoms.literal(atom));
        } else if (term instanceof Int i) {
            out.append(i);
        } else if (term instanceof Float64 f) {
            out.append(FloatText.elixir(f.value()));
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
            out.append("#PID<0.")
                    .append(Integer.toUnsignedString(pid.id()))
                    .append('.')
                    .append(Integer.toUnsignedString(pid.serial()))
                    .append('>');
        } else if (term instanceof Ref ref) {
            out.append("#Reference<0");
            ErlangFormatter.writeRefWords(ref, out);
            out.append('>');
        } else if (term instanceof Port port) {
            out.append("#Port<0.").append(Long.toUnsignedString(port.id())).append('>');
        } else if (term instanceof ExternalFun fun) {
            out.append('&')
                    .append(ElixirAtoms.literal(fun.module()))
                    .append('.')
                    .append(ElixirAtoms.remoteCall(fun.function()))
                    .append('/')
                    .append(fun.arity());
        } else if (term instanceof Fun fun) {
            out.append("#Function<")
                    .append(fun.oldIndex())
                    .append('.')
                    .append(fun.oldUniq())
                    .append('/')
                    .append(fun.arity())
                    .append(" in ")
                    .append(ElixirAtoms.literal(fun.module()))
                    .append('>');
        } else if (term instanceof LocalTerm local) {
            out.append("#LocalTerm<").append(local.encodedLength()).append(" bytes>");
        } else {
            throw new IllegalArgumentException(
                    "unknown term type " + term.getClass().getName());
        }
    }

    private static void writeElements(List<Term> elements, StringBuilder out) {
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            write(elements.get(i), out);
        }
    }

    private static void writeList(TermList list, StringBuilder out) {
        if (isAsciiPrintableCharlist(list)) {
            out.append(quote(list.charlistText(), '\''));
            return;
        }
        if (isKeywordList(list)) {
            out.append('[');
            writeKeywordEntries(list.elements(), out);
            out.append(']');
            return;
        }
        out.append('[');
        writeElements(list.elements(), out);
        if (!list.isProper()) {
            out.append(" | ");
            write(list.tail(), out);
        }
        out.append(']');
    }

    private static void writeKeywordEntries(List<Term> pairs, StringBuilder out) {
        for (int i = 0; i < pairs.size(); i++) {
            Tuple pair = (Tuple) pairs.get(i);
            if (i > 0) {
                out.append(", ");
            }
            out.append(ElixirAtoms.key((Atom) pair.get(0))).append(' ');
            write(pair.get(1), out);
        }
    }

    private static boolean isKeywordList(TermList list) {
        if (!list.isProper() || list.isEmpty()) {
            return false;
        }
        for (Term element : list.elements()) {
            if (!(element instanceof Tuple pair && pair.size() == 2 && ElixirAtoms.isKeywordKey(pair.get(0)))) {
                return false;
            }
        }
        return true;
    }

    /** iex 1.14 prints a charlist in quotes only when every element is printable ASCII. */
    private static boolean isAsciiPrintableCharlist(TermList list) {
        if (!list.isProper() || list.isEmpty()) {
            return false;
        }
        for (Term element : list.elements()) {
            if (!(element instanceof Int i && i.isInt() && isAsciiPrintable(i.intValue()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiPrintable(int c) {
        return (c >= 0x20 && c <= 0x7e) || (c >= 7 && c <= 13) || c == 27;
    }

    private static void writeMap(TermMap map, StringBuilder out) {
        List<Map.Entry<Term, Term>> entries = TermOrder.sortedEntries(map);
        boolean keyword = true;
        for (Map.Entry<Term, Term> entry : entries) {
            keyword &= ElixirAtoms.isKeywordKey(entry.getKey());
        }
        out.append("%{");
        for (int i = 0; i < entries.size(); i++) {
            Map.Entry<Term, Term> entry = entries.get(i);
            if (i > 0) {
                out.append(", ");
            }
            if (keyword) {
                out.append(ElixirAtoms.key((Atom) entry.getKey())).append(' ');
            } else {
                write(entry.getKey(), out);
                out.append(" => ");
            }
            write(entry.getValue(), out);
        }
        out.append('}');
    }

    private static void writeBinary(Binary binary, StringBuilder out) {
        if (binary.size() == 0) {
            out.append("\"\"");
            return;
        }
        if (binary.isUtf8()) {
            String text = binary.utf8();
            if (isPrintableString(text)) {
                out.append(quote(text, '"'));
                return;
            }
        }
        ByteBuffer bytes = binary.asReadOnlyBuffer();
        out.append("<<");
        for (int i = 0; i < bytes.limit(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(bytes.get(i) & 0xff);
        }
        out.append(">>");
    }

    private static void writeBitString(BitString bits, StringBuilder out) {
        byte[] bytes = bits.bytes();
        out.append("<<");
        for (int i = 0; i < bytes.length - 1; i++) {
            out.append(bytes[i] & 0xff).append(", ");
        }
        int tail = (bytes[bytes.length - 1] & 0xff) >>> (8 - bits.tailBits());
        out.append(tail).append("::size(").append(bits.tailBits()).append(")>>");
    }

    /** {@code String.printable?/1} of Elixir 1.14. */
    private static boolean isPrintableString(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            boolean printable = (c >= 0x20 && c <= 0x7e)
                    || (c >= 7 && c <= 13)
                    || c == 27
                    || c == 127
                    || (c >= 0xa0 && c <= 0xd7ff)
                    || (c >= 0xe000 && c <= 0xfffd)
                    || (c >= 0x10000 && c <= 0x10ffff);
            if (!printable) {
                return false;
            }
        }
        return true;
    }

    /**
     * Quotes text the way iex does inside {@code "..."}, {@code '...'} and {@code :"..."}: named
     * escapes for control characters, {@code \xHH} for other C0 and C1 controls, a backslash
     * before a {@code #} that would start interpolation, {@code \x{HHHH}} for non-characters.
     */
    static String quote(String text, char delimiter) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        out.append(delimiter);
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case 0 -> out.append("\\0");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case 11 -> out.append("\\v");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                case 27 -> out.append("\\e");
                case 127 -> out.append("\\d");
                case '\\' -> out.append("\\\\");
                case 0xfeff -> out.append("\\uFEFF");
                case '#' -> out.append(i < text.length() && text.charAt(i) == '{' ? "\\#" : "#");
                default -> {
                    if (c == delimiter) {
                        out.append('\\').appendCodePoint(c);
                    } else if (c < 0x20 || (c >= 0x80 && c < 0xa0)) {
                        out.append("\\x").append(hex(c, 2));
                    } else if ((c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff) {
                        out.append("\\x{").append(hex(c, 4)).append('}');
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        }
        return out.append(delimiter).toString();
    }

    private static String hex(int value, int width) {
        String digits = Integer.toHexString(value).toUpperCase(Locale.ROOT);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}

package dev.nodemesh.term;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Erlang's total term order: {@code number < atom < reference < fun < port < pid < tuple < map
 * < nil < list < bitstring}.
 *
 * <p>{@link #STANDARD} is the order of Erlang's {@code <} and {@code lists:sort/1}, where
 * {@code 1} and {@code 1.0} tie. {@link #MAP_KEYS} is the order of map keys, in which every
 * integer sorts before every float at any depth ({@code #{2 => a, 1.5 => b}} has the keys
 * {@code [2, 1.5]}); it is the order OTP writes the keys of a small map in and iex prints them
 * in.
 *
 * <p>Pids compare by serial and number before their node, ports and references by node and
 * creation before their numbers, as OTP 25 does.
 */
public final class TermOrder implements Comparator<Term> {

    /** The order of Erlang's comparison operators. */
    public static final TermOrder STANDARD = new TermOrder(false);

    /** Like {@link #STANDARD}, but every integer sorts before every float, as map keys do. */
    public static final TermOrder MAP_KEYS = new TermOrder(true);

    private final boolean exact;

    private TermOrder(boolean exact) {
        this.exact = exact;
    }

    @Override
    public int compare(Term a, Term b) {
        int byClass = Integer.compare(rank(a), rank(b));
        if (byClass != 0) {
            return byClass;
        }
        if (a instanceof Int x && b instanceof Int y) {
            return x.compareTo(y);
        }
        if (a instanceof Float64 x && b instanceof Float64 y) {
            return compareFloats(x.value(), y.value());
        }
        if (a instanceof Int || a instanceof Float64) {
            if (exact) {
                return a instanceof Int ? -1 : 1;
            }
            return toDecimal(a).compareTo(toDecimal(b));
        }
        if (a instanceof Atom x && b instanceof Atom y) {
            return x.compareTo(y);
        }
        if (a instanceof Ref x && b instanceof Ref y) {
            return compareRefs(x, y);
        }
        if (a instanceof ExternalFun x && b instanceof ExternalFun y) {
            return compareChain(
                    x.module().compareTo(y.module()),
                    x.function().compareTo(y.function()),
                    Integer.compare(x.arity(), y.arity()));
        }
        if (a instanceof Port x && b instanceof Port y) {
            return compareChain(
                    x.node().compareTo(y.node()),
                    Integer.compareUnsigned(x.creation(), y.creation()),
                    Long.compareUnsigned(x.id(), y.id()));
        }
        if (a instanceof Pid x && b instanceof Pid y) {
            return compareChain(
                    Integer.compareUnsigned(x.serial(), y.serial()),
                    Integer.compareUnsigned(x.id(), y.id()),
                    x.node().compareTo(y.node()),
                    Integer.compareUnsigned(x.creation(), y.creation()));
        }
        if (a instanceof Tuple x && b instanceof Tuple y) {
            return compareTuples(x, y);
        }
        if (a instanceof TermMap x && b instanceof TermMap y) {
            return compareMaps(x, y);
        }
        if (a instanceof TermList x && b instanceof TermList y) {
            return compareLists(x, y);
        }
        if (rank(a) == BITSTRING_RANK) {
            return compareBits(bitsOf(a), bitsOf(b));
        }
        return compareOpaque(a, b);
    }

    /**
     * Compares two strings by Unicode code point, as Erlang compares atoms.
     *
     * @param a one text
     * @param b the other
     * @return negative, zero or positive
     */
    static int compareText(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static final int BITSTRING_RANK = 11;

    private static int rank(Term term) {
        if (term instanceof Int || term instanceof Float64) {
            return 1;
        } else if (term instanceof Atom) {
            return 2;
        } else if (term instanceof Ref) {
            return 3;
        } else if (term instanceof Fun || term instanceof ExternalFun) {
            return 4;
        } else if (term instanceof Port) {
            return 5;
        } else if (term instanceof Pid) {
            return 6;
        } else if (term instanceof Tuple) {
            return 7;
        } else if (term instanceof TermMap) {
            return 8;
        } else if (term instanceof TermList list) {
            return list.isEmpty() ? 9 : 10;
        } else if (term instanceof Binary || term instanceof BitString) {
            return BITSTRING_RANK;
        }
        return 12;
    }

    private static int compareFloats(double a, double b) {
        return a == b ? 0 : Double.compare(a, b);
    }

    private static BigDecimal toDecimal(Term number) {
        return number instanceof Int i ? new BigDecimal(i.bigValue()) : new BigDecimal(((Float64) number).value());
    }

    private static int compareChain(int... results) {
        for (int result : results) {
            if (result != 0) {
                return result;
            }
        }
        return 0;
    }

    private static int compareRefs(Ref x, Ref y) {
        int byNode = compareChain(x.node().compareTo(y.node()), Integer.compareUnsigned(x.creation(), y.creation()));
        if (byNode != 0) {
            return byNode;
        }
        // the id words form one little-endian number; missing high words count as zero
        for (int i = Math.max(x.idCount(), y.idCount()) - 1; i >= 0; i--) {
            int byWord = Integer.compareUnsigned(i < x.idCount() ? x.id(i) : 0, i < y.idCount() ? y.id(i) : 0);
            if (byWord != 0) {
                return byWord;
            }
        }
        return Integer.compare(x.idCount(), y.idCount());
    }

    private int compareTuples(Tuple x, Tuple y) {
        int bySize = Integer.compare(x.size(), y.size());
        if (bySize != 0) {
            return bySize;
        }
        for (int i = 0; i < x.size(); i++) {
            int byElement = compare(x.get(i), y.get(i));
            if (byElement != 0) {
                return byElement;
            }
        }
        return 0;
    }

    private int compareMaps(TermMap x, TermMap y) {
        int bySize = Integer.compare(x.size(), y.size());
        if (bySize != 0) {
            return bySize;
        }
        List<Map.Entry<Term, Term>> xs = sortedEntries(x);
        List<Map.Entry<Term, Term>> ys = sortedEntries(y);
        for (int i = 0; i < xs.size(); i++) {
            int byKey = MAP_KEYS.compare(xs.get(i).getKey(), ys.get(i).getKey());
            if (byKey != 0) {
                return byKey;
            }
        }
        for (int i = 0; i < xs.size(); i++) {
            int byValue = compare(xs.get(i).getValue(), ys.get(i).getValue());
            if (byValue != 0) {
                return byValue;
            }
        }
        return 0;
    }

    /**
     * Returns the entries of a map sorted by {@link #MAP_KEYS}.
     *
     * @param map the map
     * @return a new list of its entries
     */
    public static List<Map.Entry<Term, Term>> sortedEntries(TermMap map) {
        List<Map.Entry<Term, Term>> entries = new ArrayList<>(map.entrySet());
        entries.sort(Map.Entry.comparingByKey(MAP_KEYS));
        return entries;
    }

    private int compareLists(TermList x, TermList y) {
        int common = Math.min(x.size(), y.size());
        for (int i = 0; i < common; i++) {
            int byElement = compare(x.get(i), y.get(i));
            if (byElement != 0) {
                return byElement;
            }
        }
        if (x.size() == y.size()) {
            // the empty list is its own tail: two proper lists of equal elements are equal here
            return x.isProper() && y.isProper() ? 0 : compare(x.tail(), y.tail());
        }
        return x.size() > common ? compare(rest(x, common), y.tail()) : compare(x.tail(), rest(y, common));
    }

    private static TermList rest(TermList list, int from) {
        return TermList.improper(list.elements().subList(from, list.size()), list.tail());
    }

    private record Bits(byte[] bytes, long bitLength) {}

    private static Bits bitsOf(Term term) {
        if (term instanceof Binary binary) {
            return new Bits(binary.toByteArray(), 8L * binary.size());
        }
        BitString bits = (BitString) term;
        return new Bits(bits.bytes(), bits.bitLength());
    }

    private static int compareBits(Bits x, Bits y) {
        int common = Math.min(x.bytes().length, y.bytes().length);
        for (int i = 0; i < common; i++) {
            int byByte = Integer.compare(x.bytes()[i] & 0xff, y.bytes()[i] & 0xff);
            if (byByte != 0) {
                return byByte;
            }
        }
        return Long.compare(x.bitLength(), y.bitLength());
    }

    private static int compareOpaque(Term a, Term b) {
        return Integer.compare(a.hashCode(), b.hashCode());
    }
}

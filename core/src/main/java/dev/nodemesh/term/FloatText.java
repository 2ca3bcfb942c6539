package dev.nodemesh.term;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Renders doubles as the BEAM does: the shortest digits that read back as the same double, laid
 * out in fixed or scientific notation by the rules below.
 *
 * <p>Erlang ({@code io_lib:format("~p")}, {@code float_to_list(F, [short])}): a value of at least
 * 2<sup>53</sup> in magnitude is always scientific ({@code 9.007199254740992e15}); otherwise the
 * shorter of the fixed ({@code 0.0025}) and scientific ({@code 1.0e3}) texts wins, fixed on a tie
 * ({@code 100.0} rather than {@code 1.0e2}, {@code 0.0001} rather than {@code 1.0e-4}).
 *
 * <p>Elixir ({@code inspect/1}): like Erlang, except that a whole number from 1 to 10<sup>16</sup>
 * (exclusive) is written as an integer followed by {@code .0} ({@code 1000.0},
 * {@code 1000000000000000.0}, {@code 9007199254740993.0}).
 */
final class FloatText {

    private static final double TWO_POW_53 = 9007199254740992.0;
    private static final double TEN_POW_16 = 1.0e16;

    private FloatText() {}

    /** The shortest round-trip digits of a positive double: {@code 0.d1d2... * 10^(exponent+1)}. */
    record Digits(String digits, int exponent) {}

    static String erlang(double value) {
        if (value == 0) {
            return isNegativeZero(value) ? "-0.0" : "0.0";
        }
        String sign = value < 0 ? "-" : "";
        double abs = Math.abs(value);
        Digits d = shortest(abs);
        String scientific = scientific(d);
        if (abs >= TWO_POW_53) {
            return sign + scientific;
        }
        String fixed = fixed(d);
        return sign + (fixed.length() <= scientific.length() ? fixed : scientific);
    }

    static String elixir(double value) {
        double abs = Math.abs(value);
        if (abs >= 1.0 && abs < TEN_POW_16 && abs == Math.rint(abs)) {
            return (value < 0 ? "-" : "") + (long) abs + ".0";
        }
        return erlang(value);
    }

    private static boolean isNegativeZero(double value) {
        return Double.doubleToRawLongBits(value) != 0;
    }

    private static String scientific(Digits d) {
        String digits = d.digits();
        StringBuilder out = new StringBuilder(digits.length() + 8);
        out.append(digits.charAt(0)).append('.');
        if (digits.length() == 1) {
            out.append('0');
        } else {
            out.append(digits, 1, digits.length());
        }
        return out.append('e').append(d.exponent()).toString();
    }

    private static String fixed(Digits d) {
        String digits = d.digits();
        int exponent = d.exponent();
        StringBuilder out = new StringBuilder(digits.length() + Math.abs(exponent) + 3);
        if (exponent < 0) {
            out.append("0.");
            out.append("0".repeat(-exponent - 1));
            return out.append(digits).toString();
        }
        if (digits.length() <= exponent + 1) {
            out.append(digits).append("0".repeat(exponent + 1 - digits.length()));
            return out.append(".0").toString();
        }
        return out.append(digits, 0, exponent + 1)
                .append('.')
                .append(digits, exponent + 1, digits.length())
                .toString();
    }

    /**
     * Finds the fewest significant digits that read back as {@code abs}; among candidates of that
     * length, the one nearest to the exact value (ties to an even last digit).
     *
     * <p>A candidate of {@code p} digits is either the exact value rounded to nearest or the one
     * on its other side; checking both matters at powers of two, where the gap below the value is
     * half the gap above. Whether some {@code p}-digit decimal reads back is monotonic in
     * {@code p}, so the length is found by bisection over 1..17 (17 digits always suffice).
     */
    static Digits shortest(double abs) {
        BigDecimal exact = new BigDecimal(abs);
        int low = 1;
        int high = 17;
        BigDecimal best = candidate(exact, abs, high);
        while (low < high) {
            int mid = (low + high) >>> 1;
            BigDecimal found = candidate(exact, abs, mid);
            if (found != null) {
                high = mid;
                best = found;
            } else {
                low = mid + 1;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no round-trip digits for " + abs);
        }
        BigDecimal stripped = best.stripTrailingZeros();
        String digits = stripped.unscaledValue().toString();
        return new Digits(digits, digits.length() - 1 - stripped.scale());
    }

    private static BigDecimal candidate(BigDecimal exact, double abs, int precision) {
        BigDecimal nearest = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
        if (nearest.doubleValue() == abs) {
            return nearest;
        }
        RoundingMode otherSide = nearest.compareTo(exact) > 0 ? RoundingMode.FLOOR : RoundingMode.CEILING;
        BigDecimal other = exact.round(new MathContext(precision, otherSide));
        return other.doubleValue() == abs ? other : null;
    }
}

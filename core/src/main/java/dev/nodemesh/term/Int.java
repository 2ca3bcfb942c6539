package dev.nodemesh.term;

import java.math.BigInteger;

/**
 * An Erlang integer, of any size.
 *
 * <p>Values that fit a {@code long} are held as one; larger ones as a {@link BigInteger}. The
 * representation is normalised, so {@code Int.of(BigInteger.ONE).equals(Int.of(1))}.
 */
public final class Int implements Term, Comparable<Int> {

    private static final int CACHE_LOW = -128;
    private static final int CACHE_HIGH = 1023;
    private static final Int[] CACHE = new Int[CACHE_HIGH - CACHE_LOW + 1];
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    static {
        for (int i = 0; i < CACHE.length; i++) {
            CACHE[i] = new Int(i + CACHE_LOW, null);
        }
    }

    /** The integer 0. */
    public static final Int ZERO = of(0);

    private final long value;
    private final BigInteger big;

    private Int(long value, BigInteger big) {
        this.value = value;
        this.big = big;
    }

    /**
     * Returns the integer with the given value.
     *
     * @param value the value
     * @return the integer
     */
    public static Int of(long value) {
        if (value >= CACHE_LOW && value <= CACHE_HIGH) {
            return CACHE[(int) value - CACHE_LOW];
        }
        return new Int(value, null);
    }

    /**
     * Returns the integer with the given value.
     *
     * @param value the value, of any size
     * @return the integer
     */
    public static Int of(BigInteger value) {
        if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
            return of(value.longValue());
        }
        return new Int(0, value);
    }

    /**
     * Tells whether the value fits a {@code long}.
     *
     * @return whether {@link #longValue()} is exact
     */
    public boolean isLong() {
        return big == null;
    }

    /**
     * Tells whether the value fits an {@code int}.
     *
     * @return whether {@link #intValue()} is exact
     */
    public boolean isInt() {
        return big == null && value == (int) value;
    }

    /**
     * Returns the value as a {@code long}.
     *
     * @return the value
     * @throws ArithmeticException if it does not fit
     */
    public long longValue() {
        if (big != null) {
            throw new ArithmeticException("integer does not fit a long: " + big);
        }
        return value;
    }

    /**
     * Returns the value as an {@code int}.
     *
     * @return the value
     * @throws ArithmeticException if it does not fit
     */
    public int intValue() {
        if (!isInt()) {
            throw new ArithmeticException("integer does not fit an int: " + bigValue());
        }
        return (int) value;
    }

    /**
     * Returns the value as a {@link BigInteger}.
     *
     * @return the value
     */
    public BigInteger bigValue() {
        return big != null ? big : BigInteger.valueOf(value);
    }

    /**
     * Returns the sign of the value.
     *
     * @return -1, 0 or 1
     */
    public int signum() {
        return big != null ? big.signum() : Long.signum(value);
    }

    @Override
    public int compareTo(Int other) {
        if (big == null && other.big == null) {
            return Long.compare(value, other.value);
        }
        return bigValue().compareTo(other.bigValue());
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Int that)) {
            return false;
        }
        return big == null ? that.big == null && value == that.value : big.equals(that.big);
    }

    @Override
    public int hashCode() {
        return big != null ? big.hashCode() : Long.hashCode(value);
    }

    @Override
    public String toString() {
        return big != null ? big.toString() : Long.toString(value);
    }
}

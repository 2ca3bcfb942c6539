package dev.nodemesh.term;

/**
 * An Erlang float: an IEEE 754 double that is never NaN or infinite.
 *
 * <p>Equality is exact, as in Erlang's {@code =:=}: {@code 1.0} differs from the integer
 * {@code 1}, and {@code -0.0} from {@code 0.0}.
 *
 * @param value the value
 */
public record Float64(double value) implements Term {

    /**
     * Creates a float.
     *
     * @throws IllegalArgumentException if the value is NaN or infinite, which Erlang cannot hold
     */
    public Float64 {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("Erlang floats are finite, got " + value);
        }
    }

    /**
     * Returns the float with the given value.
     *
     * @param value a finite double
     * @return the float
     */
    public static Float64 of(double value) {
        return new Float64(value);
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }
}

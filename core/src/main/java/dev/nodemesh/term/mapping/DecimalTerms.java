package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermMap;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * {@code BigDecimal} as the struct of Elixir's Decimal library: {@code %Decimal{sign: 1 | -1,
 * coef: non-negative integer, exp: integer}}, whose value is {@code sign * coef * 10^exp}.
 */
final class DecimalTerms {

    private DecimalTerms() {}

    static final Atom DECIMAL = Atom.of("Elixir.Decimal");
    private static final Atom SIGN = Atom.of("sign");
    private static final Atom COEF = Atom.of("coef");
    private static final Atom EXP = Atom.of("exp");
    private static final Int MINUS = Int.of(-1);
    private static final Int PLUS = Int.of(1);
    private static final String EXPECTED = "%Decimal{}, integer or float";

    /** {@code 12.30} gives {@code %Decimal{sign: 1, coef: 1230, exp: -2}}, keeping the scale. */
    static final Encoder ENCODER = (value, cursor) -> {
        BigDecimal decimal = (BigDecimal) value;
        return TermMap.builder(4)
                .put(RecordShape.STRUCT_KEY, DECIMAL)
                .put(SIGN, decimal.signum() < 0 ? MINUS : PLUS)
                .put(COEF, Int.of(decimal.unscaledValue().abs()))
                .put(EXP, Int.of(-(long) decimal.scale()))
                .build();
    };

    /** A {@code %Decimal{}} (not NaN or infinity), an integer, or a float (its shortest decimal text). */
    static final Decoder DECODER = (term, cursor) -> {
        if (term instanceof Int integer) {
            return new BigDecimal(integer.bigValue());
        }
        if (term instanceof Float64 f) {
            return BigDecimal.valueOf(f.value());
        }
        if (!(term instanceof TermMap map) || !DECIMAL.equals(map.get(RecordShape.STRUCT_KEY))) {
            return cursor.mismatch(EXPECTED, term);
        }
        Term sign = map.get(SIGN);
        Term coef = map.get(COEF);
        Term exp = map.get(EXP);
        if (!(coef instanceof Int coefficient)) {
            return cursor.fail(
                    "expected a finite %Decimal{} (NaN and infinity have no BigDecimal), got " + Render.value(term),
                    null);
        }
        if (!(PLUS.equals(sign) || MINUS.equals(sign))
                || coefficient.bigValue().signum() < 0
                || !(exp instanceof Int exponent)
                || !exponent.isLong()
                || exponent.longValue() <= Integer.MIN_VALUE
                || exponent.longValue() > Integer.MAX_VALUE) {
            return cursor.fail(
                    "expected a %Decimal{} with sign 1 or -1, coef >= 0 and exp in int range, got "
                            + Render.value(term),
                    null);
        }
        BigInteger unscaled = MINUS.equals(sign) ? coefficient.bigValue().negate() : coefficient.bigValue();
        return new BigDecimal(unscaled, (int) -exponent.longValue());
    };
}

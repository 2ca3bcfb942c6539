package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Term;
import java.util.Objects;
import java.util.function.Function;

/**
 * Converts one Java type to and from terms, for types the built-in rules do not cover or map
 * differently than wanted. Register it with {@link TermMapper.Builder#register(Class,
 * TermConverter)}; a registered converter takes precedence over the built-in rules.
 *
 * <p>The mapper handles {@code null} and {@code nil} itself: a converter never sees {@code null}
 * in {@link #toTerm(Object)} ({@code null} becomes {@code nil}), and never sees {@code nil} in
 * {@link #fromTerm(Term)} ({@code nil} becomes {@code null}, or an error for a primitive). To
 * reject a term, throw {@link TermMappingException}, for instance {@link
 * TermMappingException#expected(String, Term)}; the mapper adds the path. Implementations must
 * be thread-safe.
 *
 * <pre>{@code
 * TermConverter<Duration> seconds = TermConverter.of(
 *         d -> Int.of(d.toSeconds()),
 *         t -> {
 *             if (t instanceof Int i && i.isLong()) {
 *                 return Duration.ofSeconds(i.longValue());
 *             }
 *             throw TermMappingException.expected("seconds", t);
 *         });
 * }</pre>
 *
 * @param <T> the Java type
 */
public interface TermConverter<T> {

    /**
     * Converts a value to a term.
     *
     * @param value the value, never null
     * @return the term, never null
     */
    Term toTerm(T value);

    /**
     * Converts a term to a value.
     *
     * @param term the term, never {@code nil}
     * @return the value
     * @throws TermMappingException if the term does not fit
     */
    T fromTerm(Term term);

    /**
     * Returns a converter made of two functions.
     *
     * @param toTerm converts a value to a term
     * @param fromTerm converts a term to a value
     * @param <T> the Java type
     * @return the converter
     */
    static <T> TermConverter<T> of(Function<? super T, ? extends Term> toTerm, Function<Term, ? extends T> fromTerm) {
        Objects.requireNonNull(toTerm, "toTerm");
        Objects.requireNonNull(fromTerm, "fromTerm");
        return new TermConverter<>() {
            @Override
            public Term toTerm(T value) {
                return toTerm.apply(value);
            }

            @Override
            public T fromTerm(Term term) {
                return fromTerm.apply(term);
            }
        };
    }
}

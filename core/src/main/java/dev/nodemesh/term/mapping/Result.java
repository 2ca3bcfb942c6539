package dev.nodemesh.term.mapping;

import java.util.function.Function;

/**
 * The usual Elixir reply {@code {:ok, value} | {:error, reason}} as a Java type: map a reply to
 * {@code Result<Greeting, String>} and test which one came.
 *
 * <pre>{@code
 * Result<Greeting, String> reply = mapper.fromTerm(term, new TermType<Result<Greeting, String>>() {});
 * if (reply instanceof Result.Ok<Greeting, String> ok) {
 *     use(ok.value());
 * } else if (reply instanceof Result.Error<Greeting, String> error) {
 *     log(error.reason());
 * }
 * }</pre>
 *
 * <p>On Java 21 and later, {@code switch (reply) { case Result.Ok<Greeting, String>(var v) -> ...;
 * case Result.Error<Greeting, String>(var r) -> ...; }} is exhaustive. Both are {@link
 * TaggedTuple} records, so they map back to the same tuples; a reason of type {@code Object}
 * keeps atoms as {@link dev.nodemesh.term.Atom}, a reason of type {@code String} takes atoms and
 * strings alike ({@code {:error, :not_found}} gives {@code "not_found"}).
 *
 * @param <T> the value's type
 * @param <E> the reason's type
 */
public sealed interface Result<T, E> permits Result.Ok, Result.Error {

    /**
     * Returns {@code {:ok, value}}.
     *
     * @param value the value
     * @param <T> the value's type
     * @param <E> the reason's type
     * @return the result
     */
    static <T, E> Result<T, E> ok(T value) {
        return new Ok<>(value);
    }

    /**
     * Returns {@code {:error, reason}}.
     *
     * @param reason the reason
     * @param <T> the value's type
     * @param <E> the reason's type
     * @return the result
     */
    static <T, E> Result<T, E> error(E reason) {
        return new Error<>(reason);
    }

    /**
     * Tells whether this is {@code {:ok, value}}.
     *
     * @return whether this is an {@link Ok}
     */
    boolean isOk();

    /**
     * Returns the value, or throws what {@code toException} makes of the reason.
     *
     * @param toException turns the reason into the exception to throw
     * @param <X> the exception's type
     * @return the value of an {@link Ok}
     * @throws X for an {@link Error}
     */
    <X extends Exception> T orElseThrow(Function<? super E, ? extends X> toException) throws X;

    /**
     * {@code {:ok, value}}.
     *
     * @param value the value
     * @param <T> the value's type
     * @param <E> the reason's type
     */
    @TaggedTuple("ok")
    record Ok<T, E>(T value) implements Result<T, E> {

        @Override
        public boolean isOk() {
            return true;
        }

        @Override
        public <X extends Exception> T orElseThrow(Function<? super E, ? extends X> toException) {
            return value;
        }
    }

    /**
     * {@code {:error, reason}}.
     *
     * @param reason the reason
     * @param <T> the value's type
     * @param <E> the reason's type
     */
    @TaggedTuple("error")
    record Error<T, E>(E reason) implements Result<T, E> {

        @Override
        public boolean isOk() {
            return false;
        }

        @Override
        public <X extends Exception> T orElseThrow(Function<? super E, ? extends X> toException) throws X {
            throw toException.apply(reason);
        }
    }
}

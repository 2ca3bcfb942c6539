package dev.nodemesh.term;

/**
 * An Erlang term: the value of every message, control tuple and argument that crosses a
 * distribution connection.
 *
 * <p>Every implementation is immutable and thread-safe. {@link Object#equals(Object)} follows
 * Erlang's exact equality ({@code =:=}): the integer {@code 1} and the float {@code 1.0} are
 * different terms and different map keys, as they are in Erlang. {@link Object#toString()}
 * renders the term as iex prints it; {@link TermSyntax} renders and parses both Elixir and
 * Erlang syntax.
 *
 * <pre>{@code
 * Term greeting = Tuple.of(Atom.of("hello"), Binary.of("world"));
 * greeting.toString();                       // {:hello, "world"}
 * TermSyntax.ERLANG.format(greeting);        // {hello,<<"world">>}
 * }</pre>
 */
public sealed interface Term
        permits Atom,
                Int,
                Float64,
                Tuple,
                TermList,
                TermMap,
                Binary,
                BitString,
                Pid,
                Port,
                Ref,
                ExternalFun,
                Fun,
                LocalTerm {}

/**
 * The Erlang term model: immutable values for every term that crosses a distribution connection,
 * Erlang's term order, and the Elixir and Erlang text syntaxes.
 *
 * <p>Public API. Depends on nothing else in nodemesh.
 */
package dev.nodemesh.term;

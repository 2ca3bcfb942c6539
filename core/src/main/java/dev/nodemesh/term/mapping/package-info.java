/**
 * Maps Java values to terms and back: strings, numbers, booleans, enums, collections, maps,
 * optionals and records (as Elixir maps, tagged tuples or Elixir structs). {@link
 * dev.nodemesh.term.mapping.TermMapper} is the entry point.
 *
 * <p>Public API. Depends only on {@code dev.nodemesh.term} and the JDK.
 */
package dev.nodemesh.term.mapping;

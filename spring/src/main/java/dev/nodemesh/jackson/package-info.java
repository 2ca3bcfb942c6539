/**
 * Jackson 3 support for terms: {@link dev.nodemesh.jackson.TermJacksonModule} writes terms as
 * plain JSON.
 *
 * <p>Public API. Needs {@code tools.jackson.core:jackson-databind} on the class path (an optional
 * dependency of this module).
 */
package dev.nodemesh.jackson;

package dev.nodemesh.term.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps a record to an Elixir keyword list, the components in declaration order under their keys.
 *
 * <pre>{@code
 * @KeywordList
 * record Options(int limit, boolean verbose) {}      // [limit: 10, verbose: true]
 * }</pre>
 *
 * <p>Only encoding needs this annotation: every record mapped as a map decodes from a keyword
 * list as well (the first occurrence of a key wins, like {@code Keyword.get/2}). Keys follow the
 * same rules as for maps ({@link TermKey}, snake_case).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KeywordList {}

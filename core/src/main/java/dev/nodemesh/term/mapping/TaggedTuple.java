package dev.nodemesh.term.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps a record to a tagged tuple, Erlang style: the tag atom followed by the components in
 * declaration order.
 *
 * <pre>{@code
 * @TaggedTuple
 * record Greeting(String text, int count) {}          // {:greeting, "hi", 3}
 *
 * @TaggedTuple("hello")
 * record Hello(String who) {}                         // {:hello, "world"}
 * }</pre>
 *
 * <p>Decoding accepts only a tuple of the same size whose first element is the tag.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TaggedTuple {

    /**
     * The tag's atom name; empty (the default) means the record's simple name in snake_case
     * ({@code OrderPlaced} becomes {@code :order_placed}).
     *
     * @return the tag, or empty for the default
     */
    String value() default "";
}

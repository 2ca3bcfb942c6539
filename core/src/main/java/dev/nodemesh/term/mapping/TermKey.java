package dev.nodemesh.term.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the map key of a record component, replacing the snake_case default.
 *
 * <pre>{@code
 * record User(@TermKey("uid") long id, String firstName) {}   // %{uid: 7, first_name: "Ada"}
 * }</pre>
 *
 * <p>Ignored for records mapped as {@link TaggedTuple tagged tuples}, whose elements are
 * positional.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface TermKey {

    /**
     * The key's atom name, as written after the colon in Elixir: {@code "uid"} for {@code :uid}.
     *
     * @return the atom name
     */
    String value();
}

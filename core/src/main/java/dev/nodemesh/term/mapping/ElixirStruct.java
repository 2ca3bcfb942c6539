package dev.nodemesh.term.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Maps a record to an Elixir struct: a map with atom keys plus {@code __struct__} naming the
 * module.
 *
 * <pre>{@code
 * @ElixirStruct("MyApp.Greeting")
 * record Greeting(String text, int count) {}
 * // %MyApp.Greeting{text: "hi", count: 3}, i.e. %{__struct__: MyApp.Greeting, text: "hi", count: 3}
 * }</pre>
 *
 * <p>Decoding checks {@code __struct__} when the map has one and rejects another module; a map
 * without {@code __struct__} is accepted as well.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ElixirStruct {

    /**
     * The Elixir module, such as {@code "MyApp.Greeting"}; the {@code Elixir.} prefix of the
     * module's atom is added when missing.
     *
     * @return the module name
     */
    String value();
}

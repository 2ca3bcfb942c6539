package dev.nodemesh.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class or method that starts real {@code erl}, {@code elixir} or {@code epmd}, or
 * makes a network namespace: it carries the tag {@value #TAG}, which the fast tier ({@code
 * ./mvnw test -Pfast}) leaves out and {@code ./mvnw verify} runs. Works for JUnit Jupiter and
 * jqwik containers alike.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag(Interop.TAG)
@net.jqwik.api.Tag(Interop.TAG)
public @interface Interop {

    /** The tag name, for {@code -Dgroups} and {@code -DexcludedGroups}. */
    String TAG = "interop";
}

package dev.nodemesh.term.mapping;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.temporal.ChronoUnit;

/**
 * Maps an {@code Instant}, {@code OffsetDateTime} or {@code Duration} record component to an
 * integer count of {@link #value() unit}s: since the Unix epoch for the first two (what Elixir's
 * {@code DateTime.to_unix(dt, :millisecond)} or Erlang's {@code os:system_time(millisecond)}
 * give), the length for a duration.
 *
 * <pre>{@code
 * record Event(@IntegerTime(ChronoUnit.MILLIS) Instant at, @IntegerTime(ChronoUnit.SECONDS) Duration ttl) {}
 * // %{at: 1704164645120, ttl: 30}
 * }</pre>
 *
 * <p>Encoding rounds down to the unit (toward the past, like {@code DateTime.to_unix/2}); an
 * {@code OffsetDateTime} decodes at offset {@code Z}. Without this annotation instants and
 * offset date-times map to Elixir {@code DateTime} structs, and durations to integer
 * milliseconds.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface IntegerTime {

    /**
     * The unit of the integer; one of exact length ({@code NANOS} to {@code DAYS}), {@code MILLIS}
     * by default.
     *
     * @return the unit
     */
    ChronoUnit value() default ChronoUnit.MILLIS;
}

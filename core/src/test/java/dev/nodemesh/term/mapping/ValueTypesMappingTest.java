package dev.nodemesh.term.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermSyntax;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Instant, OffsetDateTime, Duration, UUID and BigDecimal as Elixir sends them. */
class ValueTypesMappingTest {

    private final TermMapper mapper = TermMapper.standard();

    /** What {@code ~U[2024-01-02 03:04:05.120Z]} sends, with {@code structs: false}. */
    static final String DATE_TIME = "%{__struct__: DateTime, calendar: Calendar.ISO, day: 2, hour: 3,"
            + " microsecond: {120000, 3}, minute: 4, month: 1, second: 5, std_offset: 0,"
            + " time_zone: \"Etc/UTC\", utc_offset: 0, year: 2024, zone_abbr: \"UTC\"}";

    static final Instant INSTANT = Instant.parse("2024-01-02T03:04:05.120Z");

    record Event(
            @IntegerTime(ChronoUnit.MILLIS) Instant at,
            @IntegerTime(ChronoUnit.SECONDS) Duration ttl,
            @IntegerTime(ChronoUnit.SECONDS) OffsetDateTime seen) {}

    record Bad(@IntegerTime String at) {}

    private static Term elixir(String text) {
        return TermSyntax.ELIXIR.parse(text);
    }

    @Nested
    class DateTimes {

        @Test
        void anInstantIsADateTimeStruct() {
            assertThat(mapper.toTerm(INSTANT)).isEqualTo(elixir(DATE_TIME));
            assertThat(mapper.fromTerm(elixir(DATE_TIME), Instant.class)).isEqualTo(INSTANT);
        }

        @Test
        void precisionFollowsTheFraction() {
            Term whole = mapper.toTerm(Instant.parse("2024-01-02T03:04:05Z"));
            Term micros = mapper.toTerm(Instant.parse("2024-01-02T03:04:05.123456789Z"));
            assertThat(((dev.nodemesh.term.TermMap) whole).get("microsecond")).isEqualTo(elixir("{0, 0}"));
            assertThat(((dev.nodemesh.term.TermMap) micros).get("microsecond")).isEqualTo(elixir("{123456, 6}"));
        }

        @Test
        void anOffsetDateTimeIsSentInUtcAndReadWithTheStructsOffset() {
            OffsetDateTime paris = OffsetDateTime.parse("2024-01-02T04:04:05.120+01:00");
            assertThat(mapper.toTerm(paris)).isEqualTo(elixir(DATE_TIME));
            Term inParis = elixir(DATE_TIME
                    .replace("hour: 3", "hour: 4")
                    .replace("utc_offset: 0", "utc_offset: 3600")
                    .replace("\"Etc/UTC\"", "\"Europe/Paris\"")
                    .replace("\"UTC\"", "\"CET\""));
            assertThat(mapper.fromTerm(inParis, OffsetDateTime.class)).isEqualTo(paris);
            assertThat(mapper.fromTerm(inParis, Instant.class)).isEqualTo(INSTANT);
        }

        @Test
        void iso8601TextIsAccepted() {
            assertThat(mapper.fromTerm(Binary.of("2024-01-02T03:04:05.120Z"), Instant.class))
                    .isEqualTo(INSTANT);
        }

        @Test
        void badStructsAreTypedErrors() {
            assertThatThrownBy(() -> mapper.fromTerm(elixir(DATE_TIME.replace("month: 1", "month: 13")), Instant.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageStartingWith("expected a valid %DateTime{}");
            assertThatThrownBy(() -> mapper.fromTerm(elixir(DATE_TIME.replace("day: 2", "day: :x")), Instant.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageStartingWith("expected a %DateTime{} with integer fields");
            assertThatThrownBy(() -> mapper.fromTerm(elixir("%{year: 2024}"), Instant.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("expected %DateTime{} or ISO-8601 date-time, got %{year: 2024}");
            assertThatThrownBy(() -> mapper.toTerm(Instant.parse("+10000-01-01T00:00:00Z")))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageContaining("Elixir's calendar ends at year 9999");
        }
    }

    @Nested
    class IntegerTimes {

        @Test
        void annotatedComponentsAreIntegers() {
            Event event = new Event(
                    INSTANT, Duration.ofSeconds(30), OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC));
            Term term = mapper.toTerm(event);
            assertThat(term).isEqualTo(elixir("%{at: 1704164645120, ttl: 30, seen: 1704164645}"));
            assertThat(mapper.fromTerm(term, Event.class)).isEqualTo(event);
        }

        @Test
        void encodingRoundsTowardThePast() {
            Event event = new Event(Instant.ofEpochSecond(-1, 999_999), Duration.ofMillis(1500), null);
            assertThat(mapper.toTerm(event)).isEqualTo(elixir("%{at: -1000, ttl: 1, seen: nil}"));
        }

        @Test
        void outOfRangeIsATypedError() {
            assertThatThrownBy(() ->
                            mapper.fromTerm(elixir("%{at: 99999999999999999999999, ttl: 1, seen: nil}"), Event.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessage("at: expected integer count of millis in Instant range, got 99999999999999999999999");
        }

        @Test
        void onlyTimeTypesTakeTheAnnotation() {
            assertThatThrownBy(() -> mapper.toTerm(new Bad("x")))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageContaining("@IntegerTime on Bad.at of type java.lang.String");
        }

        @Test
        void aDurationIsMillisecondsByDefault() {
            assertThat(mapper.toTerm(Duration.ofSeconds(2))).isEqualTo(Int.of(2000));
            assertThat(mapper.fromTerm(Int.of(-5), Duration.class)).isEqualTo(Duration.ofMillis(-5));
        }
    }

    @Nested
    class Uuids {

        final UUID uuid = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");

        @Test
        void aUuidIsItsTextAsABinary() {
            assertThat(mapper.toTerm(uuid)).isEqualTo(Binary.of("0f8fad5b-d9cb-469f-a165-70867728950e"));
            assertThat(mapper.fromTerm(Binary.of("0F8FAD5B-D9CB-469F-A165-70867728950E"), UUID.class))
                    .isEqualTo(uuid);
        }

        @Test
        void theRawSixteenBytesAreAccepted() {
            java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(16);
            raw.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            assertThat(mapper.fromTerm(Binary.of(raw.array()), UUID.class)).isEqualTo(uuid);
        }

        @Test
        void otherTextIsRejected() {
            assertThatThrownBy(() -> mapper.fromTerm(Binary.of("0f8fad5b-d9cb-469f-a165-70867728950g"), UUID.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageStartingWith("expected UUID as a 36-character string or 16-byte binary");
            assertThatThrownBy(() -> mapper.fromTerm(Binary.of("1-1-1-1-1"), UUID.class))
                    .isInstanceOf(TermMappingException.class);
        }
    }

    @Nested
    class Decimals {

        @Test
        void aBigDecimalIsADecimalStructKeepingItsScale() {
            Term term = elixir("%{__struct__: Decimal, sign: -1, coef: 1230, exp: -2}");
            assertThat(mapper.toTerm(new BigDecimal("-12.30"))).isEqualTo(term);
            assertThat(mapper.fromTerm(term, BigDecimal.class)).isEqualTo(new BigDecimal("-12.30"));
            assertThat(mapper.fromTerm(elixir("%{__struct__: Decimal, sign: 1, coef: 5, exp: 3}"), BigDecimal.class))
                    .isEqualTo(new BigDecimal("5E+3"));
        }

        @Test
        void integersAndFloatsAreAccepted() {
            assertThat(mapper.fromTerm(Int.of(7), BigDecimal.class)).isEqualTo(new BigDecimal(7));
            assertThat(mapper.fromTerm(Float64.of(0.1), BigDecimal.class)).isEqualTo(new BigDecimal("0.1"));
        }

        @Test
        void nanAndBadFieldsAreTypedErrors() {
            assertThatThrownBy(() -> mapper.fromTerm(
                            elixir("%{__struct__: Decimal, sign: 1, coef: :NaN, exp: 0}"), BigDecimal.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageStartingWith("expected a finite %Decimal{}");
            assertThatThrownBy(() -> mapper.fromTerm(
                            elixir("%{__struct__: Decimal, sign: 1, coef: 1, exp: 99999999999}"), BigDecimal.class))
                    .isInstanceOf(TermMappingException.class)
                    .hasMessageStartingWith("expected a %Decimal{} with sign 1 or -1");
        }
    }
}

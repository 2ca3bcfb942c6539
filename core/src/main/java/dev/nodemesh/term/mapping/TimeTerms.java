package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * {@code Instant} and {@code OffsetDateTime} as Elixir {@code %DateTime{}} structs or integers
 * since the epoch, and {@code Duration} as an integer count of a unit.
 *
 * <p>The struct is what {@code DateTime.utc_now()} sends: {@code calendar: Calendar.ISO}, the
 * date and time fields, {@code microsecond: {us, precision}}, {@code time_zone: "Etc/UTC"},
 * {@code zone_abbr: "UTC"}, {@code utc_offset: 0}, {@code std_offset: 0}.
 */
final class TimeTerms {

    private TimeTerms() {}

    static final Atom DATE_TIME = Atom.of("Elixir.DateTime");
    private static final Atom CALENDAR_ISO = Atom.of("Elixir.Calendar.ISO");
    private static final Atom CALENDAR = Atom.of("calendar");
    private static final Atom YEAR = Atom.of("year");
    private static final Atom MONTH = Atom.of("month");
    private static final Atom DAY = Atom.of("day");
    private static final Atom HOUR = Atom.of("hour");
    private static final Atom MINUTE = Atom.of("minute");
    private static final Atom SECOND = Atom.of("second");
    private static final Atom MICROSECOND = Atom.of("microsecond");
    private static final Atom TIME_ZONE = Atom.of("time_zone");
    private static final Atom ZONE_ABBR = Atom.of("zone_abbr");
    private static final Atom UTC_OFFSET = Atom.of("utc_offset");
    private static final Atom STD_OFFSET = Atom.of("std_offset");
    private static final Binary ETC_UTC = Binary.of("Etc/UTC");
    private static final Binary UTC = Binary.of("UTC");
    private static final String EXPECTED_DATE_TIME = "%DateTime{} or ISO-8601 date-time";
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
    /** Integers longer than this cannot be an instant or a duration in any unit. */
    private static final int LONGEST_INTEGER_BITS = 128;

    static final Encoder INSTANT = (value, cursor) -> dateTime(((Instant) value).atOffset(ZoneOffset.UTC), cursor);

    static final Encoder OFFSET_DATE_TIME =
            (value, cursor) -> dateTime(((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC), cursor);

    static final Decoder INSTANT_DECODER = (term, cursor) -> {
        Object value = offsetDateTime(term, cursor);
        return value instanceof OffsetDateTime time ? time.toInstant() : value;
    };

    static final Decoder OFFSET_DATE_TIME_DECODER = TimeTerms::offsetDateTime;

    /** The encoder of an {@link IntegerTime} component (Instant, OffsetDateTime or Duration). */
    static Encoder integerEncoder(ChronoUnit unit) {
        BigInteger unitNanos = unitNanos(unit);
        return (value, cursor) -> {
            BigInteger nanos;
            if (value instanceof Duration duration) {
                nanos = nanos(duration.getSeconds(), duration.getNano());
            } else {
                Instant instant = value instanceof OffsetDateTime time ? time.toInstant() : (Instant) value;
                nanos = nanos(instant.getEpochSecond(), instant.getNano());
            }
            BigInteger[] quotient = nanos.divideAndRemainder(unitNanos);
            BigInteger count = quotient[1].signum() < 0 ? quotient[0].subtract(BigInteger.ONE) : quotient[0];
            return Int.of(count);
        };
    }

    /** The decoder of an {@link IntegerTime} component of the given type. */
    static Decoder integerDecoder(Class<?> type, ChronoUnit unit) {
        BigInteger unitNanos = unitNanos(unit);
        String expected = "integer count of " + unit.name().toLowerCase(java.util.Locale.ROOT);
        return (term, cursor) -> {
            if (!(term instanceof Int count) || count.bigValue().bitLength() > LONGEST_INTEGER_BITS) {
                return cursor.mismatch(expected, term);
            }
            BigInteger[] split = count.bigValue().multiply(unitNanos).divideAndRemainder(NANOS_PER_SECOND);
            BigInteger seconds = split[0];
            BigInteger nanos = split[1];
            if (nanos.signum() < 0) {
                seconds = seconds.subtract(BigInteger.ONE);
                nanos = nanos.add(NANOS_PER_SECOND);
            }
            try {
                long wholeSeconds = seconds.longValueExact();
                if (type == Duration.class) {
                    return Duration.ofSeconds(wholeSeconds, nanos.longValue());
                }
                Instant instant = Instant.ofEpochSecond(wholeSeconds, nanos.longValue());
                return type == Instant.class ? instant : instant.atOffset(ZoneOffset.UTC);
            } catch (ArithmeticException | DateTimeException e) {
                return cursor.mismatch(expected + " in " + type.getSimpleName() + " range", term);
            }
        };
    }

    /** Checks an {@link IntegerTime} annotation against the component's type. */
    static void check(Class<?> type, ChronoUnit unit, String component) {
        if (type != Instant.class && type != OffsetDateTime.class && type != Duration.class) {
            throw new TermMappingException("@IntegerTime on " + component + " of type " + type.getName()
                    + ": only Instant, OffsetDateTime and Duration components map to integers");
        }
        unitNanos(unit);
    }

    private static BigInteger unitNanos(ChronoUnit unit) {
        if (unit.isDurationEstimated()) {
            throw new TermMappingException("@IntegerTime(" + unit + "): the unit has no exact length");
        }
        return nanos(unit.getDuration().getSeconds(), unit.getDuration().getNano());
    }

    private static BigInteger nanos(long seconds, int nanos) {
        return BigInteger.valueOf(seconds).multiply(NANOS_PER_SECOND).add(BigInteger.valueOf(nanos));
    }

    /** A UTC date-time as the struct {@code DateTime.utc_now()} sends. */
    private static Term dateTime(OffsetDateTime utc, Cursor cursor) {
        int year = utc.getYear();
        if (year < -9999 || year > 9999) {
            throw cursor.error("cannot map " + utc + " to a DateTime: Elixir's calendar ends at year 9999");
        }
        int micros = utc.getNano() / 1000;
        int precision = micros == 0 ? 0 : micros % 1000 == 0 ? 3 : 6;
        return TermMap.builder(14)
                .put(RecordShape.STRUCT_KEY, DATE_TIME)
                .put(CALENDAR, CALENDAR_ISO)
                .put(YEAR, Int.of(year))
                .put(MONTH, Int.of(utc.getMonthValue()))
                .put(DAY, Int.of(utc.getDayOfMonth()))
                .put(HOUR, Int.of(utc.getHour()))
                .put(MINUTE, Int.of(utc.getMinute()))
                .put(SECOND, Int.of(utc.getSecond()))
                .put(MICROSECOND, Tuple.of(Int.of(micros), Int.of(precision)))
                .put(TIME_ZONE, ETC_UTC)
                .put(ZONE_ABBR, UTC)
                .put(UTC_OFFSET, Int.of(0))
                .put(STD_OFFSET, Int.of(0))
                .build();
    }

    /** A {@code %DateTime{}} struct (in any zone) or an ISO-8601 text with an offset. */
    private static Object offsetDateTime(Term term, Cursor cursor) {
        if (term instanceof Binary binary && binary.isUtf8() && binary.size() <= 64) {
            try {
                return OffsetDateTime.parse(binary.utf8());
            } catch (DateTimeException e) {
                return cursor.mismatch(EXPECTED_DATE_TIME, term);
            }
        }
        if (!(term instanceof TermMap map) || !DATE_TIME.equals(map.get(RecordShape.STRUCT_KEY))) {
            return cursor.mismatch(EXPECTED_DATE_TIME, term);
        }
        Term calendar = map.get(CALENDAR);
        if (calendar != null && !CALENDAR_ISO.equals(calendar)) {
            return cursor.fail("expected a DateTime in Calendar.ISO, got calendar " + Render.value(calendar), null);
        }
        Term microsecond = map.get(MICROSECOND);
        int micros = microsecond instanceof Tuple tuple && tuple.size() == 2 ? small(tuple.get(0)) : MISSING;
        int year = small(map.get(YEAR));
        int month = small(map.get(MONTH));
        int day = small(map.get(DAY));
        int hour = small(map.get(HOUR));
        int minute = small(map.get(MINUTE));
        int second = small(map.get(SECOND));
        int offset = small(map.get(UTC_OFFSET));
        int std = small(map.get(STD_OFFSET));
        for (int field : new int[] {micros, year, month, day, hour, minute, second, offset, std}) {
            if (field == MISSING) {
                return cursor.fail("expected a %DateTime{} with integer fields, got " + Render.value(term), null);
            }
        }
        if (micros < 0 || micros > 999_999) {
            return cursor.fail("expected microseconds 0..999999 in a %DateTime{}, got " + micros, null);
        }
        try {
            return OffsetDateTime.of(
                    year, month, day, hour, minute, second, micros * 1000, ZoneOffset.ofTotalSeconds(offset + std));
        } catch (DateTimeException e) {
            return cursor.fail("expected a valid %DateTime{}, got " + Render.value(term) + ": " + e.getMessage(), e);
        }
    }

    private static final int MISSING = Integer.MIN_VALUE;

    /** An integer field that fits an int comfortably, or {@link #MISSING}. */
    private static int small(Term term) {
        if (term instanceof Int integer && integer.isLong()) {
            long value = integer.longValue();
            if (Math.abs(value) <= 1_000_000_000L) {
                return (int) value;
            }
        }
        return MISSING;
    }
}

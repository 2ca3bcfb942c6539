package dev.nodemesh.term.mapping;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/** The JDK value types with an Elixir counterpart: date-times, durations, UUIDs, decimals. */
final class StandardTypes {

    private StandardTypes() {}

    private static final Map<Class<?>, Encoder> ENCODERS = Map.of(
            Instant.class, TimeTerms.INSTANT,
            OffsetDateTime.class, TimeTerms.OFFSET_DATE_TIME,
            Duration.class, TimeTerms.integerEncoder(ChronoUnit.MILLIS),
            UUID.class, UuidTerms.ENCODER,
            BigDecimal.class, DecimalTerms.ENCODER);

    private static final Map<Class<?>, Decoder> DECODERS = Map.of(
            Instant.class, TimeTerms.INSTANT_DECODER,
            OffsetDateTime.class, TimeTerms.OFFSET_DATE_TIME_DECODER,
            Duration.class, TimeTerms.integerDecoder(Duration.class, ChronoUnit.MILLIS),
            UUID.class, UuidTerms.DECODER,
            BigDecimal.class, DecimalTerms.DECODER);

    /** The encoder of a value class, or null when it is not one of these types. */
    static Encoder encoder(Class<?> type) {
        return ENCODERS.get(type);
    }

    /** The decoder (without nil handling) of a target class, or null when it is not one of these types. */
    static Decoder decoder(Class<?> type) {
        return DECODERS.get(type);
    }
}

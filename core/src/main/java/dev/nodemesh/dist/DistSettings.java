package dev.nodemesh.dist;

import dev.nodemesh.term.etf.EtfLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings a connection manager works with.
 *
 * @param tickTime the net tick time: a tick after a quarter of it without writes, the peer dropped
 *     after about it without reads
 * @param handshakeTimeout how long connecting and the handshake may take in all
 * @param maxFrameSize the largest packet accepted from a peer, in bytes
 * @param termLimits bounds on the terms decoded from peers
 * @param maxPendingSends how many messages may wait for a connection that is being set up
 * @param sendLowWaterMark bytes waiting to be written below which blocked senders resume
 * @param sendHighWaterMark bytes waiting to be written above which senders (other than network
 *     threads) block until the backlog falls below the low water mark
 * @param directWrites whether a sending thread may write a packet to an idle connection's socket
 *     itself instead of handing it to the event loop
 * @param handshakeNameTimeout how long an accepted connection may take to send its name, the
 *     handshake's first message; at most {@code handshakeTimeout} counts
 * @param maxPendingHandshakesPerSource how many accepted connections from one address may be in
 *     their handshake at once
 */
public record DistSettings(
        Duration tickTime,
        Duration handshakeTimeout,
        int maxFrameSize,
        EtfLimits termLimits,
        int maxPendingSends,
        int sendLowWaterMark,
        int sendHighWaterMark,
        boolean directWrites,
        Duration handshakeNameTimeout,
        int maxPendingHandshakesPerSource) {

    /** The default high water mark: 1 MiB, as OTP's default {@code dist_buf_busy_limit}. */
    public static final int DEFAULT_SEND_HIGH_WATER_MARK = 1 << 20;

    /** The default low water mark: half the high one. */
    public static final int DEFAULT_SEND_LOW_WATER_MARK = DEFAULT_SEND_HIGH_WATER_MARK / 2;

    /**
     * The default deadline for an accepted connection's name message: 2 s, time for a real peer on
     * a slow link to send it even when its first segment is lost once (the first retransmission
     * comes after about 1 s).
     */
    public static final Duration DEFAULT_HANDSHAKE_NAME_TIMEOUT = Duration.ofSeconds(2);

    /** The default bound on the messages waiting for a connection that is being set up. */
    public static final int DEFAULT_MAX_PENDING_SENDS = 100_000;

    /** The default bound on the handshakes pending from one address. */
    public static final int DEFAULT_MAX_PENDING_HANDSHAKES_PER_SOURCE = 32;

    /**
     * Settings with the default water marks.
     *
     * @param tickTime the net tick time
     * @param handshakeTimeout how long connecting and the handshake may take in all
     * @param maxFrameSize the largest packet accepted from a peer, in bytes
     * @param termLimits bounds on the terms decoded from peers
     * @param maxPendingSends how many messages may wait for a connection that is being set up
     */
    public DistSettings(
            Duration tickTime, Duration handshakeTimeout, int maxFrameSize, EtfLimits termLimits, int maxPendingSends) {
        this(
                tickTime,
                handshakeTimeout,
                maxFrameSize,
                termLimits,
                maxPendingSends,
                DEFAULT_SEND_LOW_WATER_MARK,
                DEFAULT_SEND_HIGH_WATER_MARK,
                true,
                DEFAULT_HANDSHAKE_NAME_TIMEOUT,
                DEFAULT_MAX_PENDING_HANDSHAKES_PER_SOURCE);
    }

    /** Validates the settings. */
    public DistSettings {
        Objects.requireNonNull(tickTime, "tickTime");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(termLimits, "termLimits");
        if (tickTime.toMillis() < 4) {
            throw new IllegalArgumentException("tick time must be at least 4 ms, got " + tickTime);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive, got " + handshakeTimeout);
        }
        if (maxFrameSize < 64) {
            throw new IllegalArgumentException("max frame size must be at least 64 bytes, got " + maxFrameSize);
        }
        if (maxPendingSends < 0) {
            throw new IllegalArgumentException("max pending sends must not be negative, got " + maxPendingSends);
        }
        Objects.requireNonNull(handshakeNameTimeout, "handshakeNameTimeout");
        if (handshakeNameTimeout.isNegative() || handshakeNameTimeout.isZero()) {
            throw new IllegalArgumentException("handshake name timeout must be positive, got " + handshakeNameTimeout);
        }
        if (maxPendingHandshakesPerSource < 1) {
            throw new IllegalArgumentException(
                    "max pending handshakes per source must be at least 1, got " + maxPendingHandshakesPerSource);
        }
        if (sendLowWaterMark < 1 || sendHighWaterMark < sendLowWaterMark) {
            throw new IllegalArgumentException("send water marks must satisfy 1 <= low <= high, got low "
                    + sendLowWaterMark + " and high " + sendHighWaterMark);
        }
    }

    /**
     * Starts settings from the defaults, to be set by name.
     *
     * @param tickTime the net tick time
     * @param handshakeTimeout how long connecting and the handshake may take in all
     * @param maxFrameSize the largest packet accepted from a peer, in bytes
     * @param termLimits bounds on the terms decoded from peers
     * @return a builder
     */
    public static Builder builder(
            Duration tickTime, Duration handshakeTimeout, int maxFrameSize, EtfLimits termLimits) {
        return new Builder(tickTime, handshakeTimeout, maxFrameSize, termLimits);
    }

    /** Builds {@link DistSettings} by name, each setting not named at its default. */
    public static final class Builder {

        private final Duration tickTime;
        private final Duration handshakeTimeout;
        private final int maxFrameSize;
        private final EtfLimits termLimits;
        private int maxPendingSends = DEFAULT_MAX_PENDING_SENDS;
        private int sendLowWaterMark = DEFAULT_SEND_LOW_WATER_MARK;
        private int sendHighWaterMark = DEFAULT_SEND_HIGH_WATER_MARK;
        private boolean directWrites = true;
        private Duration handshakeNameTimeout = DEFAULT_HANDSHAKE_NAME_TIMEOUT;
        private int maxPendingHandshakesPerSource = DEFAULT_MAX_PENDING_HANDSHAKES_PER_SOURCE;

        private Builder(Duration tickTime, Duration handshakeTimeout, int maxFrameSize, EtfLimits termLimits) {
            this.tickTime = tickTime;
            this.handshakeTimeout = handshakeTimeout;
            this.maxFrameSize = maxFrameSize;
            this.termLimits = termLimits;
        }

        /**
         * Sets how many messages may wait for a connection that is being set up.
         *
         * @param messages the bound
         * @return this builder
         */
        public Builder maxPendingSends(int messages) {
            this.maxPendingSends = messages;
            return this;
        }

        /**
         * Sets the send water marks.
         *
         * @param low bytes waiting below which blocked senders resume
         * @param high bytes waiting above which senders block
         * @return this builder
         */
        public Builder sendWaterMarks(int low, int high) {
            this.sendLowWaterMark = low;
            this.sendHighWaterMark = high;
            return this;
        }

        /**
         * Sets whether a sending thread may write to an idle connection's socket itself.
         *
         * @param on whether it may
         * @return this builder
         */
        public Builder directWrites(boolean on) {
            this.directWrites = on;
            return this;
        }

        /**
         * Sets how long an accepted connection may take to send its name.
         *
         * @param timeout the deadline
         * @return this builder
         */
        public Builder handshakeNameTimeout(Duration timeout) {
            this.handshakeNameTimeout = timeout;
            return this;
        }

        /**
         * Sets how many accepted connections from one address may be in their handshake at once.
         *
         * @param handshakes the bound
         * @return this builder
         */
        public Builder maxPendingHandshakesPerSource(int handshakes) {
            this.maxPendingHandshakesPerSource = handshakes;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings, validated
         */
        public DistSettings build() {
            return new DistSettings(
                    tickTime,
                    handshakeTimeout,
                    maxFrameSize,
                    termLimits,
                    maxPendingSends,
                    sendLowWaterMark,
                    sendHighWaterMark,
                    directWrites,
                    handshakeNameTimeout,
                    maxPendingHandshakesPerSource);
        }
    }
}

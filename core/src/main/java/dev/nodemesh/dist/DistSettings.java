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
 */
public record DistSettings(
        Duration tickTime,
        Duration handshakeTimeout,
        int maxFrameSize,
        EtfLimits termLimits,
        int maxPendingSends,
        int sendLowWaterMark,
        int sendHighWaterMark,
        boolean directWrites) {

    /** The default high water mark: 1 MiB, as OTP's default {@code dist_buf_busy_limit}. */
    public static final int DEFAULT_SEND_HIGH_WATER_MARK = 1 << 20;

    /** The default low water mark: half the high one. */
    public static final int DEFAULT_SEND_LOW_WATER_MARK = DEFAULT_SEND_HIGH_WATER_MARK / 2;

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
                true);
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
        if (sendLowWaterMark < 1 || sendHighWaterMark < sendLowWaterMark) {
            throw new IllegalArgumentException("send water marks must satisfy 1 <= low <= high, got low "
                    + sendLowWaterMark + " and high " + sendHighWaterMark);
        }
    }
}

package dev.nodemesh.dist;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Lets one log line of a kind through per interval and counts the ones held back, so that a flood
 * of refused connections (a port scanner, a node with the wrong cookie retrying) cannot fill the
 * log. Thread-safe.
 */
public final class LogThrottle {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private boolean started;
    private long nextAllowed;
    private long heldBack;

    /**
     * Creates a throttle on the system's monotonic clock.
     *
     * @param interval the shortest time between two lines let through
     */
    public LogThrottle(Duration interval) {
        this(interval, System::nanoTime);
    }

    LogThrottle(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Asks to log one line.
     *
     * @return -1 when the line is to be held back (logged at a lower level, if at all); otherwise
     *     how many lines were held back since the last one let through
     */
    public synchronized long admit() {
        long now = nanoClock.getAsLong();
        if (started && now - nextAllowed < 0) {
            heldBack++;
            return -1;
        }
        started = true;
        nextAllowed = now + intervalNanos;
        long count = heldBack;
        heldBack = 0;
        return count;
    }
}

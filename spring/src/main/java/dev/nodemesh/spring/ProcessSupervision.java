package dev.nodemesh.spring;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link NodeProcessRegistrar} keeps the {@link NodeProcess} beans' mailboxes alive, as an OTP
 * supervisor keeps its children: a mailbox that ends (killed by a peer's {@code exit(pid, :kill)},
 * or ended by a handler's error) is registered again under its name with a new pid, after a
 * back-off, up to {@code maxRestarts} times within {@code period}; one more exit within that period
 * and the process is given up: it stays down, and the health indicator reports it DOWN.
 *
 * @param maxRestarts how many restarts are allowed within the period; 0 never restarts
 * @param period the window in which restarts are counted
 * @param backoff the wait before the first restart within the window; doubled for each further one
 * @param maxBackoff the longest wait before a restart
 * @param ignoreKill whether the mailboxes ignore the exit signal {@code kill} altogether (see
 *     {@link dev.nodemesh.MailboxOptions.Builder#ignoreKill(boolean)})
 */
public record ProcessSupervision(
        int maxRestarts, Duration period, Duration backoff, Duration maxBackoff, boolean ignoreKill) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when a count is negative, a duration not positive, or the
     *     longest back-off shorter than the first
     */
    public ProcessSupervision {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must be 0 or more; got " + maxRestarts);
        }
        if (period.isNegative() || period.isZero() || backoff.isNegative() || backoff.isZero()) {
            throw new IllegalArgumentException(
                    "period and backoff must be positive durations; got " + period + " and " + backoff);
        }
        if (maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff (" + maxBackoff + ") must not be shorter than backoff (" + backoff + ")");
        }
    }

    /**
     * Returns the defaults: at most 3 restarts within 30 s, after 100 ms doubling up to 5 s, and
     * {@code kill} ends a mailbox (which is then restarted).
     *
     * @return the default supervision
     */
    public static ProcessSupervision defaults() {
        return new ProcessSupervision(3, Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(5), false);
    }

    /**
     * Returns the wait before a restart.
     *
     * @param restartInPeriod which restart within the period this is, from 1
     * @return the back-off: {@code backoff} doubled {@code restartInPeriod - 1} times, at most
     *     {@code maxBackoff}
     */
    public Duration backoffBefore(int restartInPeriod) {
        Duration wait = backoff;
        for (int i = 1; i < restartInPeriod && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}

package dev.nodemesh.dist;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the connection table logs about attempts that fail: a connection this node asked for at
 * WARN; refused incoming connections at most one WARN line per {@link #REJECTION_WARNING_INTERVAL}
 * (saying how many were refused in between), the others at DEBUG, so that a peer hammering the
 * port costs a few lines, not one per attempt.
 */
final class ConnectionLog {

    /** The shortest time between two WARN lines about refused incoming connections. */
    static final Duration REJECTION_WARNING_INTERVAL = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(ConnectionManager.class);

    private final LogThrottle rejectionWarnings = new LogThrottle(REJECTION_WARNING_INTERVAL);

    /** An incoming connection was refused. */
    void rejected(String from, String reason) {
        long heldBack = rejectionWarnings.admit();
        if (heldBack < 0) {
            log.debug("rejected connection from {}: {}", from, reason);
        } else if (heldBack == 0) {
            log.warn("rejected connection from {}: {}", from, reason);
        } else {
            log.warn(
                    "rejected connection from {}: {} ({} more rejected since the last such warning, logged at DEBUG)",
                    from,
                    reason,
                    heldBack);
        }
    }

    /** A connection this node asked for failed: every attempt at it ended. */
    void failed(String peer, String reason) {
        log.warn("connection with {} failed: {}", peer, reason);
    }

    /** A connection this node asked for failed again, as its previous attempt did. */
    void failedAgain(String peer, String reason) {
        log.debug("connection with {} failed again: {}", peer, reason);
    }

    /** One attempt ended while another one to the same peer goes on. */
    void attemptEnded(String peer, String reason) {
        log.debug("connection attempt with {} ended: {}", peer, reason);
    }

    /** An incoming attempt gave way to this node's own, in a simultaneous connect. */
    void gaveWay(Object remote) {
        log.debug("gave way to a simultaneous connect from {}", remote);
    }
}

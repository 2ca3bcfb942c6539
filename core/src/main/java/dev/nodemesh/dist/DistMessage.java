package dev.nodemesh.dist;

import dev.nodemesh.term.Term;
import java.util.Objects;

/**
 * One packet of a distribution connection: a control message, and the payload term that follows
 * it when its operation carries one.
 *
 * @param control the control message
 * @param payload the message, exit reason or argument list; null exactly when {@code control}
 *     carries no payload
 */
public record DistMessage(ControlMessage control, Term payload) {

    /**
     * Creates a packet.
     *
     * @throws IllegalArgumentException if a payload is given for an operation that carries none,
     *     or missing for one that does
     */
    public DistMessage {
        Objects.requireNonNull(control, "control");
        DistFrames.checkPayload(control, payload);
    }
}

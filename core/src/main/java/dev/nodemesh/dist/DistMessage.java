package dev.nodemesh.dist;

import dev.nodemesh.term.Term;
import java.util.Objects;

/**
 * One packet of a distribution connection: a control message, and the payload term that follows
 * it when its operation carries one. A decoded packet also tells how many bytes its payload took
 * on the wire, so that a mailbox can count what it holds without encoding it again. Two packets are
 * equal when their control messages and payloads are.
 */
public final class DistMessage {

    private final ControlMessage control;
    private final Term payload;
    private final int payloadSize;

    /**
     * Creates a packet whose payload size is not known.
     *
     * @param control the control message
     * @param payload the message, exit reason or argument list; null exactly when {@code control}
     *     carries no payload
     * @throws IllegalArgumentException if a payload is given for an operation that carries none,
     *     or missing for one that does
     */
    public DistMessage(ControlMessage control, Term payload) {
        this(control, payload, 0);
    }

    /**
     * Creates a packet.
     *
     * @param control the control message
     * @param payload the payload, or null
     * @param payloadSize how many bytes the payload took in the packet; 0 when not known
     * @throws IllegalArgumentException as {@link #DistMessage(ControlMessage, Term)}, or for a
     *     negative size
     */
    public DistMessage(ControlMessage control, Term payload, int payloadSize) {
        Objects.requireNonNull(control, "control");
        DistFrames.checkPayload(control, payload);
        if (payloadSize < 0) {
            throw new IllegalArgumentException("payload size must not be negative: " + payloadSize);
        }
        this.control = control;
        this.payload = payload;
        this.payloadSize = payloadSize;
    }

    /**
     * Returns the control message.
     *
     * @return the control message
     */
    public ControlMessage control() {
        return control;
    }

    /**
     * Returns the payload.
     *
     * @return the payload, or null when the operation carries none
     */
    public Term payload() {
        return payload;
    }

    /**
     * Returns how many bytes the payload took in the packet, as decoded.
     *
     * @return the size, or 0 when not known (or there is no payload)
     */
    public int payloadSize() {
        return payloadSize;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DistMessage that
                && control.equals(that.control)
                && Objects.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return 31 * control.hashCode() + Objects.hashCode(payload);
    }

    @Override
    public String toString() {
        return "DistMessage[control=" + control + ", payload=" + payload + "]";
    }
}

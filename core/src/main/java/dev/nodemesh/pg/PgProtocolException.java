package dev.nodemesh.pg;

/**
 * A pg message from a peer that this node refuses: malformed, or beyond the bound of members a
 * peer may hold in a scope. The scope drops the message, keeps running and logs one line.
 */
public final class PgProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What was wrong with the message. */
    public enum Kind {
        /** The message has a pg tag but not the shape of that pg message. */
        MALFORMED,
        /** A member pid does not belong to the node of the scope that announced it. */
        FOREIGN_MEMBER,
        /** The peer's scope would hold more members than the bound allows. */
        MEMBER_LIMIT
    }

    private final Kind kind;

    /**
     * Creates the error.
     *
     * @param kind what was wrong
     * @param message the details
     */
    public PgProtocolException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /**
     * Tells what was wrong.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}

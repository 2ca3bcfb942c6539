package dev.nodemesh;

/**
 * Why a message sent to this node's processes reached none, as counted by {@link
 * Node#undeliverable(UndeliverableReason)}. Erlang drops such messages without a word; a node
 * counts them so that lost messages show up (for instance sent to a name before it is registered).
 */
public enum UndeliverableReason {

    /** Sent to a registered name ({@code {name, node} ! message}) that no process holds. */
    NO_SUCH_NAME("no_such_name"),

    /** Sent to a pid of this node whose process has ended or never existed (or is of another creation). */
    NO_SUCH_PROCESS("no_such_process");

    private final String tag;

    UndeliverableReason(String tag) {
        this.tag = tag;
    }

    /**
     * Returns the reason as a short snake_case word, for meter tags and log lines.
     *
     * @return the tag, such as {@code no_such_name}
     */
    public String tag() {
        return tag;
    }
}

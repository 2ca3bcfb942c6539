package dev.nodemesh.spring;

/**
 * How a message reached a {@link NodeProcess}; an {@link OnMessage} method receives it when it
 * declares a parameter of this type.
 */
public enum MessageKind {
    /** A gen_server call ({@code GenServer.call}, {@code NodeTemplate.call}): the return value is the reply. */
    CALL,
    /** A gen_server cast ({@code GenServer.cast}, {@code NodeTemplate.cast}): nothing is replied. */
    CAST,
    /** A plain message ({@code send/2}, {@code NodeTemplate.send}): nothing is replied. */
    INFO;

    /** The tag value of observations: the lower-case name. */
    String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.nodemesh;

/** The answer of {@link Node#ping}, named as {@code net_adm:ping/1} answers. */
public enum PingResult {
    /** The node answered. */
    PONG,
    /** The node could not be reached, refused the connection or did not answer in time. */
    PANG
}

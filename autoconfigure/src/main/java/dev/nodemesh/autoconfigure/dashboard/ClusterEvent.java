package dev.nodemesh.autoconfigure.dashboard;

import java.time.Instant;

/**
 * A node that came up or went down, as the cluster view lists it.
 *
 * @param at when this node learnt of it
 * @param node the other node's full name
 * @param type {@code up} or {@code down}
 * @param visible for {@code up}, whether the connection is visible; null for {@code down}
 * @param reason for {@code down}, OTP's {@code nodedown_reason} such as {@code connection_closed};
 *     null for {@code up}
 */
public record ClusterEvent(Instant at, String node, String type, Boolean visible, String reason) {}

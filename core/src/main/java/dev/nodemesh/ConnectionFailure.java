package dev.nodemesh;

import java.util.Optional;

/**
 * A connection attempt that failed before the connection came up, as {@link
 * NodeStatusListener#connectionFailed} reports it.
 *
 * @param node the peer, when known (an incoming attempt that never named itself has none)
 * @param incoming whether the peer dialled this node
 * @param kind a short, stable word for metrics: {@code bad_digest} (wrong cookie), {@code
 *     timeout}, {@code malformed}, {@code frame_too_large}, {@code missing_flags}, {@code
 *     not_allowed}, {@code name_mismatch}, {@code invalid_name}, {@code unsupported_version},
 *     {@code connection_closed}, {@code alive_refused}, {@code nok}, {@code tls_handshake} (the TLS
 *     handshake failed, or one side speaks TLS and the other plain TCP), or {@code unreachable} when
 *     the peer could not be found or dialled
 * @param detail what went wrong, for people; never contains the cookie
 */
public record ConnectionFailure(Optional<NodeName> node, boolean incoming, String kind, String detail) {}

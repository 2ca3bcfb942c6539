/**
 * The version-6 connection handshake of the Erlang distribution protocol: capability flags
 * ({@link dev.nodemesh.handshake.DistFlags}), the cookie digest ({@link
 * dev.nodemesh.handshake.CookieDigest}) and one Netty handler ({@link
 * dev.nodemesh.handshake.HandshakeHandler}) that runs the handshake as initiator or as acceptor.
 *
 * <p>Internal: not part of the public API. The handler reports its outcome as a user event,
 * {@link dev.nodemesh.handshake.HandshakeCompleted} or {@link
 * dev.nodemesh.handshake.HandshakeFailed}; the connection layer listens for them, installs the
 * post-handshake handlers and writes the one log line about a failed attempt.
 */
package dev.nodemesh.handshake;

/**
 * The byte stream of a distribution connection after the handshake: {@link
 * dev.nodemesh.transport.DistFrameDecoder} splits it into frames ({@code u32 length | data}),
 * and {@link dev.nodemesh.transport.TickHandler} keeps the connection alive with ticks and
 * closes it when the peer falls silent.
 *
 * <p>Internal: not part of the public API.
 */
package dev.nodemesh.transport;

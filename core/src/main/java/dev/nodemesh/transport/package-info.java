/**
 * The byte stream of a distribution connection after the handshake: {@link
 * dev.nodemesh.transport.DistFrameDecoder} splits it into frames ({@code u32 length | data}) and
 * hands each to a {@link dev.nodemesh.transport.FrameParser}, which reads it in place; {@link dev.nodemesh.transport.TickHandler} keeps the connection alive with ticks and
 * closes it when the peer falls silent. {@link dev.nodemesh.transport.Transport} opens the sockets as
 * {@link dev.nodemesh.transport.DirectSocketChannel}s, which a sending thread may write to itself
 * while nothing else is queued, saving the hand-off to the event loop.
 *
 * <p>Internal: not part of the public API.
 */
package dev.nodemesh.transport;

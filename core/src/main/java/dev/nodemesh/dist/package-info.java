/**
 * The distribution layer: the control messages of the Erlang distribution protocol ({@link
 * dev.nodemesh.dist.ControlMessage}), their codec on frames ({@link dev.nodemesh.dist.DistFrames},
 * {@link dev.nodemesh.dist.DistMessageDecoder}, {@link dev.nodemesh.dist.DistMessageEncoder}) in
 * either framing a connection negotiates ({@link dev.nodemesh.dist.DistFraming}: pass-through, or
 * the distribution header with the peer's atom cache references, resolved through a receive cache
 * per connection), and the connections to other nodes.
 *
 * <p>Internal: not part of the public API.
 */
package dev.nodemesh.dist;

package dev.nodemesh.transport;

/**
 * The user event {@link TickHandler} fires just before it closes a connection on which nothing
 * was read for too long: the {@code net_tick_timeout} of an Erlang node.
 */
public enum TickTimeout {
    /** The only instance. */
    INSTANCE
}

package dev.nodemesh;

/**
 * How a node's sockets are read and written: with Java NIO, or with Netty's native epoll transport
 * on Linux.
 *
 * <p>Epoll needs Netty's native library on the class path ({@code
 * io.netty:netty-transport-native-epoll} with the classifier {@code linux-x86_64} or {@code
 * linux-aarch_64}, of the same Netty version as the rest); nodemesh carries only its classes.
 * Direct writes (see {@link NodeConfig.Builder#directWrites}) work on NIO sockets only: on epoll
 * every packet is written by the connection's event loop.
 */
public enum IoTransport {

    /** Java NIO, on every platform (the default). */
    NIO,

    /** Netty's native epoll; a node fails to start when it is not available. */
    EPOLL,

    /** Epoll when its native library is available, NIO otherwise. */
    AUTO
}

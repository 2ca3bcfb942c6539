package dev.nodemesh.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import java.util.Optional;

/** The sockets and event loops a {@link Transport} runs on. */
public enum SocketKind {

    /** Java NIO: {@link DirectSocketChannel}s, which sending threads may write to directly. */
    NIO {
        @Override
        IoHandlerFactory ioHandlers() {
            return NioIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return DirectServerSocketChannel.class;
        }

        @Override
        Class<? extends SocketChannel> socketChannel() {
            return DirectSocketChannel.class;
        }
    },

    /** Netty's native epoll (Linux), when its native library is on the class path. */
    EPOLL {
        @Override
        IoHandlerFactory ioHandlers() {
            return EpollIoHandler.newFactory();
        }

        @Override
        Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }

        @Override
        Class<? extends SocketChannel> socketChannel() {
            return EpollSocketChannel.class;
        }
    };

    abstract IoHandlerFactory ioHandlers();

    abstract Class<? extends ServerChannel> serverChannel();

    abstract Class<? extends SocketChannel> socketChannel();

    /**
     * Tells why epoll cannot be used here, if it cannot: not Linux, or Netty's native library
     * missing or of another version.
     *
     * @return the reason, or empty when epoll is available
     */
    public static Optional<Throwable> epollUnavailability() {
        return Epoll.isAvailable() ? Optional.empty() : Optional.of(Epoll.unavailabilityCause());
    }
}

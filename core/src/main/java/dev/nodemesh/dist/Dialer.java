package dev.nodemesh.dist;

import dev.nodemesh.term.Atom;
import dev.nodemesh.transport.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * Dials peers: finds a peer's address (EPMD or the static table, which may block) on the
 * connector threads, then opens a socket to it. What happens on the socket, and which attempt
 * wins, is the connection table's business.
 */
final class Dialer {

    private final PeerLocator locator;
    private final Transport transport;
    private final Executor connector;
    private final Duration timeout;

    Dialer(PeerLocator locator, Transport transport, Executor connector, Duration timeout) {
        this.locator = locator;
        this.transport = transport;
        this.connector = connector;
        this.timeout = timeout;
    }

    /**
     * Dials a peer.
     *
     * @param peer the peer
     * @param onChannel takes the new socket, before it connects, and the address it connects to, to
     *     set up its pipeline
     * @param onFailure takes the socket that could not connect (null when the peer could not be
     *     found, before there was one) and why the peer could not be found or reached
     */
    void dial(
            Atom peer, BiConsumer<SocketChannel, InetSocketAddress> onChannel, BiConsumer<Channel, String> onFailure) {
        connector.execute(() -> {
            InetSocketAddress address;
            try {
                address = locator.locate(peer.name());
            } catch (IOException | RuntimeException e) {
                onFailure.accept(null, e.getMessage());
                return;
            }
            ChannelFuture connecting = transport.connect(address, timeout, new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    onChannel.accept(channel, address);
                }
            });
            connecting.addListener(future -> {
                if (!future.isSuccess()) {
                    onFailure.accept(
                            connecting.channel(), "cannot connect to " + address + ": " + messageOf(future.cause()));
                }
            });
        });
    }

    static String messageOf(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}

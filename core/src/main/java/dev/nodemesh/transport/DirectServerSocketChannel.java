package dev.nodemesh.transport;

import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;

/** A NIO listening channel whose accepted connections are {@link DirectSocketChannel}s. */
public class DirectServerSocketChannel extends NioServerSocketChannel {

    private static final InternalLogger log = InternalLoggerFactory.getInstance(DirectServerSocketChannel.class);

    /** Creates an unbound listening channel. */
    public DirectServerSocketChannel() {
        super();
    }

    @Override
    protected int doReadMessages(List<Object> accepted) throws Exception {
        SocketChannel socket = javaChannel().accept();
        if (socket == null) {
            return 0;
        }
        try {
            accepted.add(new DirectSocketChannel(this, socket));
            return 1;
        } catch (RuntimeException e) {
            log.warn("cannot set up an accepted connection; closing it", e);
            try {
                socket.close();
            } catch (IOException closing) {
                log.debug("closing the accepted socket failed", closing);
            }
            return 0;
        }
    }
}

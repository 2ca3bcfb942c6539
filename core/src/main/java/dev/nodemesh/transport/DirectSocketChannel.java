package dev.nodemesh.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A NIO socket channel that another thread may write to directly while the channel has nothing
 * queued, instead of handing the bytes to the event loop.
 *
 * <p>A hand-off to an idle NIO event loop costs a selector wake-up, which on a virtual machine
 * takes longer than a loopback round trip. A request/response exchange crosses that hand-off on
 * every request; {@link #writeNow} lets the requesting thread write its packet itself when the
 * socket is idle, so the packet leaves at once.
 *
 * <p>Order is kept by one rule: only the holder of this channel's write gate writes to the socket.
 * Netty's own writes ({@link #doWrite}) take the gate too and, when a direct write holds it, come
 * back a moment later instead of waiting. A direct write happens only when Netty has no bytes
 * queued; if the socket takes only part of it, the rest is kept as the head of the stream and
 * written before anything Netty queued afterwards, so packets never interleave.
 */
public class DirectSocketChannel extends NioSocketChannel {

    private final ReentrantLock writeGate = new ReentrantLock();

    /** Bytes of a direct write the socket did not take; written before anything else. */
    private ByteBuf head;

    /** Creates an unconnected channel, for outgoing connections. */
    public DirectSocketChannel() {
        super();
    }

    /**
     * Wraps an accepted socket.
     *
     * @param parent the listening channel
     * @param socket the accepted socket
     */
    public DirectSocketChannel(Channel parent, java.nio.channels.SocketChannel socket) {
        super(parent, socket);
    }

    /**
     * Writes a buffer's readable bytes to the socket on the calling thread, if nothing else is
     * queued for writing and no other write is under way. The bytes the socket takes at once are
     * consumed from {@code buffer}; if it takes only part, the rest is copied and written by the
     * event loop before anything else, and {@code buffer} is left empty too. When this returns
     * false nothing was written and {@code buffer} is untouched.
     *
     * <p>Any thread may call this, the channel's event loop too, except from within this
     * channel's own write (where it refuses).
     *
     * @param buffer the bytes; the caller keeps ownership
     * @return how many bytes the socket took at once, or -1 when the bytes must go through the
     *     event loop instead (something is queued, a write is under way, the channel is closed, or
     *     the buffer is not one contiguous region)
     */
    public long writeNow(ByteBuf buffer) {
        if (writeGate.isHeldByCurrentThread() || !writeGate.tryLock()) {
            return -1;
        }
        boolean kick = false;
        long written = 0;
        try {
            if (head != null || !isActive() || buffer.nioBufferCount() != 1) {
                return -1;
            }
            ChannelOutboundBuffer queued = unsafe().outboundBuffer();
            if (queued == null || queued.totalPendingWriteBytes() != 0) {
                return -1;
            }
            ByteBuffer bytes = buffer.internalNioBuffer(buffer.readerIndex(), buffer.readableBytes());
            try {
                while (bytes.hasRemaining()) {
                    int n = javaChannel().write(bytes);
                    if (n <= 0) {
                        break;
                    }
                    written += n;
                }
            } catch (IOException e) {
                // The peer is gone: the event loop sees it too and closes the channel; the packet
                // is dropped as Erlang drops a message to a node that went down.
                buffer.skipBytes(buffer.readableBytes());
                close();
                return written;
            }
            buffer.skipBytes((int) written);
            if (buffer.isReadable()) {
                head = Unpooled.copiedBuffer(buffer);
                buffer.skipBytes(buffer.readableBytes());
                kick = true;
            }
            return written;
        } finally {
            writeGate.unlock();
            if (kick) {
                // An empty write makes the event loop flush, and its doWrite starts with the head.
                writeAndFlush(Unpooled.EMPTY_BUFFER, voidPromise());
            }
        }
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) throws Exception {
        if (!writeGate.tryLock()) {
            // A direct write holds the socket for one system call: try again right after it.
            incompleteWrite(false);
            return;
        }
        try {
            if (head != null && !writeHead()) {
                incompleteWrite(true);
                return;
            }
            super.doWrite(in);
        } finally {
            writeGate.unlock();
        }
    }

    /** Writes what is left of the head; tells whether all of it is written. */
    private boolean writeHead() throws IOException {
        ByteBuffer bytes = head.internalNioBuffer(head.readerIndex(), head.readableBytes());
        int n;
        do {
            n = javaChannel().write(bytes);
            if (n > 0) {
                head.skipBytes(n);
            }
        } while (n > 0 && head.isReadable());
        if (head.isReadable()) {
            return false;
        }
        head.release();
        head = null;
        return true;
    }

    @Override
    protected void doClose() throws Exception {
        writeGate.lock();
        try {
            if (head != null) {
                head.release();
                head = null;
            }
        } finally {
            writeGate.unlock();
        }
        super.doClose();
    }
}

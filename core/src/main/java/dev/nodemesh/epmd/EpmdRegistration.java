package dev.nodemesh.epmd;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live registration with EPMD: the open ALIVE2 connection. EPMD lists the name exactly as long
 * as this connection lives; {@link #close()} unregisters it.
 *
 * <p>A daemon thread waits on the connection so that {@link #lost()} completes as soon as EPMD
 * closes it or it fails; the thread ends with the connection. Thread-safe.
 */
public final class EpmdRegistration implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EpmdRegistration.class);

    private final String alive;
    private final InetSocketAddress epmd;
    private final Socket socket;
    private final int creation;
    private final CompletableFuture<Void> lost = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread watcher;
    private volatile boolean active = true;

    EpmdRegistration(String alive, InetSocketAddress epmd, Socket socket, int creation) {
        this.alive = alive;
        this.epmd = epmd;
        this.socket = socket;
        this.creation = creation;
        this.watcher = new Thread(this::watch, "nodemesh-epmd-registration-" + alive);
        watcher.setDaemon(true);
        try {
            socket.setSoTimeout(0);
            socket.setKeepAlive(true);
        } catch (IOException e) {
            // the watcher sees the broken socket and reports it as lost
        }
        watcher.start();
    }

    /**
     * Returns the alive name this registration holds.
     *
     * @return the name as registered
     */
    public String alive() {
        return alive;
    }

    /**
     * Returns the EPMD this registration is held with.
     *
     * @return its address
     */
    public InetSocketAddress epmd() {
        return epmd;
    }

    /**
     * Returns the creation EPMD assigned: an opaque, non-zero unsigned 32-bit value (read it with
     * {@link Integer#toUnsignedLong(int)}), different for each registration of the same name.
     *
     * @return the creation
     */
    public int creation() {
        return creation;
    }

    /**
     * Tells whether the registration still holds: neither closed nor lost.
     *
     * @return whether EPMD still lists the name
     */
    public boolean isActive() {
        return active;
    }

    /**
     * Returns a future that completes when EPMD closes the connection or it fails, that is when
     * the name is no longer registered without this side having asked for it. It never completes
     * after {@link #close()} was called first. Dependent actions run on the registration's
     * watcher thread unless an executor is given.
     *
     * @return the future
     */
    public CompletableFuture<Void> lost() {
        return lost;
    }

    /** Unregisters the name by closing the connection. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        active = false;
        EpmdClient.closeQuietly(socket);
        if (Thread.currentThread() != watcher) {
            try {
                watcher.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void watch() {
        byte[] discard = new byte[64];
        String why = "EPMD closed the connection";
        try {
            InputStream in = socket.getInputStream();
            while (in.read(discard) >= 0) {
                // EPMD sends nothing after ALIVE2_X_RESP; anything else is ignored
            }
        } catch (IOException e) {
            why = e.getMessage();
        }
        active = false;
        if (!closed.get()) {
            EpmdClient.closeQuietly(socket);
            log.debug("registration of '{}' with EPMD at {} lost: {}", alive, EpmdProtocol.format(epmd), why);
            lost.complete(null);
        }
    }

    @Override
    public String toString() {
        return "EpmdRegistration['" + alive + "' at " + EpmdProtocol.format(epmd) + ", creation "
                + Integer.toUnsignedLong(creation) + (active ? "" : ", inactive") + "]";
    }
}

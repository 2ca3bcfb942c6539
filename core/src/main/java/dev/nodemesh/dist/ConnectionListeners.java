package dev.nodemesh.dist;

import dev.nodemesh.term.Atom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection table's listeners as one: each event goes to every listener in the order they
 * were added; one that throws is logged and the others still hear.
 */
final class ConnectionListeners implements ConnectionListener {

    private static final Logger log = LoggerFactory.getLogger(ConnectionManager.class);

    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

    void add(ConnectionListener listener) {
        listeners.add(listener);
    }

    @Override
    public void connectionUp(Connection connection) {
        for (ConnectionListener listener : listeners) {
            try {
                listener.connectionUp(connection);
            } catch (RuntimeException e) {
                log.error(
                        "connection listener failed on nodeup of {}",
                        connection.peer().name(),
                        e);
            }
        }
    }

    @Override
    public void connectionDown(Connection connection, DisconnectReason reason) {
        for (ConnectionListener listener : listeners) {
            try {
                listener.connectionDown(connection, reason);
            } catch (RuntimeException e) {
                log.error(
                        "connection listener failed on nodedown of {}",
                        connection.peer().name(),
                        e);
            }
        }
    }

    @Override
    public void attemptFailed(Atom peer, boolean incoming, String kind, String detail) {
        for (ConnectionListener listener : listeners) {
            try {
                listener.attemptFailed(peer, incoming, kind, detail);
            } catch (RuntimeException e) {
                log.error("connection listener failed on a failed attempt", e);
            }
        }
    }
}

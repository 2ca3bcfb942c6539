package dev.nodemesh.epmd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Listens on one address and relays every connection, byte for byte both ways, to another: a
 * test opens it to let a client reach a server at the moment the test chooses. Closing stops
 * listening and closes every relayed connection.
 */
final class TcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger finished = new AtomicInteger();

    private TcpRelay(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /**
     * Starts relaying.
     *
     * @param listen where clients connect
     * @param target where their bytes go
     * @return the running relay
     * @throws IOException when it cannot listen
     */
    static TcpRelay open(InetSocketAddress listen, InetSocketAddress target) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(listen);
        TcpRelay relay = new TcpRelay(server, target);
        relay.spawn("relay-accept", relay::acceptLoop);
        return relay;
    }

    /** How many relayed connections have ended, from either side. */
    int finishedConnections() {
        return finished.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Socket upstream = new Socket();
                sockets.add(upstream);
                upstream.connect(target, 5000);
                AtomicBoolean ended = new AtomicBoolean();
                spawn("relay-up", () -> pump(client, upstream, ended));
                spawn("relay-down", () -> pump(upstream, client, ended));
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection close
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicBoolean ended) {
        byte[] buffer = new byte[4096];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(to);
            closeQuietly(from);
            if (ended.compareAndSet(false, true)) {
                finished.incrementAndGet();
            }
        }
    }

    private void spawn(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(TcpRelay::closeQuietly);
        for (Thread thread : threads) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

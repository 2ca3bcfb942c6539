package dev.nodemesh.epmd;

import static dev.nodemesh.epmd.EpmdProtocol.format;

import dev.nodemesh.epmd.EpmdException.Kind;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one node registered with EPMD for its whole life.
 *
 * <p>In {@link Mode#AUTO}, when nothing answers at the EPMD address, the registrar starts an
 * {@link EmbeddedEpmd} on that address and registers there; other nodes on the host (nodemesh or
 * {@code erl}) then use it. When the EPMD this node is registered with goes away (for example
 * because the JVM hosting the embedded EPMD stopped), the registrar re-registers in the
 * background, retrying with a backoff of 50 ms doubling to 1 s until it succeeds or is closed:
 * with whatever EPMD answers, or, in {@code AUTO} mode, by hosting a new embedded EPMD itself.
 * Of several registrars racing for the port one wins and the others register with it.
 *
 * <p>The node keeps the creation of its first registration ({@link #creation()}) for its whole
 * life, whatever creations later registrations get.
 *
 * <pre>{@code
 * try (EpmdRegistrar registrar = EpmdRegistrar.start("chip", 41234,
 *         new InetSocketAddress("127.0.0.1", EpmdClient.defaultPort()), Mode.AUTO, Duration.ofSeconds(5))) {
 *     int creation = registrar.creation();
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. Retries run on one daemon thread, which {@link #close()} stops.
 */
public final class EpmdRegistrar implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EpmdRegistrar.class);

    private static final long MIN_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 1000;
    private static final int START_ATTEMPTS = 5;
    private static final int FAILURES_BEFORE_WARNING = 5;

    /** What to do when nothing answers at the EPMD address. */
    public enum Mode {
        /** Start an {@link EmbeddedEpmd} on the EPMD address and register with it. */
        AUTO,
        /** Use only an EPMD run by someone else: fail with {@link Kind#UNREACHABLE} at start. */
        EXTERNAL
    }

    private final String alive;
    private final int distributionPort;
    private final Mode mode;
    private final EpmdClient client;
    private final boolean canHost;
    private final InetAddress embeddedBind;
    private final int creation;
    private final ScheduledExecutorService retries;
    private final Object lock = new Object();
    private EpmdRegistration registration; // guarded by lock
    private EmbeddedEpmd embedded; // guarded by lock
    private boolean closed; // guarded by lock
    private volatile Thread retryThread;
    private volatile Thread.UncaughtExceptionHandler onError;
    private long backoffMillis = MIN_BACKOFF_MILLIS; // retry thread only
    private int failures; // retry thread only

    private EpmdRegistrar(
            String alive,
            int distributionPort,
            Mode mode,
            EpmdClient client,
            boolean canHost,
            InetAddress embeddedBind,
            Outcome first) {
        this.embeddedBind = embeddedBind;
        this.alive = alive;
        this.distributionPort = distributionPort;
        this.mode = mode;
        this.client = client;
        this.canHost = canHost;
        this.creation = first.registration.creation();
        this.registration = first.registration;
        this.embedded = first.embedded;
        this.retries = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "nodemesh-epmd-registrar-" + alive);
            thread.setDaemon(true);
            retryThread = thread;
            return thread;
        });
    }

    /**
     * Registers a node and keeps it registered until {@link #close()}.
     *
     * @param alive the alive part of the node name (before {@code @}), 1 to 255 bytes of UTF-8
     * @param distributionPort where the node accepts distribution connections, 1..65535
     * @param epmd the EPMD address, usually {@code 127.0.0.1} and {@link EpmdClient#defaultPort()}
     * @param mode whether to host an embedded EPMD when nothing answers
     * @param timeout how long connecting to EPMD, and each request, may take
     * @return the running registrar
     * @throws EpmdException {@code NAME_IN_USE} if another node has the name; {@code UNREACHABLE}
     *     if no EPMD answers (in {@code EXTERNAL} mode, or in {@code AUTO} mode when none can be
     *     started there either); {@code TIMEOUT} or {@code PROTOCOL} if the process at the EPMD
     *     address does not answer like an EPMD
     * @throws IllegalArgumentException if the name, port or timeout is invalid
     */
    public static EpmdRegistrar start(
            String alive, int distributionPort, InetSocketAddress epmd, Mode mode, Duration timeout)
            throws EpmdException {
        return start(alive, distributionPort, epmd, epmd.getAddress(), mode, timeout);
    }

    /**
     * Registers a node as {@link #start(String, int, InetSocketAddress, Mode, Duration)} does, but an
     * embedded EPMD, when one is started, listens on {@code embeddedBind} (for example every
     * interface, as the system's {@code epmd} does, so that nodes on other hosts can look this node
     * up) while this node still registers through {@code epmd}.
     *
     * @param alive the alive part of the node name
     * @param distributionPort where the node accepts distribution connections
     * @param epmd the EPMD address to register with, usually {@code 127.0.0.1}
     * @param embeddedBind the address an embedded EPMD listens on; it must accept connections to
     *     {@code epmd} (the same address, or the wildcard)
     * @param mode whether to host an embedded EPMD when nothing answers
     * @param timeout how long connecting to EPMD, and each request, may take
     * @return the running registrar
     * @throws EpmdException as the other {@code start}
     */
    public static EpmdRegistrar start(
            String alive,
            int distributionPort,
            InetSocketAddress epmd,
            InetAddress embeddedBind,
            Mode mode,
            Duration timeout)
            throws EpmdException {
        Objects.requireNonNull(embeddedBind, "embeddedBind");
        EpmdProtocol.aliveBytes(alive);
        EpmdProtocol.checkPort(distributionPort, "distribution port");
        Objects.requireNonNull(mode, "mode");
        EpmdClient client = new EpmdClient(epmd, timeout);
        boolean canHost = mode == Mode.AUTO && isOwnAddress(epmd.getAddress());
        long backoff = MIN_BACKOFF_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                Outcome first = registerOnce(alive, distributionPort, client, canHost, embeddedBind);
                EpmdRegistrar registrar =
                        new EpmdRegistrar(alive, distributionPort, mode, client, canHost, embeddedBind, first);
                if (first.embedded != null) {
                    log.info("no EPMD answered at {}; now hosting an embedded EPMD there", format(epmd));
                }
                registrar.watch(first.registration);
                return registrar;
            } catch (EpmdException e) {
                // UNREACHABLE in AUTO mode means another node started or stopped an EPMD meanwhile
                if (!canHost || e.kind() != Kind.UNREACHABLE || attempt == START_ATTEMPTS) {
                    throw e;
                }
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EpmdException(Kind.UNREACHABLE, "interrupted while registering '" + alive + "' with EPMD", e);
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /**
     * Returns the creation of the node's first registration. It stays the same for the node's
     * life, also after re-registrations.
     *
     * @return the creation, an opaque non-zero unsigned 32-bit value
     */
    public int creation() {
        return creation;
    }

    /**
     * Tells whether this registrar currently runs an embedded EPMD.
     *
     * @return whether the embedded EPMD on the EPMD address is this registrar's
     */
    public boolean hostsEmbeddedEpmd() {
        synchronized (lock) {
            return embedded != null;
        }
    }

    /**
     * Tells whether the node is registered right now; false for the short time between losing an
     * EPMD and re-registering, and after {@link #close()}.
     *
     * @return whether EPMD lists the node
     */
    public boolean isRegistered() {
        synchronized (lock) {
            return registration != null && registration.isActive();
        }
    }

    /**
     * Returns a client for the EPMD this registrar uses, for looking up peers.
     *
     * @return the client
     */
    public EpmdClient client() {
        return client;
    }

    /**
     * Hands every {@link Error} raised on the registrar's retry thread or on the thread of the
     * embedded EPMD it hosts (out of memory, a stack overflow) to a handler, on that thread.
     *
     * @param handler the handler: the node's, which closes it
     */
    public void onError(Thread.UncaughtExceptionHandler handler) {
        this.onError = Objects.requireNonNull(handler, "handler");
        synchronized (lock) {
            if (embedded != null) {
                embedded.onError(handler);
            }
        }
    }

    /** Runs a retry task; an Error in it goes to {@link #onError}, not into the executor's future. */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (Error e) {
            Thread.UncaughtExceptionHandler handler = onError;
            if (handler == null) {
                throw e;
            }
            handler.uncaughtException(Thread.currentThread(), e);
        }
    }

    /** Unregisters the node, stops retrying and stops the embedded EPMD if this registrar hosts one. */
    @Override
    public void close() {
        EpmdRegistration ownRegistration;
        EmbeddedEpmd ownEpmd;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            ownRegistration = registration;
            ownEpmd = embedded;
            registration = null;
            embedded = null;
        }
        retries.shutdownNow();
        if (ownRegistration != null) {
            ownRegistration.close();
        }
        if (ownEpmd != null) {
            ownEpmd.close();
        }
        if (Thread.currentThread() != retryThread) {
            awaitTermination(retries);
        }
    }

    @Override
    public String toString() {
        return "EpmdRegistrar['" + alive + "', " + mode + ", " + format(client.address())
                + (hostsEmbeddedEpmd() ? ", hosting the embedded EPMD" : "") + "]";
    }

    private void watch(EpmdRegistration watched) {
        watched.lost().thenRunAsync(() -> guarded(() -> lost(watched)), task -> {
            try {
                retries.execute(task);
            } catch (RejectedExecutionException e) {
                // closed meanwhile: nothing to re-register
            }
        });
    }

    private void lost(EpmdRegistration watched) {
        synchronized (lock) {
            if (closed || registration != watched) {
                return;
            }
            registration = null;
        }
        log.debug("registration of '{}' with EPMD at {} lost; re-registering", alive, format(client.address()));
        backoffMillis = MIN_BACKOFF_MILLIS;
        failures = 0;
        reregister();
    }

    private void reregister() {
        Outcome outcome;
        try {
            outcome = registerOnce(alive, distributionPort, client, canHost, embeddedBind);
        } catch (EpmdException | RuntimeException e) {
            retryLater(e);
            return;
        }
        EmbeddedEpmd replaced = null;
        boolean keep;
        synchronized (lock) {
            keep = !closed;
            if (keep) {
                registration = outcome.registration;
                if (outcome.embedded != null) {
                    replaced = embedded;
                    embedded = outcome.embedded;
                    if (onError != null) {
                        embedded.onError(onError);
                    }
                }
            }
        }
        if (!keep) {
            outcome.close();
            return;
        }
        if (replaced != null) {
            replaced.close();
        }
        if (outcome.embedded != null) {
            log.info(
                    "EPMD at {} went away; now hosting an embedded EPMD ('{}' re-registered)",
                    format(client.address()),
                    alive);
        } else {
            log.info("re-registered '{}' with EPMD at {}", alive, format(client.address()));
        }
        watch(outcome.registration);
    }

    private void retryLater(Exception failure) {
        failures++;
        if (failures == FAILURES_BEFORE_WARNING) {
            log.warn(
                    "'{}' is not registered with EPMD at {} and cannot re-register yet ({}); retrying until it works",
                    alive,
                    format(client.address()),
                    failure.getMessage());
        } else {
            log.debug("re-registering '{}' failed: {}", alive, failure.getMessage());
        }
        try {
            retries.schedule(() -> guarded(this::reregister), backoffMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return; // closed meanwhile
        }
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    }

    /**
     * Registers with whatever EPMD answers; when none does and {@code canHost}, starts an embedded
     * EPMD on the address and registers with it.
     */
    private static Outcome registerOnce(
            String alive, int distributionPort, EpmdClient client, boolean canHost, InetAddress embeddedBind)
            throws EpmdException {
        try {
            return new Outcome(client.register(alive, distributionPort), null);
        } catch (EpmdException e) {
            if (!canHost || e.kind() != Kind.UNREACHABLE) {
                throw e;
            }
        }
        EmbeddedEpmd started;
        try {
            started = EmbeddedEpmd.start(
                    new InetSocketAddress(embeddedBind, client.address().getPort()));
        } catch (BindException e) {
            // another node started an EPMD meanwhile: use it
            return new Outcome(client.register(alive, distributionPort), null);
        } catch (IOException e) {
            throw new EpmdException(
                    Kind.UNREACHABLE,
                    "no EPMD answers at " + format(client.address()) + " and no embedded one could be started there ("
                            + e.getMessage() + ")",
                    e);
        }
        try {
            return new Outcome(client.register(alive, distributionPort), started);
        } catch (EpmdException | RuntimeException e) {
            started.close();
            throw e;
        }
    }

    private static boolean isOwnAddress(InetAddress address) {
        if (address == null) {
            return false;
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A registration, and the embedded EPMD started for it, if any. */
    private static final class Outcome {
        final EpmdRegistration registration;
        final EmbeddedEpmd embedded;

        Outcome(EpmdRegistration registration, EmbeddedEpmd embedded) {
            this.registration = registration;
            this.embedded = embedded;
        }

        void close() {
            registration.close();
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}

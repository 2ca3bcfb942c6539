package dev.nodemesh.process;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one node shares among all its mailboxes that have a handler: a fixed number of
 * daemon threads, started on first use, taking tasks in the order they were submitted. Each
 * mailbox submits at most one task at a time, so the queue holds at most one task per busy
 * mailbox. On JDK 21 and later it may instead run each task on a new virtual thread ({@link
 * #virtual}): a handler that blocks then holds no platform thread, and still no two tasks of one
 * mailbox overlap.
 */
public final class DispatchPool {

    private final ExecutorService executor;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    /**
     * Creates the pool; no thread starts until the first task.
     *
     * @param threads how many threads at most
     * @param namePrefix the threads' names are this prefix, a dash and a number
     */
    public DispatchPool(int threads, String namePrefix) {
        this(threads, namePrefix, DEFAULT_SPIN);
    }

    /** How long an idle dispatch thread keeps looking for work before it sleeps. */
    static final Duration DEFAULT_SPIN = Duration.ofNanos(50_000);

    /**
     * Creates the pool; no thread starts until the first task.
     *
     * @param threads how many threads at most
     * @param namePrefix the threads' names are this prefix, a dash and a number
     * @param spin how long a thread that found no task keeps polling (yielding the processor to
     *     any other runnable thread) before it sleeps; zero sleeps at once
     */
    public DispatchPool(int threads, String namePrefix, Duration spin) {
        this(threads, namePrefix, spin, null);
    }

    /**
     * Creates the pool; no thread starts until the first task.
     *
     * @param threads how many threads at most
     * @param namePrefix the threads' names are this prefix, a dash and a number
     * @param spin how long a thread that found no task keeps polling before it sleeps
     * @param onError takes what a task throws out of a pool thread (an {@link Error}, typically),
     *     on that thread; null for the JVM's default handler
     */
    public DispatchPool(int threads, String namePrefix, Duration spin, Thread.UncaughtExceptionHandler onError) {
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.MILLISECONDS, new SpinningQueue(spin.toNanos()), runnable -> {
                    Thread thread =
                            new Thread(() -> runTracked(runnable), namePrefix + "-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    if (onError != null) {
                        thread.setUncaughtExceptionHandler(onError);
                    }
                    return thread;
                });
    }

    private DispatchPool(ExecutorService executor) {
        this.executor = executor;
    }

    /**
     * Tells whether this JVM has virtual threads (JDK 21 and later).
     *
     * @return whether {@link #virtual} can be used
     */
    public static boolean virtualThreadsAvailable() {
        return virtualThreadFactoryMethod() != null;
    }

    /**
     * Creates a pool that runs each task on a new virtual thread, named the prefix, a dash and a
     * number; on a JVM without virtual threads (JDK 17) it throws.
     *
     * @param namePrefix the threads' name prefix
     * @param onError takes what a task throws out of its thread; null for the JVM's default
     * @return the pool
     * @throws UnsupportedOperationException without virtual threads
     */
    public static DispatchPool virtual(String namePrefix, Thread.UncaughtExceptionHandler onError) {
        Method ofVirtual = virtualThreadFactoryMethod();
        if (ofVirtual == null) {
            throw new UnsupportedOperationException(
                    "virtual threads need JDK 21 or later; this is " + Runtime.version());
        }
        try {
            Object builder = ofVirtual.invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, namePrefix + "-", 1L);
            if (onError != null) {
                builder = builderType
                        .getMethod("uncaughtExceptionHandler", Thread.UncaughtExceptionHandler.class)
                        .invoke(builder, onError);
            }
            ThreadFactory virtualThreads =
                    (ThreadFactory) builderType.getMethod("factory").invoke(builder);
            DispatchPool[] pool = new DispatchPool[1];
            ExecutorService perTask = (ExecutorService) Executors.class
                    .getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                    .invoke(null, (ThreadFactory) task -> virtualThreads.newThread(() -> pool[0].runTracked(task)));
            pool[0] = new DispatchPool(perTask);
            return pool[0];
        } catch (ClassNotFoundException | IllegalAccessException | NoSuchMethodException e) {
            throw new UnsupportedOperationException("virtual threads are not available: " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("could not create the virtual thread pool", e.getCause());
        }
    }

    private static Method virtualThreadFactoryMethod() {
        try {
            return Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /**
     * The pool's queue: a thread that finds it empty polls it for a while, yielding between polls,
     * before it blocks. Waking a blocked thread costs tens of microseconds on a busy or virtual
     * machine; a thread still polling takes the next task at once, as the Erlang VM's schedulers
     * busy-wait before sleeping. A submitter signals only a thread that is really blocked.
     */
    static final class SpinningQueue extends LinkedBlockingQueue<Runnable> {

        private static final long serialVersionUID = 1L;

        private final long spinNanos;

        SpinningQueue(long spinNanos) {
            this.spinNanos = spinNanos;
        }

        @Override
        public Runnable take() throws InterruptedException {
            Runnable task = spin();
            return task != null ? task : super.take();
        }

        @Override
        public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
            Runnable task = spin();
            return task != null ? task : super.poll(timeout, unit);
        }

        private Runnable spin() throws InterruptedException {
            if (spinNanos <= 0) {
                return null;
            }
            long deadline = System.nanoTime() + spinNanos;
            do {
                Runnable task = poll();
                if (task != null) {
                    return task;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                Thread.yield();
            } while (System.nanoTime() < deadline);
            return null;
        }
    }

    private void runTracked(Runnable worker) {
        Thread current = Thread.currentThread();
        threads.add(current);
        try {
            worker.run();
        } finally {
            threads.remove(current);
        }
    }

    /**
     * Submits a task.
     *
     * @param task the task
     * @return false when the pool is closed and the task will not run
     */
    public boolean execute(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Tells whether the calling thread is one of this pool's.
     *
     * @return whether it is
     */
    public boolean isPoolThread() {
        return threads.contains(Thread.currentThread());
    }

    /**
     * Stops taking tasks, lets the submitted ones run for up to a grace period, then interrupts
     * what still runs. Called from one of the pool's own threads it does not wait for itself.
     *
     * @param grace how long the submitted tasks may still run
     */
    public void close(Duration grace) {
        executor.shutdown();
        if (isPoolThread()) {
            return;
        }
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}

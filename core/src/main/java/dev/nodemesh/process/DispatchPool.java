package dev.nodemesh.process;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads one node shares among all its mailboxes that have a handler: a fixed number of
 * daemon threads, started on first use, taking tasks in the order they were submitted. Each
 * mailbox submits at most one task at a time, so the queue holds at most one task per busy
 * mailbox.
 */
public final class DispatchPool {

    private final ThreadPoolExecutor executor;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    /**
     * Creates the pool; no thread starts until the first task.
     *
     * @param threads how many threads at most
     * @param namePrefix the threads' names are this prefix, a dash and a number
     */
    public DispatchPool(int threads, String namePrefix) {
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread =
                            new Thread(() -> runTracked(runnable), namePrefix + "-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
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

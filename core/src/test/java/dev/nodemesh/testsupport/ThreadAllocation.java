package dev.nodemesh.testsupport;

import java.lang.management.ManagementFactory;

/**
 * Measures the heap the current thread allocates, for the fuzz tests' bound on allocation. Unlike
 * a skip, a JVM that cannot tell fails: a fuzz test that silently checks nothing is a defect.
 */
public final class ThreadAllocation {

    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private ThreadAllocation() {}

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean sun
                && sun.isThreadAllocatedMemorySupported()) {
            sun.setThreadAllocatedMemoryEnabled(true);
            return sun;
        }
        throw new IllegalStateException("this JVM does not report per-thread allocation (HotSpot does)");
    }

    /**
     * Returns the bytes the current thread has allocated so far; the difference of two readings is
     * what ran in between allocated.
     *
     * @return the running total for the current thread
     */
    public static long sofar() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}

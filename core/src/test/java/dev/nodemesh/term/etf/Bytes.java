package dev.nodemesh.term.etf;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;

/** Helpers for hand-made inputs and for measuring what a decode allocates. */
final class Bytes {

    private Bytes() {}

    /**
     * Builds bytes from ints (each 0..255), {@code byte[]}s and strings (as Latin-1), in order.
     *
     * @param parts the pieces
     * @return the concatenation
     */
    static byte[] of(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer value) {
                if (value < 0 || value > 255) {
                    throw new IllegalArgumentException("not a byte: " + value);
                }
                out.write(value);
            } else if (part instanceof byte[] array) {
                out.writeBytes(array);
            } else if (part instanceof String text) {
                for (char c : text.toCharArray()) {
                    out.write(c);
                }
            } else {
                throw new IllegalArgumentException("cannot append " + part);
            }
        }
        return out.toByteArray();
    }

    /** The four big-endian bytes of {@code value}. */
    static byte[] u32(long value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** The two big-endian bytes of {@code value}. */
    static byte[] u16(int value) {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    /** {@code count} copies of {@code pattern}. */
    static byte[] repeat(byte[] pattern, int count) {
        byte[] out = new byte[pattern.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(pattern, 0, out, i * pattern.length, pattern.length);
        }
        return out;
    }

    /**
     * Returns how many bytes of heap the current thread allocated while running {@code action}
     * (which may throw; the exception is swallowed). Skips the test on a JVM that cannot tell.
     */
    static long allocatedBy(Runnable action) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(
                bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported(),
                "this JVM does not report per-thread allocation");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        try {
            action.run();
        } catch (RuntimeException expected) {
            // the caller asserts on the exception separately
        }
        return threads.getThreadAllocatedBytes(thread) - before;
    }
}

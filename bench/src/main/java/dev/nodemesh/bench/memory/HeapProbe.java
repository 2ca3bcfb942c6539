package dev.nodemesh.bench.memory;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Reads the JVM's retained heap: heap use after full collections, settled until two readings
 * agree, and the class histogram of live objects ({@code jcmd GC.class_histogram}, through the
 * platform's {@code DiagnosticCommand} MBean), which gives the exact count and shallow size of
 * every class's instances.
 */
final class HeapProbe {

    private static final Pattern HISTOGRAM_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    /**
     * Collects until the heap in use stops moving (two readings within {@code tolerance}) and
     * returns the lower of the two.
     *
     * @param tolerance how close two readings must be, in bytes
     * @return the bytes in use
     */
    long settledUsed(long tolerance) {
        long previous = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 20; attempt++) {
            System.gc();
            pause(40);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - previous) <= tolerance) {
                return Math.min(used, previous);
            }
            previous = used;
        }
        return previous;
    }

    /**
     * Takes the class histogram of live objects (a full collection first), as text. Hold the text,
     * not its parse, between two histograms to compare: the text is two objects, the same in each.
     *
     * @return the output of {@code GC.class_histogram}
     */
    String liveHistogram() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
            return (String) text;
        } catch (JMException e) {
            throw new IllegalStateException("the class histogram is not available: " + e.getMessage(), e);
        }
    }

    /**
     * Takes live class histograms until one holds exactly {@code instances} instances of a class
     * (objects of a closed component stay reachable until its threads have exited), for at most
     * five seconds.
     *
     * @param className the class, as the histogram names it
     * @param instances how many of it may be live
     * @return the first histogram that shows them, as text
     * @throws IllegalStateException when none does within five seconds
     */
    String liveHistogramWithOnly(String className, long instances) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            String text = liveHistogram();
            long[] entry = parseHistogram(text).getOrDefault(className, new long[2]);
            if (entry[0] == instances) {
                return text;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "still " + entry[0] + " live instances of " + className + ", expected " + instances);
            }
            pause(20);
        }
    }

    /**
     * Parses the output of {@code GC.class_histogram}.
     *
     * @param text the output
     * @return per class name: instances and bytes
     */
    static Map<String, long[]> parseHistogram(String text) {
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = HISTOGRAM_LINE.matcher(line);
            if (m.find()) {
                long[] entry = classes.computeIfAbsent(m.group(3), k -> new long[2]);
                entry[0] += Long.parseLong(m.group(1));
                entry[1] += Long.parseLong(m.group(2));
            }
        }
        return classes;
    }

    /**
     * Returns a VM option's value, such as {@code UseCompressedOops}.
     *
     * @param name the option
     * @return its value, or {@code ?} when the VM does not have it
     */
    static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption(name)
                    .getValue();
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    /**
     * Returns the collectors in use, such as {@code G1 Young Generation + G1 Old Generation}.
     *
     * @return their names
     */
    static String collectors() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(b -> b.getName())
                .collect(Collectors.joining(" + "));
    }

    /**
     * Returns the bytes the current thread has allocated so far (garbage included).
     *
     * @return the bytes, or -1 when the VM does not count them
     */
    static long threadAllocated() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported()) {
            return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    /** Lets a requested collection finish: {@code System.gc()} gives no event to wait on. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.nodemesh.autoconfigure.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values one tag may take, up to a fixed number: the first {@code max} distinct values are kept
 * as they are, every later one becomes {@link #OTHER}. Keeps a meter whose tag comes from outside
 * input (a node name typed into an HTTP request, say) from growing the registry without bound.
 */
final class BoundedTagValues {

    /** What a value beyond the bound is counted under. */
    static final String OTHER = "other";

    private final int max;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /**
     * Creates the bound.
     *
     * @param max how many distinct values keep their own tag
     */
    BoundedTagValues(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        this.max = max;
    }

    /**
     * Returns the tag value to use for a value.
     *
     * @param value the value
     * @return the value when it was seen before or there is still room, else {@link #OTHER}
     */
    String tag(String value) {
        if (seen.contains(value)) {
            return value;
        }
        synchronized (seen) {
            if (seen.size() < max) {
                seen.add(value);
                return value;
            }
        }
        return OTHER;
    }
}

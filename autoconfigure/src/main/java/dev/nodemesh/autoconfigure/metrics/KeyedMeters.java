package dev.nodemesh.autoconfigure.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The meters one registry holds for a changing set of keys (connected nodes, registered names):
 * {@link #sync} registers the meters of new keys and removes those of keys that are gone.
 *
 * @param <K> the key type
 */
final class KeyedMeters<K> {

    private final MeterRegistry registry;

    private final Function<K, List<Meter>> registration;

    private final Map<K, List<Meter>> meters = new HashMap<>();

    /**
     * Creates an empty set.
     *
     * @param registry the registry
     * @param registration registers the meters of one key in the registry and returns them
     */
    KeyedMeters(MeterRegistry registry, Function<K, List<Meter>> registration) {
        this.registry = registry;
        this.registration = registration;
    }

    synchronized void sync(Collection<K> keys) {
        for (K key : keys) {
            meters.computeIfAbsent(key, registration);
        }
        for (Iterator<Map.Entry<K, List<Meter>>> it = meters.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<K, List<Meter>> entry = it.next();
            if (!keys.contains(entry.getKey())) {
                entry.getValue().forEach(registry::remove);
                it.remove();
            }
        }
    }

    synchronized void clear() {
        meters.values().forEach(list -> list.forEach(registry::remove));
        meters.clear();
    }
}

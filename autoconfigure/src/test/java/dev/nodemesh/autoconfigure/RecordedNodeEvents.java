package dev.nodemesh.autoconfigure;

import dev.nodemesh.autoconfigure.event.NodeEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.ApplicationListener;

/** Keeps every node event a test context publishes. */
final class RecordedNodeEvents implements ApplicationListener<NodeEvent> {

    private final List<NodeEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onApplicationEvent(NodeEvent event) {
        events.add(event);
    }

    <E extends NodeEvent> List<E> of(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}

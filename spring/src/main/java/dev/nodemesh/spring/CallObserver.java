package dev.nodemesh.spring;

import java.time.Duration;

/** Told how long each {@link NodeTemplate} call took, for metrics. */
@FunctionalInterface
public interface CallObserver {

    /**
     * A call finished (with a reply, an error or a timeout).
     *
     * @param elapsed how long it took
     */
    void callCompleted(Duration elapsed);
}

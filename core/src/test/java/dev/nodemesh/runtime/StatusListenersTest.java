package dev.nodemesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.ConnectionFailure;
import dev.nodemesh.NodeDownReason;
import dev.nodemesh.NodeName;
import dev.nodemesh.NodeStatusListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The status listeners as one: order, a listener that throws, and what a closing node still tells. */
class StatusListenersTest {

    private static final NodeName DALE = NodeName.parse("dale@localhost");

    private final List<Runnable> queued = new ArrayList<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final StatusListeners listeners = new StatusListeners(queued::add, closing::get);
    private final List<String> heard = new ArrayList<>();

    private void runQueued() {
        queued.forEach(Runnable::run);
        queued.clear();
    }

    private NodeStatusListener recording(String name) {
        return new NodeStatusListener() {
            @Override
            public void nodeUp(NodeName node, boolean visible) {
                heard.add(name + " up " + node);
            }

            @Override
            public void nodeDown(NodeName node, NodeDownReason reason) {
                heard.add(name + " down " + node + " " + reason);
            }

            @Override
            public void connectionFailed(ConnectionFailure failure) {
                heard.add(name + " failed " + failure.kind());
            }
        };
    }

    @Test
    void everyListenerHearsEveryEventOnTheEventThreadInOrderEvenAfterOneThrows() {
        listeners.add(recording("a"));
        listeners.add(new NodeStatusListener() {
            @Override
            public void nodeUp(NodeName node, boolean visible) {
                throw new IllegalStateException("boom");
            }
        });
        listeners.add(recording("b"));

        listeners.nodeUp(DALE, true);
        listeners.nodeDown(DALE, NodeDownReason.CONNECTION_CLOSED);
        assertThat(heard).as("nothing on the caller's thread").isEmpty();
        runQueued();

        assertThat(heard)
                .containsExactly(
                        "a up dale@localhost",
                        "b up dale@localhost",
                        "a down dale@localhost CONNECTION_CLOSED",
                        "b down dale@localhost CONNECTION_CLOSED");
    }

    @Test
    void aClosingNodeStillTellsNodedownsButNoNewNodeupsOrFailures() {
        listeners.add(recording("a"));
        closing.set(true);

        listeners.nodeUp(DALE, true);
        listeners.connectionFailed(new ConnectionFailure(Optional.of(DALE), false, "unreachable", "no"));
        listeners.nodeDown(DALE, NodeDownReason.SHUTDOWN);
        runQueued();

        assertThat(heard).containsExactly("a down dale@localhost SHUTDOWN");
    }

    @Test
    void aRemovedListenerHearsNothingAndNoListenerQueuesNothing() {
        NodeStatusListener a = recording("a");
        listeners.add(a);
        listeners.remove(a);

        listeners.nodeUp(DALE, true);

        assertThat(queued).isEmpty();
        assertThat(heard).isEmpty();
    }
}

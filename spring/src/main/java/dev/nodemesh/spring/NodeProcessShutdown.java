package dev.nodemesh.spring;

import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * The stop half of a {@link NodeProcessRegistrar}: stops its supervision and closes its mailboxes
 * with reason {@code shutdown} while the node's connections are still open, so remote monitors
 * get {@code {'DOWN', Ref, process, Proc, shutdown}} and linked processes {@code {'EXIT', Pid,
 * shutdown}}, not {@code noconnection}.
 *
 * <p>The registrar must start before the node accepts connections (the processes exist when peers
 * arrive) and stop before the node closes them; a {@link SmartLifecycle} starts and stops in one
 * phase, stopping in the reverse order of starting, so one bean cannot do both. The registrar
 * starts below the node lifecycle's phase; this lifecycle runs above it and, being stopped first,
 * stops the registrar, which the lifecycle processor then finds already stopped. Starting it does
 * nothing: it reports the registrar's state.
 */
public class NodeProcessShutdown implements SmartLifecycle {

    private final NodeProcessRegistrar registrar;

    private final int phase;

    /**
     * Creates the lifecycle.
     *
     * @param registrar the registrar whose processes it stops
     * @param phase the lifecycle phase: above the node lifecycle's, so that it stops first
     */
    public NodeProcessShutdown(NodeProcessRegistrar registrar, int phase) {
        this.registrar = Objects.requireNonNull(registrar, "registrar");
        this.phase = phase;
    }

    /** Does nothing: the registrar starts the processes in its own, earlier phase. */
    @Override
    public void start() {}

    /** Stops the registrar's restarts, then closes its mailboxes with reason {@code shutdown}. */
    @Override
    public void stop() {
        registrar.stop();
    }

    @Override
    public boolean isRunning() {
        return registrar.isRunning();
    }

    @Override
    public int getPhase() {
        return phase;
    }
}

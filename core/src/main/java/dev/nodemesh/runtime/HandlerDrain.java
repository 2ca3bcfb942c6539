package dev.nodemesh.runtime;

import dev.nodemesh.MessageHandler;
import dev.nodemesh.term.Term;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a mailbox's handler on the node's dispatch pool. The mailbox schedules its drain when a
 * message arrives and none is scheduled, so at most one drain per mailbox runs at a time: its
 * messages are handled one at a time, in order. A drain handles at most {@link #BATCH} messages,
 * then goes to the back of the pool's queue, so one busy mailbox cannot starve the others.
 */
public final class HandlerDrain implements Runnable {

    /** How many messages one drain handles before letting other mailboxes run. */
    public static final int BATCH = 64;

    private static final Logger log = LoggerFactory.getLogger(HandlerDrain.class);

    private final MailboxProcess process;
    private final MessageHandler handler;
    private final String name;
    private final boolean keepRunningOnError;
    private final boolean onNetworkThread;
    private final NodeRuntime node;

    HandlerDrain(
            MailboxProcess process,
            MessageHandler handler,
            String name,
            boolean keepRunningOnError,
            boolean onNetworkThread,
            NodeRuntime node) {
        this.process = process;
        this.handler = handler;
        this.name = name;
        this.keepRunningOnError = keepRunningOnError;
        this.onNetworkThread = onNetworkThread;
        this.node = node;
    }

    /**
     * Tells whether a network thread that delivered messages runs this drain itself (see {@link
     * dev.nodemesh.MailboxOptions.Builder#handleOnNetworkThread}) rather than submitting it.
     *
     * @return whether it runs on the network thread
     */
    boolean onNetworkThread() {
        return onNetworkThread;
    }

    /** Puts the drain on the pool's queue; on a closed pool (the node is closing) it never runs. */
    void schedule() {
        node.dispatchPool().execute(this);
    }

    @Override
    public void run() {
        for (int handled = 0; handled < BATCH; handled++) {
            Term message = process.nextForHandler();
            if (message == null || !handle(message)) {
                return;
            }
        }
        if (process.moreForHandler()) {
            schedule();
        }
    }

    private boolean handle(Term message) {
        try {
            handler.handle(message, process.mailbox());
            return true;
        } catch (Throwable failure) {
            if (failure instanceof Error error) {
                // out of memory, a stack overflow: the node's problem, not this mailbox's
                node.fatalError(Thread.currentThread(), error);
                return false;
            }
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (process.isClosed()) {
                log.debug("handler of mailbox {} failed after the mailbox closed", describe(), failure);
                return false;
            }
            if (keepRunningOnError) {
                log.warn("handler of mailbox {} failed on a message; going on with the next", describe(), failure);
                return true;
            }
            Term reason = HandlerErrors.exitReason(failure);
            log.warn("handler of mailbox {} failed; the mailbox exits with {}", describe(), reason, failure);
            process.close(reason);
            return false;
        }
    }

    private String describe() {
        return name == null ? process.pid().toString() : process.pid() + " (" + name + ")";
    }
}

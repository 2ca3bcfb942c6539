package dev.nodemesh;

import dev.nodemesh.term.Term;

/**
 * Handles the messages of a mailbox, one at a time and in the order they arrived, on the node's
 * shared dispatch threads (see {@link Node#createMailbox(MailboxOptions)}).
 *
 * <pre>{@code
 * node.createMailbox("echo", (message, self) -> {
 *     if (message instanceof Tuple t && t.get(0) instanceof Pid from) {
 *         self.send(from, t.get(1));
 *     }
 * });
 * }</pre>
 *
 * <p>Calls for one mailbox never overlap and each sees what the previous one did, so state that
 * only the handler touches needs no locking, although successive calls may run on different
 * threads. A handler must not block for long: while it runs, its dispatch thread serves no other
 * mailbox. When it throws, the mailbox exits with the reason {@code {handler_error, Class,
 * Message}} (see {@link MailboxOptions.Builder#keepRunningOnError(boolean)}).
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Handles one message.
     *
     * @param message the message
     * @param self the mailbox the message was sent to; sends from it carry its pid
     * @throws Exception when the message cannot be handled; the mailbox then exits unless it keeps
     *     running on errors
     */
    void handle(Term message, Mailbox self) throws Exception;
}

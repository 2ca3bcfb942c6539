package dev.nodemesh;

/**
 * What a full mailbox does with one more message. Either way, a message from another node is
 * dropped and counted ({@link Mailbox#droppedMessages()}): network threads never block or fail
 * because a local mailbox is slow.
 */
public enum OverflowPolicy {

    /** The incoming message is dropped and counted; the sender is not told. */
    DROP_NEWEST,

    /**
     * A send from this node throws {@link MailboxFullException}; a message from another node is
     * dropped and counted.
     */
    REFUSE
}

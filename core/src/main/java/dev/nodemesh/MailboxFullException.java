package dev.nodemesh;

import dev.nodemesh.term.Pid;

/**
 * Thrown by a send on this node to a mailbox that is full and whose policy is {@link
 * OverflowPolicy#REFUSE}. The message was not delivered.
 */
public final class MailboxFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Pid mailbox;
    private final int capacity;
    private final long maxBytes;

    /**
     * Creates the exception for a mailbox bounded in messages only.
     *
     * @param mailbox the full mailbox
     * @param capacity its capacity
     */
    public MailboxFullException(Pid mailbox, int capacity) {
        this(mailbox, capacity, Long.MAX_VALUE);
    }

    /**
     * Creates the exception.
     *
     * @param mailbox the full mailbox
     * @param capacity its capacity in messages
     * @param maxBytes its bound in bytes
     */
    public MailboxFullException(Pid mailbox, int capacity, long maxBytes) {
        super("mailbox " + mailbox + " is full (" + capacity + " messages"
                + (maxBytes == Long.MAX_VALUE ? "" : " or " + maxBytes + " bytes") + "); the message was refused");
        this.mailbox = mailbox;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /**
     * Returns the pid of the full mailbox.
     *
     * @return the pid
     */
    public Pid mailbox() {
        return mailbox;
    }

    /**
     * Returns the capacity of the full mailbox.
     *
     * @return how many messages it holds at most
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Returns how many bytes the full mailbox holds at most.
     *
     * @return the byte bound
     */
    public long maxBytes() {
        return maxBytes;
    }
}

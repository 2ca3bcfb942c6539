package dev.nodemesh;

import dev.nodemesh.term.Term;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.BiConsumer;

/**
 * How to create a mailbox: its registered name, its handler, its capacity and what it does when
 * full. Immutable and reusable; made with {@link #builder()}. What is left unset comes from the
 * node's {@link NodeConfig}.
 *
 * <pre>{@code
 * Mailbox orders = node.createMailbox(MailboxOptions.builder()
 *         .name("orders")
 *         .handler((message, self) -> process(message))
 *         .capacity(10_000)
 *         .overflowPolicy(OverflowPolicy.REFUSE)
 *         .build());
 * }</pre>
 */
public final class MailboxOptions {

    private static final MailboxOptions DEFAULTS = builder().build();

    private final String name;
    private final MessageHandler handler;
    private final int capacity;
    private final long maxBytes;
    private final OverflowPolicy overflowPolicy;
    private final boolean keepRunningOnError;
    private final boolean handleOnNetworkThread;
    private final boolean ignoreKill;
    private final BiConsumer<Mailbox, Term> onExit;

    private MailboxOptions(Builder builder) {
        this.name = builder.name;
        this.handler = builder.handler;
        this.capacity = builder.capacity;
        this.maxBytes = builder.maxBytes;
        this.overflowPolicy = builder.overflowPolicy;
        this.keepRunningOnError = builder.keepRunningOnError;
        this.handleOnNetworkThread = builder.handleOnNetworkThread;
        this.ignoreKill = builder.ignoreKill;
        this.onExit = builder.onExit;
    }

    /**
     * Starts a set of options; nothing set means an anonymous blocking mailbox with the node's
     * defaults.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the options of an anonymous blocking mailbox with the node's defaults.
     *
     * @return the options
     */
    public static MailboxOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns the name to register the mailbox under.
     *
     * @return the name, or empty for an anonymous mailbox
     */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * Returns the handler that takes the messages.
     *
     * @return the handler, or empty for a mailbox read with {@link Mailbox#receive()}
     */
    public Optional<MessageHandler> handler() {
        return Optional.ofNullable(handler);
    }

    /**
     * Returns how many messages may wait in the mailbox.
     *
     * @return the capacity, or empty for {@link NodeConfig#defaultMailboxCapacity()}
     */
    public OptionalInt capacity() {
        return capacity == 0 ? OptionalInt.empty() : OptionalInt.of(capacity);
    }

    /**
     * Returns how many bytes the messages waiting in the mailbox may take.
     *
     * @return the bound, or empty for {@link NodeConfig#defaultMailboxMaxBytes()}
     */
    public OptionalLong maxBytes() {
        return maxBytes == 0 ? OptionalLong.empty() : OptionalLong.of(maxBytes);
    }

    /**
     * Returns what the mailbox does with a message when full.
     *
     * @return the policy, or empty for {@link NodeConfig#defaultOverflowPolicy()}
     */
    public Optional<OverflowPolicy> overflowPolicy() {
        return Optional.ofNullable(overflowPolicy);
    }

    /**
     * Tells whether the mailbox goes on with the next message when its handler throws, instead of
     * exiting.
     *
     * @return whether it keeps running
     */
    public boolean keepRunningOnError() {
        return keepRunningOnError;
    }

    /**
     * Tells whether messages from other nodes are handled on the network thread that read them.
     *
     * @return whether the handler runs on the network thread
     */
    public boolean handleOnNetworkThread() {
        return handleOnNetworkThread;
    }

    /**
     * Tells whether the mailbox ignores the exit signal {@code kill} instead of ending.
     *
     * @return whether {@code kill} is ignored
     */
    public boolean ignoreKill() {
        return ignoreKill;
    }

    /**
     * Returns what is told when the mailbox ends.
     *
     * @return the exit listener, or empty
     */
    public Optional<BiConsumer<Mailbox, Term>> onExit() {
        return Optional.ofNullable(onExit);
    }

    @Override
    public String toString() {
        return "MailboxOptions[name=" + name + ", handler=" + (handler != null) + ", capacity="
                + (capacity == 0 ? "default" : capacity) + ", maxBytes="
                + (maxBytes == 0 ? "default" : maxBytes) + ", overflowPolicy="
                + (overflowPolicy == null ? "default" : overflowPolicy) + ", keepRunningOnError="
                + keepRunningOnError + ", handleOnNetworkThread=" + handleOnNetworkThread + ", ignoreKill="
                + ignoreKill + ", onExit=" + (onExit != null) + "]";
    }

    /** Builds {@link MailboxOptions}. */
    public static final class Builder {

        private String name;
        private MessageHandler handler;
        private int capacity;
        private long maxBytes;
        private OverflowPolicy overflowPolicy;
        private boolean keepRunningOnError;
        private boolean handleOnNetworkThread;
        private boolean ignoreKill;
        private BiConsumer<Mailbox, Term> onExit;

        private Builder() {}

        /**
         * Registers the mailbox under a name, so that {@code {name, node}} reaches it.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Gives the mailbox a handler: its messages are handled on the node's dispatch threads,
         * one at a time and in order, and it cannot be read with {@link Mailbox#receive()}.
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder handler(MessageHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * Bounds how many messages may wait in the mailbox (default {@link
         * NodeConfig#defaultMailboxCapacity()}).
         *
         * @param messages the bound, at least 1
         * @return this builder
         */
        public Builder capacity(int messages) {
            if (messages < 1) {
                throw new IllegalArgumentException("a mailbox's capacity must be at least 1 message; got " + messages);
            }
            this.capacity = messages;
            return this;
        }

        /**
         * Bounds how many bytes the messages waiting in the mailbox may take (default {@link
         * NodeConfig#defaultMailboxMaxBytes()}): a message from another node counts the bytes its
         * payload took on the wire, one sent on this node an estimate of that. Beyond the bound the
         * overflow policy applies, as beyond the capacity; a message that finds the mailbox empty is
         * taken whatever its size.
         *
         * @param bytes the bound, at least 1
         * @return this builder
         */
        public Builder maxBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("a mailbox's byte bound must be at least 1 byte; got " + bytes);
            }
            this.maxBytes = bytes;
            return this;
        }

        /**
         * Chooses what the mailbox does with a message when full (default {@link
         * NodeConfig#defaultOverflowPolicy()}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.overflowPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Makes the mailbox log a failing message and go on with the next one, instead of exiting
         * (default: it exits). Needs a {@link #handler(MessageHandler)}.
         *
         * @param keepRunning whether to keep running
         * @return this builder
         */
        public Builder keepRunningOnError(boolean keepRunning) {
            this.keepRunningOnError = keepRunning;
            return this;
        }

        /**
         * Runs the handler on the network thread that read a message from another node, instead of
         * handing the message to a dispatch thread: no thread switch between the socket and the
         * handler, the lowest latency (a request answered at once goes out from the same thread).
         * Still one message at a time and in order. The handler must then be quick and must never
         * block, since that thread serves sockets: while it runs, every connection on it waits.
         * Messages sent from this node, and the rest of a long burst, still go to the dispatch
         * threads. Needs a {@link #handler(MessageHandler)}.
         *
         * @param onNetworkThread whether to handle on the network thread
         * @return this builder
         */
        public Builder handleOnNetworkThread(boolean onNetworkThread) {
            this.handleOnNetworkThread = onNetworkThread;
            return this;
        }

        /**
         * Makes the mailbox ignore the exit signal {@code kill} (default: {@code kill} ends it with
         * the reason {@code killed}, as it ends any Erlang process). Every other exit signal
         * arrives as a message {@code {:EXIT, from, reason}} either way. For a process that is part
         * of the application and must not be stopped by a peer: any node with the cookie can send
         * {@code Process.exit(pid, :kill)} to any pid. {@link Mailbox#close()} still ends it.
         *
         * @param ignore whether to ignore {@code kill}
         * @return this builder
         */
        public Builder ignoreKill(boolean ignore) {
            this.ignoreKill = ignore;
            return this;
        }

        /**
         * Tells a listener when the mailbox ends, with the mailbox and its exit reason ({@code
         * killed}, {@code shutdown} when the node closes, a handler's error, or what {@link
         * Mailbox#close(Term)} was given). It is called once, after the name is released and the
         * monitors and links have been told, on the thread that ended the mailbox (for a signal
         * from another node, a network thread): it must be quick and must not block. A supervisor
         * uses it to start the process again.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder onExit(BiConsumer<Mailbox, Term> listener) {
            this.onExit = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         * @throws IllegalArgumentException when keep-running is asked for without a handler
         */
        public MailboxOptions build() {
            if (handleOnNetworkThread && handler == null) {
                throw new IllegalArgumentException(
                        "handleOnNetworkThread applies to a mailbox with a handler; set handler(...) too");
            }
            if (keepRunningOnError && handler == null) {
                throw new IllegalArgumentException(
                        "keepRunningOnError applies to a mailbox with a handler; set handler(...) too");
            }
            return new MailboxOptions(this);
        }
    }
}

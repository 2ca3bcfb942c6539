package dev.nodemesh;

import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import java.util.List;
import java.util.Optional;

/**
 * Cluster-wide names, shared with Erlang's {@code global}: a name registered here is seen by
 * {@code global:whereis_name/1} on every BEAM node of the cluster, a name registered there by
 * {@link #whereis}, and a name is taken once in the whole cluster. Returned by {@link
 * Node#global()}; the node must be visible for BEAM nodes to take part.
 *
 * <pre>{@code
 * Mailbox orders = node.createMailbox();
 * if (node.global().register("orders", orders)) {
 *     // from Elixir: GenServer.call({:global, :orders}, request) reaches this mailbox
 * }
 * }</pre>
 *
 * <p>Each registration and unregistration takes global's lock on every node of the cluster first,
 * as {@code global:register_name/2} does; look-ups are local and cost nothing. A name goes when its
 * mailbox closes or its node goes down. When two partitions that each registered a name merge, the
 * process on the node whose name sorts first keeps it and the other is killed (OTP's default
 * resolver, {@code global:random_exit_name/3}).
 */
public interface GlobalNames {

    /**
     * Registers a mailbox under a cluster-wide name.
     *
     * @param name the name (an atom on the BEAM side)
     * @param mailbox the mailbox, of this node
     * @return false when the name is taken anywhere in the cluster, or the mailbox has a global name
     *     already or is closed
     * @throws IllegalStateException when global's lock cannot be taken within 30 seconds
     */
    boolean register(String name, Mailbox mailbox);

    /**
     * Removes a cluster-wide name, whichever node's process holds it.
     *
     * @param name the name
     * @return whether it was registered
     * @throws IllegalStateException when global's lock cannot be taken within 30 seconds
     */
    boolean unregister(String name);

    /**
     * Finds the process registered under a cluster-wide name (a local look-up).
     *
     * @param name the name
     * @return the pid, on any node of the cluster
     */
    Optional<Pid> whereis(String name);

    /**
     * Finds the process registered under any term (BEAM nodes may register tuples, for example).
     *
     * @param name the name
     * @return the pid, on any node of the cluster
     */
    Optional<Pid> whereis(Term name);

    /**
     * Sends a message to the process registered under a cluster-wide name, as {@code global:send/2}.
     *
     * @param name the name
     * @param message the message
     * @return false when no process has the name (nothing is sent)
     */
    boolean send(String name, Term message);

    /**
     * Returns the cluster-wide names this node knows of, oldest registration first.
     *
     * @return a snapshot (atoms, and any other terms BEAM nodes registered)
     */
    List<Term> registeredNames();

    /**
     * Returns the nodes this node's name server is in sync with: the visible nodes that have
     * finished global's connect handshake with it, or that a synced node told it about. A node that
     * is connected but not yet listed here does not yet see this node's names.
     *
     * @return a snapshot, sorted
     */
    List<NodeName> syncedNodes();
}

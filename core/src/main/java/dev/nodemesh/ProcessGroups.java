package dev.nodemesh;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import java.util.List;
import java.util.Set;

/**
 * A scope of process groups, compatible with Erlang's {@code pg} (OTP 23+): mailboxes join named
 * groups, and every node that runs the same scope sees them, nodemesh and BEAM nodes alike. {@link
 * Node#groups()} is the default scope {@code pg} (what {@code :pg.join/2} uses); more scopes are
 * configured with {@link NodeConfig.Builder#groupScopes}.
 *
 * <pre>{@code
 * ProcessGroups groups = node.groups();
 * groups.join("orders_events", inbox);              // :pg.join(:orders_events, pid)
 * List<Pid> members = groups.members("orders_events");
 * groups.publish("orders_events", Atom.of("shipped")); // each member once, cluster-wide
 * }</pre>
 *
 * <p>A group is any term; the {@code String} overloads name it by an atom. Memberships travel as
 * pg's do: a node learns another's members when the connection comes up (toward BEAM nodes only
 * over a visible connection, as pg talks to visible nodes only; among nodemesh nodes over hidden
 * connections too), and hears of every join and leave after. A member leaves every group when its
 * mailbox closes; the members of a node that goes away leave at once. Reads never wait for the
 * network: they see what this node knows. Thread-safe.
 */
public interface ProcessGroups {

    /**
     * Returns the name of this scope, which its process is registered under.
     *
     * @return the scope's name
     */
    String scope();

    /**
     * Makes a mailbox of this node a member of a group, as {@code pg:join/3}; a mailbox that joins
     * twice is listed twice and must leave twice. Every node of the scope hears of it.
     *
     * @param group the group
     * @param member a mailbox of this node
     * @throws IllegalArgumentException when the mailbox belongs to another node
     */
    void join(Term group, Mailbox member);

    /**
     * Joins the group named by an atom; see {@link #join(Term, Mailbox)}.
     *
     * @param group the group's atom name
     * @param member a mailbox of this node
     */
    default void join(String group, Mailbox member) {
        join(Atom.of(group), member);
    }

    /**
     * Removes one membership of a mailbox in a group, as {@code pg:leave/3}.
     *
     * @param group the group
     * @param member a mailbox of this node
     * @return false when the mailbox was not a member
     */
    boolean leave(Term group, Mailbox member);

    /**
     * Leaves the group named by an atom; see {@link #leave(Term, Mailbox)}.
     *
     * @param group the group's atom name
     * @param member a mailbox of this node
     * @return false when the mailbox was not a member
     */
    default boolean leave(String group, Mailbox member) {
        return leave(Atom.of(group), member);
    }

    /**
     * Returns the members of a group on every node, as {@code pg:get_members/2}: this node's
     * first, with repeats for a process that joined more than once.
     *
     * @param group the group
     * @return a snapshot, empty when the group has no member
     */
    List<Pid> members(Term group);

    /**
     * Returns the members of the group named by an atom; see {@link #members(Term)}.
     *
     * @param group the group's atom name
     * @return a snapshot
     */
    default List<Pid> members(String group) {
        return members(Atom.of(group));
    }

    /**
     * Returns the members of a group on this node, as {@code pg:get_local_members/2}.
     *
     * @param group the group
     * @return a snapshot
     */
    List<Pid> localMembers(Term group);

    /**
     * Returns the local members of the group named by an atom; see {@link #localMembers(Term)}.
     *
     * @param group the group's atom name
     * @return a snapshot
     */
    default List<Pid> localMembers(String group) {
        return localMembers(Atom.of(group));
    }

    /**
     * Returns the groups that have a member on any node, as {@code pg:which_groups/1}.
     *
     * @return a snapshot
     */
    Set<Term> whichGroups();

    /**
     * Returns the groups that have a member on this node, as {@code pg:which_local_groups/1}.
     *
     * @return a snapshot
     */
    Set<Term> whichLocalGroups();

    /**
     * Subscribes a mailbox of this node to the membership changes of a group, as {@code
     * pg:monitor/2}: it receives {@code {Ref, join, Group, [Pid]}} and {@code {Ref, leave, Group,
     * [Pid]}} (read them with {@link GroupEvent#of}), from the scope's process, in the order the
     * scope saw the changes. The subscription ends with {@link #demonitor} or when the mailbox
     * closes.
     *
     * @param group the group
     * @param subscriber the mailbox that receives the events
     * @return the reference the events carry, and the members at the time of the subscription
     */
    GroupMonitor monitor(Term group, Mailbox subscriber);

    /**
     * Subscribes to the group named by an atom; see {@link #monitor(Term, Mailbox)}.
     *
     * @param group the group's atom name
     * @param subscriber the mailbox that receives the events
     * @return the reference and the members
     */
    default GroupMonitor monitor(String group, Mailbox subscriber) {
        return monitor(Atom.of(group), subscriber);
    }

    /**
     * Ends a subscription; no event of it is sent afterwards (one already sent stays).
     *
     * @param ref the subscription's reference
     * @return whether it was active
     */
    boolean demonitor(Ref ref);

    /**
     * Sends a message once to every member of a group on every node, from the scope's process:
     * local members get it without the network, remote ones one message each, as a send per
     * member of {@code pg:get_members/2} does. Delivery is as Erlang's: at most once, in order
     * from one sender to one member. The publisher never waits for a member: a full mailbox here
     * drops the message (its {@link Mailbox#droppedMessages()} counts it) or refuses it ({@link
     * #refusedPublishes()} counts it); a full one on another node drops it there.
     *
     * @param group the group
     * @param message the message
     * @return how many members it was sent to (refusals not counted)
     */
    int publish(Term group, Term message);

    /**
     * Publishes to the group named by an atom; see {@link #publish(Term, Term)}.
     *
     * @param group the group's atom name
     * @param message the message
     * @return how many members it was sent to
     */
    default int publish(String group, Term message) {
        return publish(Atom.of(group), message);
    }

    /**
     * Publishes with a mailbox as the sender; see {@link #publish(Term, Term)}.
     *
     * @param from the sending mailbox
     * @param group the group
     * @param message the message
     * @return how many members it was sent to
     */
    int publish(Mailbox from, Term group, Term message);

    /**
     * Sends a message once to every member of a group on this node only.
     *
     * @param group the group
     * @param message the message
     * @return how many members it was sent to
     */
    int publishLocal(Term group, Term message);

    /**
     * Publishes to the local members of the group named by an atom; see {@link
     * #publishLocal(Term, Term)}.
     *
     * @param group the group's atom name
     * @param message the message
     * @return how many members it was sent to
     */
    default int publishLocal(String group, Term message) {
        return publishLocal(Atom.of(group), message);
    }

    /**
     * Returns how many publishes a full local mailbox refused ({@link OverflowPolicy#REFUSE}).
     *
     * @return the count since the node started
     */
    long refusedPublishes();

    /**
     * Returns how many pg messages from peers this scope refused: malformed, naming members of
     * another node, or beyond {@link NodeConfig.Builder#maxGroupMembersPerPeer}.
     *
     * @return the count since the node started
     */
    long refusedMessages();
}

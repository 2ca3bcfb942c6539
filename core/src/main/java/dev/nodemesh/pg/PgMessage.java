package dev.nodemesh.pg;

import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import java.util.List;
import java.util.Map;

/** A message of pg's protocol between the scope processes of two nodes, read by {@link PgProtocol}. */
sealed interface PgMessage {

    /** The pid of the peer's scope process that the message names. */
    Pid peer();

    /**
     * {@code {discover, Peer}} or OTP 26+'s {@code {discover, Peer, VersionOrFeatures}}: the peer's
     * scope asks for this scope's local memberships.
     *
     * @param peer the peer's scope
     */
    record Discover(Pid peer) implements PgMessage {}

    /**
     * {@code {'$gen_cast', {sync, Peer, [{Group, [Pid]}]}}}: everything the peer's node has joined.
     *
     * @param peer the peer's scope
     * @param groups the peer's local members by group, in the order received
     */
    record Sync(Pid peer, Map<Term, List<Pid>> groups) implements PgMessage {}

    /**
     * {@code {join, Peer, Group, PidOrPids}}: members of the peer's node joined a group.
     *
     * @param peer the peer's scope
     * @param group the group
     * @param pids the members
     */
    record Join(Pid peer, Term group, List<Pid> pids) implements PgMessage {}

    /**
     * {@code {leave, Peer, PidOrPids, [Group]}}: members of the peer's node left groups.
     *
     * @param peer the peer's scope
     * @param pids the members
     * @param groups the groups
     */
    record Leave(Pid peer, List<Pid> pids, List<Term> groups) implements PgMessage {}
}

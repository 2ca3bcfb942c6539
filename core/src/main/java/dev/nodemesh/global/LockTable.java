package dev.nodemesh.global;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The locks set on this node, as {@code global:set_lock/1} sets them: a resource is locked for one
 * requester id at a time, and any number of processes may hold it for that id (both lockers of a
 * connect hold global's lock for the same id). Not thread-safe: the name server guards it.
 */
final class LockTable {

    private record Lock(Term requester, Set<Pid> holders) {}

    private final Map<Term, Lock> locks = new HashMap<>();

    /**
     * Sets a lock for a holder, as {@code {set_lock, {ResourceId, RequesterId}}} does.
     *
     * @param resource the resource id
     * @param requester the lock requester id
     * @param holder the process that holds it
     * @return false when the resource is locked for another requester
     */
    boolean set(Term resource, Term requester, Pid holder) {
        Lock lock = locks.get(resource);
        if (lock == null) {
            lock = new Lock(requester, new LinkedHashSet<>());
            locks.put(resource, lock);
        } else if (!lock.requester().equals(requester)) {
            return false;
        }
        lock.holders().add(holder);
        return true;
    }

    /**
     * Tells whether a lock could be set now.
     *
     * @param resource the resource id
     * @param requester the lock requester id
     * @return whether the resource is free or locked for this requester
     */
    boolean canSet(Term resource, Term requester) {
        Lock lock = locks.get(resource);
        return lock == null || lock.requester().equals(requester);
    }

    /**
     * Removes a holder of a lock, as {@code {del_lock, Id}} does; the lock goes with its last holder.
     *
     * @param resource the resource id
     * @param requester the lock requester id
     * @param holder the holder
     */
    void delete(Term resource, Term requester, Pid holder) {
        Lock lock = locks.get(resource);
        if (lock != null && lock.requester().equals(requester)) {
            lock.holders().remove(holder);
            if (lock.holders().isEmpty()) {
                locks.remove(resource);
            }
        }
    }

    /**
     * Tells whether a resource is locked.
     *
     * @param resource the resource id
     * @return whether locked
     */
    boolean isLocked(Term resource) {
        return locks.containsKey(resource);
    }

    /**
     * Tells whether a process holds any lock.
     *
     * @param holder the process
     * @return whether it holds one
     */
    boolean holds(Pid holder) {
        for (Lock lock : locks.values()) {
            if (lock.holders().contains(holder)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Counts the holders on one node.
     *
     * @param node the node
     * @return how many lock holders live there
     */
    int heldBy(Atom node) {
        int count = 0;
        for (Lock lock : locks.values()) {
            for (Pid holder : lock.holders()) {
                if (holder.node().equals(node)) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Releases every lock held by a process, as a holder's exit does.
     *
     * @param holder the process
     */
    void releaseAll(Pid holder) {
        releaseWhere(holder::equals);
    }

    /**
     * Releases every lock held by processes of a node that went down.
     *
     * @param node the node
     */
    void releaseNode(Atom node) {
        releaseWhere(holder -> holder.node().equals(node));
    }

    private void releaseWhere(java.util.function.Predicate<Pid> match) {
        Iterator<Lock> it = locks.values().iterator();
        while (it.hasNext()) {
            Lock lock = it.next();
            lock.holders().removeIf(match);
            if (lock.holders().isEmpty()) {
                it.remove();
            }
        }
    }

    @Override
    public String toString() {
        return locks.toString();
    }
}

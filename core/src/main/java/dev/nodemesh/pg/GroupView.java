package dev.nodemesh.pg;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members of every group of a scope, as readers see them. A change costs O(1) per member; a
 * reader gets an immutable snapshot of a group, made on the first read after a change and kept
 * until the next, so that {@code members} and {@code publish} see either the membership before a
 * change or after it, and a burst of joins costs one snapshot, not one per join. One writer (the
 * scope, under its lock); any number of readers. A pid that joined a group twice is listed twice,
 * as pg lists it, but is a publish target once.
 */
final class GroupView {

    /**
     * The members of one group.
     *
     * @param all every member, with repeats: local ones first, then the others node by node
     * @param local the members on this node, with repeats
     * @param targets every member once, in the order of {@code all}
     * @param localTargets every local member once
     */
    record Members(Pid[] all, Pid[] local, Pid[] targets, Pid[] localTargets) {}

    /** One group's members, by node; guarded by its own monitor, which readers take to snapshot it. */
    private static final class Group {
        final PidBag local = new PidBag();
        final Map<Atom, PidBag> remote = new LinkedHashMap<>();
        int size;
        volatile Members snapshot;

        PidBag bag(Atom self, Pid pid) {
            return pid.node().equals(self) ? local : remote.computeIfAbsent(pid.node(), node -> new PidBag());
        }

        Members snapshot() {
            List<Pid> all = new ArrayList<>(size);
            List<Pid> targets = new ArrayList<>(size);
            local.addTo(all);
            local.addDistinctTo(targets);
            Pid[] localArray = all.toArray(Pid[]::new);
            Pid[] localTargets = targets.toArray(Pid[]::new);
            // node by node: a publish fills one connection's batch at a time
            for (PidBag bag : remote.values()) {
                bag.addTo(all);
                bag.addDistinctTo(targets);
            }
            return new Members(all.toArray(Pid[]::new), localArray, targets.toArray(Pid[]::new), localTargets);
        }
    }

    private final Atom self;
    private final ConcurrentHashMap<Term, Group> groups = new ConcurrentHashMap<>();

    GroupView(Atom self) {
        this.self = self;
    }

    /** The group's members, or null when it has none. */
    Members members(Term group) {
        Group members = groups.get(group);
        if (members == null) {
            return null;
        }
        Members snapshot = members.snapshot;
        if (snapshot == null) {
            synchronized (members) {
                snapshot = members.snapshot;
                if (snapshot == null) {
                    snapshot = members.snapshot();
                    members.snapshot = snapshot;
                }
            }
        }
        return snapshot.all().length == 0 ? null : snapshot;
    }

    Set<Term> groups() {
        return Set.copyOf(groups.keySet());
    }

    Set<Term> localGroups() {
        Set<Term> local = new LinkedHashSet<>();
        groups.forEach((group, members) -> {
            synchronized (members) {
                if (!members.local.isEmpty()) {
                    local.add(group);
                }
            }
        });
        return local;
    }

    /** Adds members to a group (the writer only). */
    void add(Term group, List<Pid> pids) {
        if (pids.isEmpty()) {
            return;
        }
        Group members = groups.computeIfAbsent(group, g -> new Group());
        synchronized (members) {
            for (Pid pid : pids) {
                members.bag(self, pid).add(pid);
            }
            members.size += pids.size();
            members.snapshot = null;
        }
    }

    /** Removes one membership of each pid from a group (the writer only); drops an empty group. */
    void remove(Term group, List<Pid> pids) {
        Group members = groups.get(group);
        if (members == null || pids.isEmpty()) {
            return;
        }
        synchronized (members) {
            for (Pid pid : pids) {
                if (members.bag(self, pid).remove(pid)) {
                    members.size--;
                }
            }
            members.remote.values().removeIf(PidBag::isEmpty);
            members.snapshot = null;
            if (members.size == 0) {
                groups.remove(group);
            }
        }
    }
}

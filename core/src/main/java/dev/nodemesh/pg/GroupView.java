package dev.nodemesh.pg;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members of every group of a scope, as readers see them: each group maps to an immutable
 * snapshot, replaced whole on every change, so that {@code members} and {@code publish} read
 * without a lock and see either the membership before a change or after it. One writer (the
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
    record Members(Pid[] all, Pid[] local, Pid[] targets, Pid[] localTargets) {

        static Members of(Atom self, List<Pid> all) {
            List<Pid> local = new ArrayList<>();
            Map<Atom, List<Pid>> remote = new LinkedHashMap<>();
            for (Pid pid : all) {
                if (pid.node().equals(self)) {
                    local.add(pid);
                } else {
                    remote.computeIfAbsent(pid.node(), node -> new ArrayList<>())
                            .add(pid);
                }
            }
            // local members first (no network), then node by node: a publish fills one
            // connection's batch at a time
            List<Pid> ordered = new ArrayList<>(local);
            remote.values().forEach(ordered::addAll);
            Pid[] allArray = ordered.toArray(Pid[]::new);
            Pid[] localArray = local.toArray(Pid[]::new);
            return new Members(allArray, localArray, distinct(allArray), distinct(localArray));
        }

        private static Pid[] distinct(Pid[] pids) {
            Set<Pid> distinct = new LinkedHashSet<>(Arrays.asList(pids));
            return distinct.size() == pids.length ? pids : distinct.toArray(Pid[]::new);
        }
    }

    private final Atom self;
    private final ConcurrentHashMap<Term, Members> groups = new ConcurrentHashMap<>();

    GroupView(Atom self) {
        this.self = self;
    }

    Members members(Term group) {
        return groups.get(group);
    }

    Set<Term> groups() {
        return Set.copyOf(groups.keySet());
    }

    Set<Term> localGroups() {
        Set<Term> local = new LinkedHashSet<>();
        groups.forEach((group, members) -> {
            if (members.local().length > 0) {
                local.add(group);
            }
        });
        return local;
    }

    /** Adds members to a group (the writer only). */
    void add(Term group, List<Pid> pids) {
        if (pids.isEmpty()) {
            return;
        }
        Members current = groups.get(group);
        List<Pid> all = new ArrayList<>(current == null ? List.of() : Arrays.asList(current.all()));
        all.addAll(pids);
        groups.put(group, Members.of(self, all));
    }

    /** Removes one occurrence of each pid from a group (the writer only); drops an empty group. */
    void remove(Term group, List<Pid> pids) {
        Members current = groups.get(group);
        if (current == null || pids.isEmpty()) {
            return;
        }
        List<Pid> all = new ArrayList<>(Arrays.asList(current.all()));
        for (Pid pid : pids) {
            all.remove(pid);
        }
        if (all.isEmpty()) {
            groups.remove(group);
        } else {
            groups.put(group, Members.of(self, all));
        }
    }
}

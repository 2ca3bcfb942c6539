package dev.nodemesh.pg;

import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scope knows of the same scope on one peer: its pid, the monitor on it and the members
 * of the peer's node by group, with their count (which the per-peer bound limits). Not
 * thread-safe: the scope uses it under its lock.
 */
final class RemoteScope {

    private final Pid pid;
    private final Ref monitor;
    private final Map<Term, PidBag> groups = new LinkedHashMap<>();
    private int members;

    RemoteScope(Pid pid, Ref monitor) {
        this.pid = pid;
        this.monitor = monitor;
    }

    Pid pid() {
        return pid;
    }

    Ref monitor() {
        return monitor;
    }

    int members() {
        return members;
    }

    Map<Term, PidBag> groups() {
        return groups;
    }

    void add(Term group, List<Pid> pids) {
        PidBag bag = groups.computeIfAbsent(group, g -> new PidBag());
        pids.forEach(bag::add);
        members += pids.size();
    }

    /** Removes one membership of each pid it holds in the group; returns those removed. */
    List<Pid> remove(Term group, List<Pid> pids) {
        PidBag bag = groups.get(group);
        if (bag == null) {
            return List.of();
        }
        List<Pid> removed = new ArrayList<>();
        for (Pid pid : pids) {
            if (bag.remove(pid)) {
                removed.add(pid);
            }
        }
        members -= removed.size();
        if (bag.isEmpty()) {
            groups.remove(group);
        }
        return removed;
    }

    /** Replaces one group's members; returns the members before. */
    PidBag replace(Term group, PidBag now) {
        PidBag before = groups.remove(group);
        before = before == null ? new PidBag() : before;
        members -= before.size();
        if (!now.isEmpty()) {
            groups.put(group, now);
            members += now.size();
        }
        return before;
    }
}

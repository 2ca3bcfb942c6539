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
    private final Map<Term, List<Pid>> groups = new LinkedHashMap<>();
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

    Map<Term, List<Pid>> groups() {
        return groups;
    }

    List<Pid> membersOf(Term group) {
        return groups.getOrDefault(group, List.of());
    }

    void add(Term group, List<Pid> pids) {
        groups.computeIfAbsent(group, g -> new ArrayList<>()).addAll(pids);
        members += pids.size();
    }

    /** Removes one occurrence of each pid it holds in the group; returns those removed. */
    List<Pid> remove(Term group, List<Pid> pids) {
        List<Pid> held = groups.get(group);
        if (held == null) {
            return List.of();
        }
        List<Pid> removed = new ArrayList<>();
        for (Pid pid : pids) {
            if (held.remove(pid)) {
                removed.add(pid);
            }
        }
        members -= removed.size();
        if (held.isEmpty()) {
            groups.remove(group);
        }
        return removed;
    }

    /** Replaces one group's members; returns the members before. */
    List<Pid> replace(Term group, List<Pid> pids) {
        List<Pid> before = groups.remove(group);
        before = before == null ? List.of() : before;
        members -= before.size();
        if (!pids.isEmpty()) {
            groups.put(group, new ArrayList<>(pids));
            members += pids.size();
        }
        return before;
    }
}

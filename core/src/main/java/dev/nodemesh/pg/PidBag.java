package dev.nodemesh.pg;

import dev.nodemesh.term.Pid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of one group as a multiset: a pid that joined twice counts twice. Adding or removing
 * one membership costs O(1) and comparing two bags O(size), so that a peer announcing its members
 * one by one, or a sync of a large group, costs linear time. Keeps the order of first joins. Not
 * thread-safe.
 */
final class PidBag {

    private final Map<Pid, int[]> counts = new LinkedHashMap<>();
    private int size;

    static PidBag of(List<Pid> pids) {
        PidBag bag = new PidBag();
        pids.forEach(bag::add);
        return bag;
    }

    void add(Pid pid) {
        counts.computeIfAbsent(pid, p -> new int[1])[0]++;
        size++;
    }

    /** Removes one membership of the pid; false when it has none. */
    boolean remove(Pid pid) {
        int[] count = counts.get(pid);
        if (count == null) {
            return false;
        }
        if (--count[0] == 0) {
            counts.remove(pid);
        }
        size--;
        return true;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Appends every membership, repeats included, to a list. */
    void addTo(List<Pid> target) {
        counts.forEach((pid, count) -> {
            for (int i = 0; i < count[0]; i++) {
                target.add(pid);
            }
        });
    }

    /** Appends each pid once to a list. */
    void addDistinctTo(List<Pid> target) {
        target.addAll(counts.keySet());
    }

    List<Pid> toList() {
        List<Pid> list = new ArrayList<>(size);
        addTo(list);
        return list;
    }

    /** The memberships of this bag that {@code other} does not hold, repeats counted. */
    List<Pid> minus(PidBag other) {
        List<Pid> rest = new ArrayList<>();
        counts.forEach((pid, count) -> {
            int[] theirs = other.counts.get(pid);
            for (int i = theirs == null ? 0 : theirs[0]; i < count[0]; i++) {
                rest.add(pid);
            }
        });
        return rest;
    }
}

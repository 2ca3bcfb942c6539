package dev.nodemesh.global;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This node's replica of the cluster's global names: name, pid, the resolver the name was
 * registered with, and the monitor this node holds on the pid. One name per pid, as {@code global}
 * allows by default. Not thread-safe: the name server guards it.
 */
final class NameTable {

    /**
     * A registration.
     *
     * @param name the name (any term; atoms from Java)
     * @param pid the registered process
     * @param method the conflict resolver it was registered with
     * @param monitor this node's monitor on the pid, or null
     */
    record Entry(Term name, Pid pid, Term method, Ref monitor) {}

    private final Map<Term, Entry> byName = new LinkedHashMap<>();
    private final Map<Pid, Term> byPid = new HashMap<>();
    private final Map<Atom, Integer> perNode = new HashMap<>();

    Optional<Entry> get(Term name) {
        return Optional.ofNullable(byName.get(name));
    }

    Optional<Term> nameOf(Pid pid) {
        return Optional.ofNullable(byPid.get(pid));
    }

    /**
     * Counts the names of processes on one node.
     *
     * @param node the node
     * @return the count
     */
    int countOn(Atom node) {
        return perNode.getOrDefault(node, 0);
    }

    /**
     * Inserts a registration, replacing the name's previous one.
     *
     * @param entry the registration
     * @return the registration it replaced, if any
     */
    Optional<Entry> put(Entry entry) {
        Optional<Entry> old = remove(entry.name());
        Term previousName = byPid.get(entry.pid());
        if (previousName != null) {
            remove(previousName);
        }
        byName.put(entry.name(), entry);
        byPid.put(entry.pid(), entry.name());
        perNode.merge(entry.pid().node(), 1, Integer::sum);
        return old;
    }

    /**
     * Removes a name.
     *
     * @param name the name
     * @return the removed registration, if any
     */
    Optional<Entry> remove(Term name) {
        Entry entry = byName.remove(name);
        if (entry == null) {
            return Optional.empty();
        }
        byPid.remove(entry.pid(), name);
        perNode.computeIfPresent(entry.pid().node(), (node, count) -> count == 1 ? null : count - 1);
        return Optional.of(entry);
    }

    /**
     * Removes the names of every process on a node.
     *
     * @param node the node
     * @return the removed registrations
     */
    List<Entry> removeNode(Atom node) {
        List<Entry> removed = new ArrayList<>();
        for (Entry entry : List.copyOf(byName.values())) {
            if (entry.pid().node().equals(node)) {
                remove(entry.name()).ifPresent(removed::add);
            }
        }
        return removed;
    }

    /**
     * Returns every registration, oldest first.
     *
     * @return a snapshot
     */
    List<Entry> all() {
        return List.copyOf(byName.values());
    }
}

package dev.nodemesh.spring;

import dev.nodemesh.Mailbox;
import dev.nodemesh.Node;
import dev.nodemesh.ProcessGroups;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The process groups a {@link NodeProcess} joins ({@link NodeProcess#groups()}): joined with each
 * new mailbox of the process, left before it stops. A mailbox that ends leaves its groups by
 * itself (the scope monitors its members), so a crash needs nothing from here.
 */
final class GroupMemberships {

    /** A process that joins no group. */
    static final GroupMemberships NONE = new GroupMemberships(null, List.of());

    private final ProcessGroups scope;
    private final List<String> groups;

    private GroupMemberships(ProcessGroups scope, List<String> groups) {
        this.scope = scope;
        this.groups = groups;
    }

    /**
     * Reads the groups of a process.
     *
     * @param node the node the process runs on
     * @param annotation the process's annotation
     * @param placeholders resolves {@code ${...}} in the names
     * @return the groups
     * @throws IllegalArgumentException when the node runs no scope of the annotation's name
     */
    static GroupMemberships of(Node node, NodeProcess annotation, UnaryOperator<String> placeholders) {
        if (annotation.groups().length == 0) {
            return NONE;
        }
        List<String> groups = new ArrayList<>();
        for (String group : annotation.groups()) {
            String name = placeholders.apply(group);
            if (name == null || name.isBlank()) {
                throw new IllegalStateException("@NodeProcess(\"" + annotation.value()
                        + "\") names a group that resolves to nothing: " + group);
            }
            groups.add(name);
        }
        return new GroupMemberships(node.groups(placeholders.apply(annotation.groupScope())), List.copyOf(groups));
    }

    void join(Mailbox mailbox) {
        for (String group : groups) {
            scope.join(group, mailbox);
        }
    }

    void leave(Mailbox mailbox) {
        for (String group : groups) {
            scope.leave(group, mailbox);
        }
    }

    List<String> groups() {
        return groups;
    }
}

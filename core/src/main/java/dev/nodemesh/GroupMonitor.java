package dev.nodemesh;

import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import java.util.List;
import java.util.Objects;

/**
 * A subscription to the membership changes of a group ({@link ProcessGroups#monitor}), as {@code
 * pg:monitor/2} returns it.
 *
 * @param ref the reference every event of the subscription carries
 * @param members the group's members when the subscription began
 */
public record GroupMonitor(Ref ref, List<Pid> members) {

    /** Checks and copies the fields. */
    public GroupMonitor {
        Objects.requireNonNull(ref, "ref");
        members = List.copyOf(members);
    }
}

package dev.nodemesh.global;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Term;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code lost_connection} reports already handled, so that a report relayed by many nodes is
 * acted on once. Bounded: the oldest entries go first, as OTP lets them expire after an hour.
 */
final class LostConnections {

    private record Key(Atom reporter, Atom lost) {}

    private record Seen(Term creation, long opId) {}

    private final int capacity;
    private final Map<Key, Seen> seen;

    LostConnections(int capacity) {
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Seen> eldest) {
                return size() > LostConnections.this.capacity;
            }
        };
    }

    /**
     * Records a report unless it was handled already.
     *
     * @param reporter the node that lost the connection
     * @param creation the reporter's creation extension
     * @param opId the report's operation id
     * @param lost the node it lost
     * @return whether the report is new
     */
    boolean firstTime(Atom reporter, Term creation, long opId, Atom lost) {
        Key key = new Key(reporter, lost);
        Seen before = seen.get(key);
        if (before != null && before.creation().equals(creation) && opId <= before.opId()) {
            return false;
        }
        seen.remove(key);
        seen.put(key, new Seen(creation, opId));
        return true;
    }
}

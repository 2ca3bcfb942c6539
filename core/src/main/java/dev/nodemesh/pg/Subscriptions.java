package dev.nodemesh.pg;

import dev.nodemesh.Mailbox;
import dev.nodemesh.MailboxFullException;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subscriptions to groups' membership changes ({@code pg:monitor/2}): tells each subscriber
 * {@code {Ref, join | leave, Group, [Pid]}} from the scope's mailbox. A subscriber whose mailbox
 * has closed is dropped when the next event finds it closed. Not thread-safe: the scope calls it
 * under its lock.
 */
final class Subscriptions {

    private static final Atom JOIN = Atom.of("join");
    private static final Atom LEAVE = Atom.of("leave");

    private final Map<Term, Map<Ref, Mailbox>> byGroup = new HashMap<>();
    private final Map<Ref, Term> groupOf = new HashMap<>();

    void add(Ref ref, Term group, Mailbox subscriber) {
        byGroup.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(ref, subscriber);
        groupOf.put(ref, group);
    }

    boolean remove(Ref ref) {
        Term group = groupOf.remove(ref);
        if (group == null) {
            return false;
        }
        Map<Ref, Mailbox> subscribers = byGroup.get(group);
        subscribers.remove(ref);
        if (subscribers.isEmpty()) {
            byGroup.remove(group);
        }
        return true;
    }

    void joined(Mailbox scope, Term group, List<Pid> pids) {
        tell(scope, JOIN, group, pids);
    }

    void left(Mailbox scope, Term group, List<Pid> pids) {
        tell(scope, LEAVE, group, pids);
    }

    private void tell(Mailbox scope, Atom what, Term group, List<Pid> pids) {
        Map<Ref, Mailbox> subscribers = byGroup.get(group);
        if (subscribers == null || pids.isEmpty()) {
            return;
        }
        TermList members = TermList.of(pids);
        Iterator<Map.Entry<Ref, Mailbox>> entries = subscribers.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<Ref, Mailbox> entry = entries.next();
            Mailbox subscriber = entry.getValue();
            if (subscriber.isClosed()) {
                entries.remove();
                groupOf.remove(entry.getKey());
                continue;
            }
            try {
                scope.send(subscriber.pid(), Tuple.of(entry.getKey(), what, group, members));
            } catch (MailboxFullException e) {
                // a subscriber that refuses when full misses the event, as a full mailbox drops it
            }
        }
        if (subscribers.isEmpty()) {
            byGroup.remove(group);
        }
    }
}

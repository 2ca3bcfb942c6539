package dev.nodemesh.pg;

import dev.nodemesh.GroupMonitor;
import dev.nodemesh.Mailbox;
import dev.nodemesh.MailboxFullException;
import dev.nodemesh.ProcessGroups;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * One scope as the API shows it: joins, leaves and subscriptions go to the scope's process;
 * reads and publishes use the lock-free {@link GroupView}.
 */
final class PgGroups implements ProcessGroups {

    private final PgScope scope;
    private final GroupView view;
    private final Atom self;
    private final PgScopes.RemoteFanOut remoteFanOut;
    private final LongAdder refusedPublishes = new LongAdder();

    PgGroups(PgScope scope, GroupView view, Atom self, PgScopes.RemoteFanOut remoteFanOut) {
        this.scope = scope;
        this.view = view;
        this.self = self;
        this.remoteFanOut = remoteFanOut;
    }

    @Override
    public String scope() {
        return scope.scope().name();
    }

    @Override
    public void join(Term group, Mailbox member) {
        scope.join(Objects.requireNonNull(group, "group"), localPid(member));
    }

    @Override
    public boolean leave(Term group, Mailbox member) {
        return scope.leave(Objects.requireNonNull(group, "group"), localPid(member));
    }

    private Pid localPid(Mailbox mailbox) {
        Pid pid = Objects.requireNonNull(mailbox, "mailbox").pid();
        if (!pid.node().equals(self)) {
            throw new IllegalArgumentException(
                    "mailbox " + pid + " belongs to " + pid.node().name() + ", not to " + self.name());
        }
        return pid;
    }

    @Override
    public List<Pid> members(Term group) {
        GroupView.Members members = view.members(group);
        return members == null ? List.of() : List.of(members.all());
    }

    @Override
    public List<Pid> localMembers(Term group) {
        GroupView.Members members = view.members(group);
        return members == null ? List.of() : List.of(members.local());
    }

    @Override
    public Set<Term> whichGroups() {
        return view.groups();
    }

    @Override
    public Set<Term> whichLocalGroups() {
        return Set.copyOf(view.localGroups());
    }

    @Override
    public GroupMonitor monitor(Term group, Mailbox subscriber) {
        localPid(subscriber);
        return scope.monitor(Objects.requireNonNull(group, "group"), subscriber);
    }

    @Override
    public boolean demonitor(Ref ref) {
        return scope.demonitor(Objects.requireNonNull(ref, "ref"));
    }

    @Override
    public int publish(Term group, Term message) {
        return publish(scope.mailbox(), group, message);
    }

    @Override
    public int publish(Mailbox from, Term group, Term message) {
        GroupView.Members members = view.members(Objects.requireNonNull(group, "group"));
        return members == null ? 0 : sendEach(from, members.targets(), message);
    }

    @Override
    public int publishLocal(Term group, Term message) {
        GroupView.Members members = view.members(Objects.requireNonNull(group, "group"));
        return members == null ? 0 : sendEach(scope.mailbox(), members.localTargets(), message);
    }

    /**
     * Sends to each target: one by one to this node's processes, and to the processes of another
     * node (which the view lists node by node) in one fan-out per node, the message encoded once.
     */
    private int sendEach(Mailbox from, Pid[] targets, Term message) {
        Objects.requireNonNull(message, "message");
        int sent = 0;
        int i = 0;
        while (i < targets.length) {
            Atom node = targets[i].node();
            int end = i + 1;
            while (end < targets.length && targets[end].node().equals(node)) {
                end++;
            }
            if (node.equals(self) || end - i == 1) {
                for (int k = i; k < end; k++) {
                    try {
                        from.send(targets[k], message);
                        sent++;
                    } catch (MailboxFullException e) {
                        refusedPublishes.increment();
                    }
                }
            } else {
                remoteFanOut.sendToEach(from.pid(), node, targets, i, end, message);
                sent += end - i;
            }
            i = end;
        }
        return sent;
    }

    @Override
    public long refusedPublishes() {
        return refusedPublishes.sum();
    }

    @Override
    public long refusedMessages() {
        return scope.refusedMessages();
    }

    @Override
    public String toString() {
        return "ProcessGroups[" + scope() + "@" + self.name() + "]";
    }
}

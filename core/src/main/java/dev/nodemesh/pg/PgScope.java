package dev.nodemesh.pg;

import dev.nodemesh.Down;
import dev.nodemesh.GroupMonitor;
import dev.nodemesh.Mailbox;
import dev.nodemesh.MessageHandler;
import dev.nodemesh.NodeName;
import dev.nodemesh.dist.LogThrottle;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process of one pg scope: registered under the scope's name, it speaks pg's protocol with
 * the same scope on every peer (erlang-distribution.md §8.4). On a visible nodeup it sends {@code
 * {discover, Self}} to {@code {Scope, Node}}, as pg does; on a hidden one, to {@code
 * {'nodemesh_pg:Scope', Node}}, a name only nodemesh nodes register, so that nodemesh nodes share
 * groups over hidden connections while BEAM nodes, whose pg ignores hidden peers, are left alone.
 * A discover is answered with a {@code sync} of this node's members and, from a peer not yet
 * known, a discover back and a monitor on the peer's scope; joins and leaves go to every known
 * peer scope. A peer scope's Down drops its members; a local member's Down makes it leave.
 *
 * <p>Every change and every send happens under one lock, so peers receive this node's joins and
 * leaves in the order they happened. Nothing the scope sends to a peer connects to it (as pg's
 * {@code noconnect} sends): a closed connection stays closed, and a peer scope monitored while its
 * node is not connected is down at once. What a peer sends is checked: a malformed message, a member
 * of another node, or more members than the per-peer bound are refused (counted, one log line per
 * 10 s) and change nothing.
 */
final class PgScope implements MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(PgScope.class);
    private static final Atom NODEUP = Atom.of("nodeup");
    private static final Atom NODE_TYPE = Atom.of("node_type");
    private static final Atom VISIBLE = Atom.of("visible");

    /** The prefix of the name a scope is also registered under, for nodemesh peers over hidden connections. */
    static final String HIDDEN_ALIAS_PREFIX = "nodemesh_pg:";

    private final Atom scope;
    private final Atom hiddenAlias;
    private final Atom self;
    private final int maxMembersPerPeer;
    private final Supplier<Ref> refs;
    private final GroupView view;
    private final Object lock = new Object();
    private final Map<Pid, LocalMember> locals = new HashMap<>();
    private final Map<Pid, RemoteScope> remotes = new HashMap<>();
    private final Map<Atom, Pid> remoteByNode = new HashMap<>();
    private final Subscriptions subscriptions = new Subscriptions();
    private final LongAdder refused = new LongAdder();
    private final LogThrottle refusalLog = new LogThrottle(Duration.ofSeconds(10));
    private Mailbox mailbox;

    /** A member on this node: the scope's monitor on it and its groups, with repeats. */
    private record LocalMember(Ref monitor, List<Term> groups) {}

    PgScope(String scope, Atom self, int maxMembersPerPeer, Supplier<Ref> refs, GroupView view) {
        this.scope = Atom.of(scope);
        this.hiddenAlias = Atom.of(HIDDEN_ALIAS_PREFIX + scope);
        this.self = self;
        this.maxMembersPerPeer = maxMembersPerPeer;
        this.refs = refs;
        this.view = view;
    }

    Atom scope() {
        return scope;
    }

    Atom hiddenAlias() {
        return hiddenAlias;
    }

    /** Takes the scope's mailbox, once, before any message can reach it. */
    void attach(Mailbox scopeMailbox) {
        synchronized (lock) {
            this.mailbox = scopeMailbox;
        }
    }

    Mailbox mailbox() {
        return mailbox;
    }

    long refusedMessages() {
        return refused.sum();
    }

    @Override
    public void handle(Term message, Mailbox ignored) {
        synchronized (lock) {
            var down = Down.of(message);
            if (down.isPresent()) {
                down(down.get());
            } else if (message instanceof Tuple t && t.isTagged(NODEUP, 3) && t.get(1) instanceof Atom node) {
                discover(node, isVisible(t.get(2)));
            } else {
                try {
                    var pg = PgProtocol.parse(message);
                    if (pg.isPresent()) {
                        apply(pg.get());
                    } else {
                        log.debug("scope {} ignores {}", scope.name(), message);
                    }
                } catch (PgProtocolException e) {
                    refuse(e);
                }
            }
        }
    }

    private static boolean isVisible(Term nodeInfo) {
        if (nodeInfo instanceof TermList info) {
            for (Term item : info.elements()) {
                if (item instanceof Tuple pair && pair.isTagged(NODE_TYPE, 2)) {
                    return VISIBLE.equals(pair.get(1));
                }
            }
        }
        return false;
    }

    private void discover(Atom node, boolean visible) {
        // a nodeup comes before anything of the new connection: a scope still known on that node
        // is the previous connection's, whose Down may come after this connection's first messages
        forgetScopeOn(node);
        log.debug("scope {} discovers {} ({})", scope.name(), node.name(), visible ? "visible" : "hidden");
        mailbox.sendIfConnected(
                visible ? scope.name() : hiddenAlias.name(),
                NodeName.parse(node.name()),
                PgProtocol.discover(mailbox.pid()));
    }

    private void apply(PgMessage message) throws PgProtocolException {
        Pid peer = message.peer();
        if (peer.node().equals(self)) {
            throw new PgProtocolException(
                    PgProtocolException.Kind.FOREIGN_MEMBER, "a peer scope pid " + peer + " of this node");
        }
        if (message instanceof PgMessage.Sync sync) {
            synced(peer, sync.groups());
        } else if (message instanceof PgMessage.Join join) {
            joinedRemote(peer, join.group(), join.pids());
        } else if (message instanceof PgMessage.Leave leave) {
            leftRemote(peer, leave.pids(), leave.groups());
        } else {
            discovered(peer);
        }
    }

    private void discovered(Pid peer) {
        mailbox.sendIfConnected(peer, PgProtocol.sync(mailbox.pid(), localGroups()));
        if (!remotes.containsKey(peer)) {
            adopt(peer);
            mailbox.sendIfConnected(peer, PgProtocol.discover(mailbox.pid()));
        }
    }

    /** Knows a peer scope from now on; a node has one scope of a name, so an older one is dropped. */
    private RemoteScope adopt(Pid peer) {
        log.debug("scope {} knows {} from now on", scope.name(), peer);
        forgetScopeOn(peer.node());
        RemoteScope remote = new RemoteScope(peer, mailbox.monitorIfConnected(peer));
        remotes.put(peer, remote);
        remoteByNode.put(peer.node(), peer);
        return remote;
    }

    private void forgetScopeOn(Atom node) {
        Pid known = remoteByNode.get(node);
        if (known != null) {
            RemoteScope gone = remotes.get(known);
            mailbox.demonitor(gone.monitor());
            dropRemote(gone);
        }
    }

    private void synced(Pid peer, Map<Term, List<Pid>> groups) throws PgProtocolException {
        int total = 0;
        for (List<Pid> pids : groups.values()) {
            checkOwned(peer, pids);
            total += pids.size();
        }
        checkBound(peer, total);
        RemoteScope remote = remotes.get(peer);
        if (remote == null) {
            remote = adopt(peer);
        }
        Set<Term> touched = new HashSet<>(remote.groups().keySet());
        touched.addAll(groups.keySet());
        for (Term group : touched) {
            PidBag now = PidBag.of(groups.getOrDefault(group, List.of()));
            PidBag before = remote.replace(group, now);
            List<Pid> left = before.minus(now);
            List<Pid> joined = now.minus(before);
            view.remove(group, left);
            view.add(group, joined);
            subscriptions.left(mailbox, group, left);
            subscriptions.joined(mailbox, group, joined);
        }
    }

    private void joinedRemote(Pid peer, Term group, List<Pid> pids) throws PgProtocolException {
        RemoteScope remote = remotes.get(peer);
        if (remote == null) {
            // as pg: a join from a scope not (or no longer) known is a late one, ignored
            return;
        }
        checkOwned(peer, pids);
        checkBound(peer, remote.members() + pids.size());
        remote.add(group, pids);
        view.add(group, pids);
        subscriptions.joined(mailbox, group, pids);
    }

    private void leftRemote(Pid peer, List<Pid> pids, List<Term> groups) {
        RemoteScope remote = remotes.get(peer);
        if (remote == null) {
            return;
        }
        for (Term group : groups) {
            List<Pid> removed = remote.remove(group, pids);
            view.remove(group, removed);
            subscriptions.left(mailbox, group, removed);
        }
    }

    private void checkOwned(Pid peer, List<Pid> pids) throws PgProtocolException {
        for (Pid pid : pids) {
            if (!pid.node().equals(peer.node())) {
                throw new PgProtocolException(
                        PgProtocolException.Kind.FOREIGN_MEMBER,
                        "the scope " + peer + " announced " + pid + ", a process of another node");
            }
        }
    }

    private void checkBound(Pid peer, long members) throws PgProtocolException {
        if (members > maxMembersPerPeer) {
            throw new PgProtocolException(
                    PgProtocolException.Kind.MEMBER_LIMIT,
                    "the scope " + peer + " would hold " + members + " members; at most " + maxMembersPerPeer
                            + " (maxGroupMembersPerPeer)");
        }
    }

    private void refuse(PgProtocolException e) {
        refused.increment();
        long heldBack = refusalLog.admit();
        if (heldBack >= 0) {
            log.warn(
                    "pg scope {} refused a message: {} ({}; {} more refused since the previous line)",
                    scope.name(),
                    e.getMessage(),
                    e.kind(),
                    heldBack);
        } else {
            log.debug("pg scope {} refused a message: {}", scope.name(), e.getMessage());
        }
    }

    private void down(Down down) {
        if (!(down.target() instanceof Pid pid)) {
            return;
        }
        if (pid.node().equals(self)) {
            LocalMember member = locals.get(pid);
            if (member != null && member.monitor().equals(down.ref())) {
                locals.remove(pid);
                for (Term group : member.groups()) {
                    leftLocally(group, pid);
                }
                broadcast(PgProtocol.leave(mailbox.pid(), pid, member.groups()));
            }
        } else {
            RemoteScope remote = remotes.get(pid);
            if (remote != null && remote.monitor().equals(down.ref())) {
                dropRemote(remote);
            }
        }
    }

    private void dropRemote(RemoteScope remote) {
        log.debug("scope {} forgets {} and its {} members", scope.name(), remote.pid(), remote.members());
        remotes.remove(remote.pid());
        remoteByNode.remove(remote.pid().node(), remote.pid());
        for (Map.Entry<Term, PidBag> entry : remote.groups().entrySet()) {
            List<Pid> members = entry.getValue().toList();
            view.remove(entry.getKey(), members);
            subscriptions.left(mailbox, entry.getKey(), members);
        }
    }

    // ---- the local API, called on any thread

    void join(Term group, Pid member) {
        synchronized (lock) {
            LocalMember local = locals.get(member);
            if (local == null) {
                local = new LocalMember(mailbox.monitor(member), new ArrayList<>());
                locals.put(member, local);
            }
            local.groups().add(group);
            view.add(group, List.of(member));
            broadcast(PgProtocol.join(mailbox.pid(), group, member));
            subscriptions.joined(mailbox, group, List.of(member));
        }
    }

    boolean leave(Term group, Pid member) {
        synchronized (lock) {
            LocalMember local = locals.get(member);
            if (local == null || !local.groups().remove(group)) {
                return false;
            }
            if (local.groups().isEmpty()) {
                locals.remove(member);
                mailbox.demonitor(local.monitor());
            }
            leftLocally(group, member);
            broadcast(PgProtocol.leave(mailbox.pid(), member, List.of(group)));
            return true;
        }
    }

    GroupMonitor monitor(Term group, Mailbox subscriber) {
        synchronized (lock) {
            Ref ref = refs.get();
            subscriptions.add(ref, group, subscriber);
            GroupView.Members members = view.members(group);
            return new GroupMonitor(ref, members == null ? List.of() : List.of(members.all()));
        }
    }

    boolean demonitor(Ref ref) {
        synchronized (lock) {
            return subscriptions.remove(ref);
        }
    }

    private void leftLocally(Term group, Pid member) {
        view.remove(group, List.of(member));
        subscriptions.left(mailbox, group, List.of(member));
    }

    private void broadcast(Tuple message) {
        for (Pid peer : remotes.keySet()) {
            mailbox.sendIfConnected(peer, message);
        }
    }

    private Map<Term, List<Pid>> localGroups() {
        Map<Term, List<Pid>> groups = new LinkedHashMap<>();
        locals.forEach((pid, member) -> {
            for (Term group : member.groups()) {
                groups.computeIfAbsent(group, g -> new ArrayList<>()).add(pid);
            }
        });
        return groups;
    }
}

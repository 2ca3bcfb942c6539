package dev.nodemesh.pg;

import dev.nodemesh.Mailbox;
import dev.nodemesh.MailboxOptions;
import dev.nodemesh.ProcessGroups;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pg scopes of a node, started with it: one process per scope, each a mailbox with a handler,
 * registered under the scope's name and under the name nodemesh peers discover it by over hidden
 * connections, subscribed to node events. The node starts them before it accepts or dials any
 * connection, so no discover can arrive before a scope listens.
 */
public final class PgScopes {

    /** The scope {@code pg:join/2} and {@code Node.groups()} use. */
    public static final String DEFAULT_SCOPE = "pg";

    private final Map<String, PgGroups> scopes;

    private PgScopes(Map<String, PgGroups> scopes) {
        this.scopes = scopes;
    }

    /**
     * What the scopes need of their node: to create and register mailboxes, references, and to
     * send one message to several processes of another node.
     *
     * @param node the node's name
     * @param spawn creates a mailbox
     * @param register registers a mailbox under one more name; false when the name is taken
     * @param refs makes references
     * @param remoteFanOut sends one message to several processes of another node
     */
    public record Host(
            Atom node,
            Function<MailboxOptions, Mailbox> spawn,
            BiPredicate<String, Mailbox> register,
            Supplier<Ref> refs,
            RemoteFanOut remoteFanOut) {}

    /** Sends one message to several processes of one other node, encoding it once. */
    @FunctionalInterface
    public interface RemoteFanOut {
        /**
         * Sends {@code message} from {@code from} to {@code targets[start..end)}, all processes of
         * {@code node}.
         *
         * @param from the sender
         * @param node the targets' node
         * @param targets the targets
         * @param start the first
         * @param end one past the last
         * @param message the message
         */
        void sendToEach(Pid from, Atom node, Pid[] targets, int start, int end, Term message);
    }

    /**
     * Starts the scopes of a node.
     *
     * @param host what the scopes need of the node
     * @param names the scopes' names
     * @param maxMembersPerPeer how many members one peer node may hold in one scope
     * @return the running scopes
     * @throws IllegalStateException when a scope's name is already registered
     */
    public static PgScopes start(Host host, Collection<String> names, int maxMembersPerPeer) {
        Map<String, PgGroups> scopes = new LinkedHashMap<>();
        for (String name : names) {
            GroupView view = new GroupView(host.node());
            PgScope scope = new PgScope(name, host.node(), maxMembersPerPeer, host.refs(), view);
            Mailbox mailbox = host.spawn()
                    .apply(MailboxOptions.builder()
                            .name(name)
                            .handler(scope)
                            .keepRunningOnError(true)
                            .ignoreKill(true)
                            .build());
            scope.attach(mailbox);
            if (!host.register().test(scope.hiddenAlias().name(), mailbox)) {
                throw new IllegalStateException(
                        "the name '" + scope.hiddenAlias().name() + "' is already registered");
            }
            mailbox.monitorNodes(true);
            scopes.put(name, new PgGroups(scope, view, host.node(), host.remoteFanOut()));
        }
        return new PgScopes(scopes);
    }

    /**
     * Finds a scope.
     *
     * @param name the scope's name
     * @return the scope, when the node runs it
     */
    public Optional<ProcessGroups> scope(String name) {
        return Optional.ofNullable(scopes.get(name));
    }
}

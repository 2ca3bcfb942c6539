package dev.nodemesh.autoconfigure.discovery;

import dev.nodemesh.NodeName;

/** What the {@link DiscoveryPoller} does with members that appear and vanish. */
public interface MemberConnector {

    /**
     * A member appeared (or its port changed): connect to it, retrying in the background.
     *
     * @param member the member, never this node
     * @param keepConnected whether to dial it again when its connection goes down while it is a
     *     member (a polled source), rather than only until it first answers (the static list)
     */
    void connect(DiscoveredNode member, boolean keepConnected);

    /**
     * A member vanished: stop trying to connect to it. An open connection stays open; when the node
     * really goes, the connection says so.
     *
     * @param member the member's name
     */
    void forget(NodeName member);
}

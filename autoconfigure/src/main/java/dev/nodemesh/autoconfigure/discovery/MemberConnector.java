package dev.nodemesh.autoconfigure.discovery;

import dev.nodemesh.NodeName;

/** What the {@link DiscoveryPoller} does with members that appear and vanish. */
public interface MemberConnector {

    /**
     * A member appeared (or its port changed): connect to it, retrying in the background.
     *
     * @param member the member, never this node
     */
    void connect(DiscoveredNode member);

    /**
     * A member vanished: stop trying to connect to it. An open connection stays open; when the node
     * really goes, the connection says so.
     *
     * @param member the member's name
     */
    void forget(NodeName member);
}

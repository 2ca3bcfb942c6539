package dev.nodemesh.runtime;

import dev.nodemesh.dist.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a peer's request refused for a per-peer bound ({@link dev.nodemesh.NodeConfig#maxMonitorsPerPeer()},
 * {@link dev.nodemesh.NodeConfig#maxLinksPerPeer()}) and logs the first one of each connection, so that a peer
 * flooding past a bound costs one log line, not one per message.
 */
final class PeerLimitLog {

    private static final Logger log = LoggerFactory.getLogger(PeerLimitLog.class);

    private PeerLimitLog() {}

    /**
     * Counts a refusal on the connection; logs it when it is the connection's first.
     *
     * @param from the connection the refused request came on
     * @param what what the peer holds, such as {@code "monitors"}
     * @param bound the bound it reached
     * @param setting the builder method that sets the bound
     */
    static void refused(Connection from, String what, int bound, String setting) {
        if (from.countLimitRefusal()) {
            log.warn(
                    "{} holds {} {} on this node's processes, the most one peer may ({}); refusing more with"
                            + " system_limit; further refusals on this connection are counted, not logged",
                    from.peer().name(),
                    bound,
                    what,
                    setting);
        }
    }
}

package dev.nodemesh;

/** How a node uses EPMD, the port mapper through which nodes find each other. */
public enum EpmdMode {
    /** Register with the EPMD on this host; when none answers, run one inside the JVM (as erl starts epmd). */
    AUTO,
    /** Register with the EPMD on this host; fail at start when none answers. */
    EXTERNAL,
    /**
     * No EPMD at all (containers, fixed ports): the node listens on its configured port and finds
     * peers only through {@link NodeConfig.Builder#peer(String, int)}; BEAM nodes reach it with
     * {@code -erl_epmd_port} or their own address book.
     */
    NONE
}

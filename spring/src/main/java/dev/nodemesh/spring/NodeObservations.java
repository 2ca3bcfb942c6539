package dev.nodemesh.spring;

/**
 * The names and low-cardinality keys of nodemesh's Micrometer observations. With Spring Boot's
 * metrics each observation becomes a timer of the same name, tagged with its keys.
 */
public final class NodeObservations {

    /** A {@link NodeTemplate} call, blocking or async: {@value}. */
    public static final String CALLS = "nodemesh.calls";

    /** One message handled by a {@link NodeProcess} bean: {@value}. */
    public static final String HANDLER = "nodemesh.handler";

    /**
     * The key of the process: for a call the registered name called ({@code pid} for a call by
     * pid), for a handler the {@link NodeProcess} name: {@value}.
     */
    public static final String PROCESS = "process";

    /**
     * The key of the outcome: for a call {@code success}, {@code timeout}, {@code noproc}, {@code
     * noconnection} or {@code error}; for a handler {@code success}, {@code error} or {@code
     * unhandled} (no method takes the message): {@value}.
     */
    public static final String OUTCOME = "outcome";

    /** The key of a handled message's kind: {@code call}, {@code cast} or {@code info}: {@value}. */
    public static final String KIND = "kind";

    private NodeObservations() {}
}

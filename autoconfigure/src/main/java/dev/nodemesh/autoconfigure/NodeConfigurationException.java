package dev.nodemesh.autoconfigure;

/**
 * Thrown at startup when a {@code nodemesh.*} property cannot configure the node and its value
 * must not be shown (the cookie) or there is no value to show (a missing node name). Other invalid
 * values raise Spring Boot's {@link
 * org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException},
 * which shows the value and where it was set. Its subclass {@link NodeStartException} says that
 * the node could not start because of what it found on the host.
 */
public class NodeConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String problem;

    private final String action;

    /**
     * Creates an exception.
     *
     * @param property the property at fault, such as {@code nodemesh.node.cookie}
     * @param problem what is wrong, never showing a secret
     * @param action what to do about it
     */
    public NodeConfigurationException(String property, String problem, String action) {
        this(property, problem, action, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param property the property at fault, such as {@code nodemesh.listen.port}
     * @param problem what is wrong, never showing a secret
     * @param action what to do about it
     * @param cause the underlying failure, or {@code null}
     */
    protected NodeConfigurationException(String property, String problem, String action, Throwable cause) {
        super(property + ": " + problem + ". " + action, cause);
        this.property = property;
        this.problem = problem;
        this.action = action;
    }

    /**
     * Returns the property at fault.
     *
     * @return the property name
     */
    public String getProperty() {
        return property;
    }

    /**
     * Returns what is wrong.
     *
     * @return the problem
     */
    public String getProblem() {
        return problem;
    }

    /**
     * Returns what to do about it.
     *
     * @return the advice
     */
    public String getAction() {
        return action;
    }
}

package dev.nodemesh.autoconfigure;

/**
 * Thrown at startup when the auto-configured node cannot start because of something found on the
 * host (its port is taken, its name is registered by another node) and a {@code nodemesh.*}
 * property chooses around it: the failure report names that property, what was found, and what to
 * do.
 */
public class NodeStartException extends NodeConfigurationException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param property the property that chooses another value, such as {@code nodemesh.listen.port}
     * @param found what was found on the host
     * @param action what to do about it
     * @param cause the failure of the node's start
     */
    public NodeStartException(String property, String found, String action, Throwable cause) {
        super(property, found, action, cause);
    }
}

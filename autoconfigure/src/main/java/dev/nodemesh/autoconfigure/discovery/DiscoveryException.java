package dev.nodemesh.autoconfigure.discovery;

/**
 * A discovery source failed or answered what is not a list of members (a timeout, an unknown
 * name, garbage); the message says which source and why, in one line.
 */
public class DiscoveryException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, in one line
     */
    public DiscoveryException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, in one line
     * @param cause the underlying failure
     */
    public DiscoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}

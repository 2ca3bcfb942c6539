package dev.nodemesh.autoconfigure.endpoint;

import dev.nodemesh.autoconfigure.endpoint.NodesEndpoint.ConnectDescriptor;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} of the {@link NodesEndpoint} for HTTP: a
 * connect to a node that is not allowed answers {@code 403 Forbidden}, with the {@link
 * ConnectDescriptor} that says why.
 */
@EndpointWebExtension(endpoint = NodesEndpoint.class)
public class NodesEndpointWebExtension {

    /** HTTP's status for a request understood and refused. */
    private static final int STATUS_FORBIDDEN = 403;

    private final NodesEndpoint delegate;

    /**
     * Creates the extension.
     *
     * @param delegate the endpoint that does the work
     */
    public NodesEndpointWebExtension(NodesEndpoint delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * Connects to a node; see {@link NodesEndpoint#connect(String)}.
     *
     * @param node the node's full name
     * @return the outcome: {@code 200} when the node was dialled (connected or not), {@code 403} when
     *     it was refused
     */
    @WriteOperation
    public WebEndpointResponse<ConnectDescriptor> connect(@Selector String node) {
        ConnectDescriptor outcome = delegate.connect(node);
        return new WebEndpointResponse<>(outcome, outcome.refused() ? STATUS_FORBIDDEN : WebEndpointResponse.STATUS_OK);
    }
}

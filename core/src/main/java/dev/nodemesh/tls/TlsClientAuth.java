package dev.nodemesh.tls;

/**
 * Whether a node asks the peers that dial it for a certificate, as Spring Boot's {@code
 * client-auth} settings name it.
 */
public enum TlsClientAuth {
    /** No client certificate is asked for: any peer that trusts this node's certificate may try the cookie. */
    NONE,
    /** A client certificate is asked for and checked when sent, but a peer without one is let through. */
    WANT,
    /**
     * A trusted client certificate is required (mutual TLS), as OTP's {@code {verify, verify_peer},
     * {fail_if_no_peer_cert, true}} on the server side.
     */
    NEED
}

package dev.nodemesh.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.handler.ssl.NotSslRecordException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;

/**
 * Recognises TLS trouble during a handshake and says what it means, in one line: a TLS handshake
 * that failed under an {@code SslHandler}, or TLS bytes reaching a node that speaks plain TCP.
 */
final class TlsFailures {

    /** TLS record types: change_cipher_spec, alert, handshake, application_data. */
    private static final int FIRST_RECORD_TYPE = 0x14;

    private static final int LAST_RECORD_TYPE = 0x17;

    /** The major version byte of every TLS record (SSL 3.0 to TLS 1.3). */
    private static final int RECORD_MAJOR_VERSION = 0x03;

    /** What the OpenSSL engine says around the JDK trust manager's own message. */
    private static final String OPENSSL_WRAPPER = "General OpenSslEngine problem";

    private static final String REFUSED_OURS =
            "the peer refused this node's certificate (not from an authority it trusts, or not issued for"
                    + " the host it dialled)";

    /**
     * What the JDK's and OpenSSL's messages for a refused handshake mean, first match wins: the
     * alerts a peer sends when it refuses this node, and the checks this node made of the peer.
     */
    private static final String[][] HINTS = {
        {"Empty client certificate chain", "the peer showed no certificate from an authority this node trusts"},
        {"PEER_DID_NOT_RETURN_A_CERTIFICATE", "the peer showed no certificate from an authority this node trusts"},
        {"closed while SSL/TLS handshake", "a plaintext peer, or one that refused this node's certificate"},
        {"certificate_unknown", REFUSED_OURS},
        {"bad_certificate", REFUSED_OURS},
        {"ALERT_INTERNAL_ERROR", REFUSED_OURS},
        {"ALERT_BAD_CERTIFICATE", REFUSED_OURS},
        {"ALERT_CERTIFICATE_UNKNOWN", REFUSED_OURS},
        {"handshake_failure", "the peer ended the handshake, most likely over this node's certificate"},
        {"ALERT_HANDSHAKE_FAILURE", "the peer ended the handshake, most likely over this node's certificate"},
        {"ALERT_CERTIFICATE_REQUIRED", "the peer requires a client certificate from an authority it trusts"},
        {"ALERT_CERTIFICATE_EXPIRED", "the peer says this node's certificate has expired"},
        {"certificate_expired", "the peer says this node's certificate has expired"},
    };

    private TlsFailures() {}

    /**
     * Tells whether the bytes at the reader index start a TLS record. A handshake message never
     * does: its two-byte length would be 0x14xx to 0x17xx, far above the longest valid message.
     *
     * @param in the bytes received, at least two readable
     * @return whether a TLS peer sent them
     */
    static boolean startsTlsRecord(ByteBuf in) {
        int type = in.getUnsignedByte(in.readerIndex());
        return type >= FIRST_RECORD_TYPE
                && type <= LAST_RECORD_TYPE
                && in.getUnsignedByte(in.readerIndex() + 1) == RECORD_MAJOR_VERSION;
    }

    /**
     * Tells whether a failure came from TLS.
     *
     * @param cause what the pipeline caught
     * @return whether an {@link SSLException} is in its cause chain
     */
    static boolean isTls(Throwable cause) {
        return sslCause(cause) != null;
    }

    /**
     * Says in one line why a TLS handshake failed.
     *
     * @param cause the failure an {@code SslHandler} reported
     * @return the explanation, naming the likely cause
     */
    static String describe(Throwable cause) {
        if (cause instanceof NotSslRecordException || cause.getCause() instanceof NotSslRecordException) {
            return "the TLS handshake failed: the peer does not speak TLS (a plaintext distribution peer?)";
        }
        if (cause instanceof ClosedChannelException) {
            return "the connection closed during the TLS handshake (a plaintext peer, or one that refused"
                    + " this node's certificate)";
        }
        SSLException ssl = sslCause(cause);
        Throwable root = ssl == null ? cause : ssl;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = ssl == null ? String.valueOf(cause.getMessage()) : String.valueOf(ssl.getMessage());
        if (root != ssl && root.getMessage() != null && !message.contains(root.getMessage())) {
            message =
                    message.startsWith(OPENSSL_WRAPPER) ? root.getMessage() : message + " (" + root.getMessage() + ")";
        }
        if (root instanceof CertificateExpiredException) {
            message = "the peer's certificate has expired: " + message;
        } else if (root instanceof CertificateNotYetValidException) {
            message = "the peer's certificate is not valid yet: " + message;
        }
        for (String[] hint : HINTS) {
            if (message.contains(hint[0])) {
                message += ": " + hint[1];
                break;
            }
        }
        return "the TLS handshake failed: " + message;
    }

    private static SSLException sslCause(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }
}

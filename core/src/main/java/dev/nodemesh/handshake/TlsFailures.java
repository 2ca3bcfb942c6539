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
            message = message + " (" + root.getMessage() + ")";
        }
        if (root instanceof CertificateExpiredException) {
            message = "the peer's certificate has expired: " + message;
        } else if (root instanceof CertificateNotYetValidException) {
            message = "the peer's certificate is not valid yet: " + message;
        }
        if (message.contains("Empty client certificate chain")) {
            message += ": the peer showed no certificate from an authority this node trusts";
        }
        if (message.contains("closed while SSL/TLS handshake")) {
            message += ": a plaintext peer, or one that refused this node's certificate";
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

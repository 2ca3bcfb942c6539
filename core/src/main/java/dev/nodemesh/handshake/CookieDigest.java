package dev.nodemesh.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The digest that proves knowledge of the cookie in the handshake: {@code MD5(cookie ‖ decimal
 * text of the challenge)}, the challenge read as an <em>unsigned</em> 32-bit number.
 */
public final class CookieDigest {

    /** Length of a digest in bytes. */
    public static final int LENGTH = 16;

    private CookieDigest() {}

    /**
     * Computes the digest that answers a challenge.
     *
     * @param cookie the cookie's bytes
     * @param challenge the challenge as sent on the wire; values above 2^31 arrive negative and are
     *     read as unsigned
     * @return the 16-byte MD5 digest
     */
    public static byte[] of(byte[] cookie, int challenge) {
        Objects.requireNonNull(cookie, "cookie");
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
        md5.update(cookie);
        md5.update(Integer.toUnsignedString(challenge).getBytes(StandardCharsets.US_ASCII));
        return md5.digest();
    }

    /**
     * Compares two digests in time that does not depend on where they differ.
     *
     * @param expected the digest this node computed
     * @param actual the digest the peer sent
     * @return whether they are equal
     */
    public static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }
}

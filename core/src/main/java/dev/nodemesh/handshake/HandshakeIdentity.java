package dev.nodemesh.handshake;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * This node's side of a handshake: the full node name it announces, its capability flags, its
 * creation and the cookie it proves knowledge of.
 *
 * <p>The cookie is copied in and out and never shown: {@link #toString()} leaves it out.
 *
 * @param nodeName this node's full name, {@code alive@host}
 * @param flags the capability flags this node announces, usually {@link DistFlags#DEFAULT_HIDDEN}
 *     or {@link DistFlags#DEFAULT_VISIBLE}
 * @param creation this node's creation, an unsigned 32-bit value
 * @param cookie the cookie's bytes
 */
public record HandshakeIdentity(String nodeName, long flags, int creation, byte[] cookie) {

    /** The longest node name accepted, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;

    /**
     * Creates an identity.
     *
     * @throws IllegalArgumentException if the node name is not {@code alive@host}, is longer than
     *     {@value #MAX_NAME_BYTES} bytes or contains a control character, or the flags ask for a
     *     dynamic name
     */
    public HandshakeIdentity {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(cookie, "cookie");
        String problem = nodeNameProblem(nodeName);
        if (problem != null) {
            throw new IllegalArgumentException("invalid node name '" + nodeName + "': " + problem);
        }
        if ((flags & DistFlags.NAME_ME) != 0) {
            throw new IllegalArgumentException("flags must not contain NAME_ME: dynamic names are not supported");
        }
        cookie = cookie.clone();
    }

    /**
     * Returns a copy of the cookie.
     *
     * @return the cookie's bytes
     */
    @Override
    public byte[] cookie() {
        return cookie.clone();
    }

    /** Compares name, flags, creation and cookie contents. */
    @Override
    public boolean equals(Object other) {
        return other instanceof HandshakeIdentity that
                && nodeName.equals(that.nodeName)
                && flags == that.flags
                && creation == that.creation
                && Arrays.equals(cookie, that.cookie);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeName, flags, creation, Arrays.hashCode(cookie));
    }

    /** Shows the name, the flags and the creation, never the cookie. */
    @Override
    public String toString() {
        return "HandshakeIdentity[nodeName=" + nodeName + ", flags=0x" + Long.toHexString(flags) + ", creation="
                + Integer.toUnsignedString(creation) + "]";
    }

    /**
     * Tells what is wrong with a full node name, if anything: it must be {@code alive@host} with
     * exactly one {@code @}, both parts non-empty, at most {@value #MAX_NAME_BYTES} bytes in UTF-8,
     * without control characters (so that a name can go into a log line as it is).
     *
     * @return the problem, or {@code null} for a valid name
     */
    static String nodeNameProblem(String name) {
        int at = name.indexOf('@');
        if (at < 0) {
            return "no '@'";
        }
        if (name.indexOf('@', at + 1) >= 0) {
            return "more than one '@'";
        }
        if (at == 0) {
            return "empty alive part";
        }
        if (at == name.length() - 1) {
            return "empty host part";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return "longer than " + MAX_NAME_BYTES + " bytes";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "control character at index " + i;
            }
        }
        return null;
    }
}

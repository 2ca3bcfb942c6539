package dev.nodemesh.epmd;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The EPMD wire constants and the checks shared by client and server.
 *
 * <p>Every request is {@code u16 Len | Request[Len]}; replies have no length prefix, their size
 * follows from their tag. All integers are big-endian.
 */
final class EpmdProtocol {

    /** ALIVE2_REQ ({@code 'x'}): register a node; the connection stays open while it lives. */
    static final int ALIVE2_REQ = 120;
    /** ALIVE2_X_RESP ({@code 'v'}): {@code Result:u8 Creation:u32}, for HighestVersion 6 and up. */
    static final int ALIVE2_X_RESP = 118;
    /** ALIVE2_RESP ({@code 'y'}): the legacy {@code Result:u8 Creation:u16}. */
    static final int ALIVE2_RESP = 121;
    /** PORT_PLEASE2_REQ ({@code 'z'}): look a name up. */
    static final int PORT_PLEASE2_REQ = 122;
    /** PORT2_RESP ({@code 'w'}): the lookup's answer. */
    static final int PORT2_RESP = 119;
    /** NAMES_REQ ({@code 'n'}): list the registered names. */
    static final int NAMES_REQ = 110;
    /** DUMP_REQ ({@code 'd'}): debug listing. */
    static final int DUMP_REQ = 100;
    /** KILL_REQ ({@code 'k'}): stop EPMD; refused by the embedded EPMD. */
    static final int KILL_REQ = 107;
    /** STOP_REQ ({@code 's'}): forcibly unregister a name; refused by the embedded EPMD. */
    static final int STOP_REQ = 115;

    /** NodeType of a normal node ({@code 'M'}); OTP sends it even for hidden nodes. */
    static final int NODE_TYPE_NORMAL = 77;
    /** Protocol 0: TCP/IPv4. */
    static final int PROTOCOL_TCP = 0;
    /** The distribution protocol version nodemesh speaks (OTP 23+). */
    static final int DIST_VERSION = 6;

    /** The longest alive name, in UTF-8 bytes. */
    static final int MAX_NAME_BYTES = 255;
    /** ALIVE2_REQ without name and extra: tag, port, type, protocol, high, low, nlen, elen. */
    static final int ALIVE2_FIXED_LENGTH = 13;
    /** The longest request the embedded EPMD reads (an ALIVE2_REQ with a 255-byte name fits). */
    static final int MAX_REQUEST_LENGTH = 512;
    /** The largest NAMES reply the client reads. */
    static final int MAX_NAMES_REPLY_BYTES = 2 << 20;

    private EpmdProtocol() {}

    /**
     * Checks an alive name (the part of a node name before {@code @}) and returns its UTF-8 bytes.
     *
     * @param alive the name
     * @return its UTF-8 encoding, 1 to 255 bytes
     * @throws IllegalArgumentException if it is empty, too long, contains {@code @} or NUL, or is
     *     not valid Unicode
     */
    static byte[] aliveBytes(String alive) {
        if (alive == null || alive.isEmpty()) {
            throw new IllegalArgumentException("node name must not be empty");
        }
        if (alive.indexOf('@') >= 0) {
            throw new IllegalArgumentException(
                    "EPMD takes the alive part of a node name only (before '@'), got '" + alive + "'");
        }
        if (alive.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("node name must not contain NUL");
        }
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(alive));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("node name is not valid Unicode: '" + alive + "'", e);
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (bytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException(
                    "node name is " + bytes.length + " bytes in UTF-8, at most " + MAX_NAME_BYTES + " are allowed");
        }
        return bytes;
    }

    /**
     * Checks a TCP port number.
     *
     * @param port the port
     * @param what what the port is, for the message
     * @return the port
     * @throws IllegalArgumentException if it is not 1..65535
     */
    static int checkPort(int port, String what) {
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException(what + " must be 1..65535, got " + port);
        }
        return port;
    }

    /**
     * Formats an address as {@code host:port} without a reverse lookup.
     *
     * @param address the address
     * @return e.g. {@code 127.0.0.1:4369}
     */
    static String format(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}

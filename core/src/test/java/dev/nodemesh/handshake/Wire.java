package dev.nodemesh.handshake;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Builds handshake messages byte by byte, independently of the handler's own writer. */
final class Wire {

    private Wire() {}

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", "").replace("\n", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** {@code u16 len | tag | body}. */
    static byte[] frame(char tag, byte[] body) {
        return ByteBuffer.allocate(3 + body.length)
                .putShort((short) (1 + body.length))
                .put((byte) tag)
                .put(body)
                .array();
    }

    static byte[] status(String text) {
        return frame('s', text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The initiator's send_name {@code 'N'}, with optional trailing bytes. */
    static byte[] name(long flags, int creation, String name, byte[] trailing) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return nameRaw(flags, creation, n, trailing);
    }

    static byte[] nameRaw(long flags, int creation, byte[] name, byte[] trailing) {
        return frame(
                'N',
                ByteBuffer.allocate(14 + name.length + trailing.length)
                        .putLong(flags)
                        .putInt(creation)
                        .putShort((short) name.length)
                        .put(name)
                        .put(trailing)
                        .array());
    }

    static byte[] name(long flags, int creation, String name) {
        return name(flags, creation, name, new byte[0]);
    }

    /** The acceptor's challenge {@code 'N'}, with optional trailing bytes. */
    static byte[] challenge(long flags, int challenge, int creation, String name, byte[] trailing) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return frame(
                'N',
                ByteBuffer.allocate(18 + n.length + trailing.length)
                        .putLong(flags)
                        .putInt(challenge)
                        .putInt(creation)
                        .putShort((short) n.length)
                        .put(n)
                        .put(trailing)
                        .array());
    }

    static byte[] challenge(long flags, int challenge, int creation, String name) {
        return challenge(flags, challenge, creation, name, new byte[0]);
    }

    static byte[] reply(int challenge, byte[] digest) {
        return frame('r', ByteBuffer.allocate(20).putInt(challenge).put(digest).array());
    }

    static byte[] ack(byte[] digest) {
        return frame('a', digest);
    }
}

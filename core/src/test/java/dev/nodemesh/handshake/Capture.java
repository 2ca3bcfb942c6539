package dev.nodemesh.handshake;

import static dev.nodemesh.handshake.Wire.hex;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The handshake of Appendix A of docs/erlang-distribution.md: OTP 25.2.3 node {@code a@vm} dials
 * {@code b@vm}, cookie {@code secretc}; the bytes are as captured on the wire.
 */
final class Capture {

    static final String COOKIE = "secretc";
    static final String A = "a@vm";
    static final String B = "b@vm";
    static final long FLAGS = 0xd07df7fbdL;
    static final int A_CREATION = 0x6b048dcd;
    static final int B_CREATION = 0x6b048dcb;
    static final int CHALLENGE_A = 439246302;
    static final int CHALLENGE_B = 189633123;
    static final Duration TIMEOUT = Duration.ofSeconds(7);

    /** What {@code a@vm} sent: send_name, challenge_reply. */
    static final byte[] A_TO_B = hex(
            "0013 4e 0000000d07df7fbd 6b048dcd 0004 61 40 76 6d" + "0015 72 1a2e5dde 40af1179ca5b9251d2aed101447ae513");

    /** What {@code b@vm} sent: status ok, challenge, challenge_ack. */
    static final byte[] B_TO_A = hex("0003 73 6f6b"
            + "0017 4e 0000000d07df7fbd 0b4d9263 6b048dcb 0004 62 40 76 6d"
            + "0011 61 922db9e2c9b63ad6c8f442d22e07e136");

    private Capture() {}

    static byte[] cookie() {
        return COOKIE.getBytes(StandardCharsets.US_ASCII);
    }

    static HandshakeIdentity a() {
        return new HandshakeIdentity(A, FLAGS, A_CREATION, cookie());
    }

    static HandshakeIdentity b() {
        return new HandshakeIdentity(B, FLAGS, B_CREATION, cookie());
    }

    /** {@code a@vm} dialling {@code b@vm}, with the captured challenge. */
    static HandshakeHandler initiator() {
        return HandshakeHandler.initiator(a(), B, TIMEOUT, () -> CHALLENGE_A);
    }

    /** {@code b@vm} accepting, with the captured challenge and the given decision. */
    static HandshakeHandler acceptor(HandshakeArbiter.Decision decision) {
        return HandshakeHandler.acceptor(b(), (name, flags, channel) -> decision, TIMEOUT, () -> CHALLENGE_B);
    }

    static HandshakeHandler acceptor() {
        return acceptor(HandshakeArbiter.Decision.OK);
    }

    /** A's send_name. */
    static byte[] nameA() {
        return Wire.name(FLAGS, A_CREATION, A);
    }

    /** A's challenge_reply: its challenge and the digest of B's. */
    static byte[] replyA() {
        return Wire.reply(CHALLENGE_A, CookieDigest.of(cookie(), CHALLENGE_B));
    }

    /** B's challenge. */
    static byte[] challengeB() {
        return Wire.challenge(FLAGS, CHALLENGE_B, B_CREATION, B);
    }

    /** B's challenge_ack: the digest of A's challenge. */
    static byte[] ackB() {
        return Wire.ack(CookieDigest.of(cookie(), CHALLENGE_A));
    }

    static byte[] digestWithOtherCookie(int challenge) {
        return CookieDigest.of("wrongcookie".getBytes(StandardCharsets.US_ASCII), challenge);
    }
}

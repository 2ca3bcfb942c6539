package dev.nodemesh.handshake;

import static dev.nodemesh.handshake.Capture.A;
import static dev.nodemesh.handshake.Capture.A_CREATION;
import static dev.nodemesh.handshake.Capture.B;
import static dev.nodemesh.handshake.Capture.B_CREATION;
import static dev.nodemesh.handshake.Capture.CHALLENGE_A;
import static dev.nodemesh.handshake.Capture.CHALLENGE_B;
import static dev.nodemesh.handshake.Capture.FLAGS;
import static dev.nodemesh.handshake.Capture.ackB;
import static dev.nodemesh.handshake.Capture.challengeB;
import static dev.nodemesh.handshake.Capture.cookie;
import static dev.nodemesh.handshake.Capture.nameA;
import static dev.nodemesh.handshake.Capture.replyA;
import static dev.nodemesh.handshake.Wire.concat;
import static dev.nodemesh.handshake.Wire.hex;
import static dev.nodemesh.handshake.Wire.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.handshake.HandshakeArbiter.Decision;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scripted peers: each scenario feeds one side of a handshake the bytes the other side would send
 * (computed with fixed challenges, so they are deterministic), and checks every byte the handler
 * writes and the outcome. Every scenario runs with its input in one piece, split into two at every
 * byte boundary, and one byte at a time; the result must be the same each time.
 */
class HandshakeSplitTest {

    private static final byte[] NONE = new byte[0];

    /** One side, what the peer sends it, what it must write, and how it must end. */
    record Scenario(
            String name,
            Supplier<HandshakeHandler> handler,
            byte[] input,
            byte[] expectedOutput,
            Consumer<Harness> outcome) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Consumer<Harness> completes(HandshakeCompleted expected) {
        return h -> assertThat(h.completed()).isEqualTo(expected);
    }

    private static Consumer<Harness> fails(HandshakeFailure failure, String messagePart) {
        return h -> assertThat(h.failure())
                .satisfies(e -> assertThat(e.failure()).isEqualTo(failure))
                .hasMessageContaining(messagePart);
    }

    private static Scenario acceptor(
            String name, Decision decision, byte[] input, byte[] output, Consumer<Harness> outcome) {
        return new Scenario("acceptor: " + name, () -> Capture.acceptor(decision), input, output, outcome);
    }

    private static Scenario initiator(String name, byte[] input, byte[] output, Consumer<Harness> outcome) {
        return new Scenario("initiator: " + name, Capture::initiator, input, output, outcome);
    }

    private static final HandshakeCompleted A_DONE =
            new HandshakeCompleted(A, DistFlags.expand(FLAGS), A_CREATION, false);
    private static final HandshakeCompleted B_DONE =
            new HandshakeCompleted(B, DistFlags.expand(FLAGS), B_CREATION, true);

    static Stream<Scenario> scenarios() {
        byte[] fullAcceptorReply = concat(status("ok"), challengeB(), ackB());
        long shorthand = 0xd06585028L; // the eleven mandatory flags removed, bit 26 set
        long bit36 = 0x1d02585028L; // the same with bit 36 instead: not the shorthand
        byte[] legacyName = Wire.frame(
                'n',
                ByteBuffer.allocate(6 + 4)
                        .putShort((short) 5)
                        .putInt((int) FLAGS)
                        .put(A.getBytes(StandardCharsets.US_ASCII))
                        .array());
        return Stream.of(
                // ---- acceptor ----
                acceptor("the captured OTP handshake", Decision.OK, Capture.A_TO_B, Capture.B_TO_A, completes(A_DONE)),
                acceptor(
                        "trailing bytes inside messages are ignored",
                        Decision.OK,
                        concat(
                                Wire.name(FLAGS, A_CREATION, A, hex("78797a")),
                                Wire.frame(
                                        'r',
                                        concat(
                                                ByteBuffer.allocate(4)
                                                        .putInt(CHALLENGE_A)
                                                        .array(),
                                                CookieDigest.of(cookie(), CHALLENGE_B),
                                                hex("0102")))),
                        fullAcceptorReply,
                        completes(A_DONE)),
                acceptor(
                        "ok_simultaneous",
                        Decision.OK_SIMULTANEOUS,
                        concat(nameA(), replyA()),
                        concat(status("ok_simultaneous"), challengeB(), ackB()),
                        completes(A_DONE)),
                acceptor(
                        "alive, answered true",
                        Decision.ALIVE,
                        concat(nameA(), status("true"), replyA()),
                        concat(status("alive"), challengeB(), ackB()),
                        completes(A_DONE)),
                acceptor(
                        "alive, answered false",
                        Decision.ALIVE,
                        concat(nameA(), status("false"), replyA()),
                        status("alive"),
                        fails(HandshakeFailure.ALIVE_REFUSED, "false")),
                acceptor(
                        "alive, answered with nonsense",
                        Decision.ALIVE,
                        concat(nameA(), status("yes"), replyA()),
                        status("alive"),
                        fails(HandshakeFailure.MALFORMED, "yes")),
                acceptor("nok", Decision.NOK, concat(nameA(), replyA()), status("nok"), fails(HandshakeFailure.NOK, A)),
                acceptor(
                        "not_allowed by the arbiter",
                        Decision.NOT_ALLOWED,
                        concat(nameA(), replyA()),
                        status("not_allowed"),
                        fails(HandshakeFailure.NOT_ALLOWED, A)),
                acceptor(
                        "wrong cookie: BAD_DIGEST on 'r', closed without a message",
                        Decision.OK,
                        concat(nameA(), Wire.reply(CHALLENGE_A, Capture.digestWithOtherCookie(CHALLENGE_B))),
                        concat(status("ok"), challengeB()),
                        fails(HandshakeFailure.BAD_DIGEST, A)),
                acceptor(
                        "a peer without MAP_TAG gets not_allowed",
                        Decision.OK,
                        concat(
                                Wire.name(FLAGS & ~(DistFlags.MAP_TAG | DistFlags.MANDATORY_25_DIGEST), A_CREATION, A),
                                replyA()),
                        status("not_allowed"),
                        fails(HandshakeFailure.MISSING_FLAGS, "[MAP_TAG]")),
                acceptor(
                        "the bit-26 shorthand stands for the eleven mandatory flags",
                        Decision.OK,
                        concat(Wire.name(shorthand, A_CREATION, A), replyA()),
                        fullAcceptorReply,
                        completes(new HandshakeCompleted(A, DistFlags.expand(shorthand), A_CREATION, false))),
                acceptor(
                        "bit 36 is not the shorthand",
                        Decision.OK,
                        concat(Wire.name(bit36, A_CREATION, A), replyA()),
                        status("not_allowed"),
                        fails(HandshakeFailure.MISSING_FLAGS, "HANDSHAKE_23")),
                acceptor(
                        "legacy 'n' is closed without a status",
                        Decision.OK,
                        concat(legacyName, replyA()),
                        NONE,
                        fails(HandshakeFailure.UNSUPPORTED_VERSION, "'n'")),
                acceptor(
                        "a name without host",
                        Decision.OK,
                        concat(Wire.name(FLAGS, A_CREATION, "nohost"), replyA()),
                        status("not_allowed"),
                        fails(HandshakeFailure.INVALID_NAME, "nohost")),
                acceptor(
                        "a request for a dynamic name",
                        Decision.OK,
                        concat(Wire.name(FLAGS | DistFlags.NAME_ME, 0, A), replyA()),
                        status("not_allowed"),
                        fails(HandshakeFailure.INVALID_NAME, "NAME_ME")),
                acceptor(
                        "a request for a dynamic name with only a host, as OTP sends it",
                        Decision.OK,
                        concat(Wire.name(FLAGS | DistFlags.NAME_ME, 0, "localhost"), replyA()),
                        status("not_allowed"),
                        fails(HandshakeFailure.INVALID_NAME, "NAME_ME")),
                acceptor(
                        "'a' where 'r' is due",
                        Decision.OK,
                        concat(nameA(), ackB()),
                        concat(status("ok"), challengeB()),
                        fails(HandshakeFailure.MALFORMED, "challenge reply")),
                // ---- initiator ----
                initiator("the captured OTP handshake", Capture.B_TO_A, Capture.A_TO_B, completes(B_DONE)),
                initiator(
                        "ok_simultaneous",
                        concat(status("ok_simultaneous"), challengeB(), ackB()),
                        Capture.A_TO_B,
                        completes(B_DONE)),
                initiator(
                        "alive is answered true",
                        concat(status("alive"), challengeB(), ackB()),
                        concat(nameA(), status("true"), replyA()),
                        completes(B_DONE)),
                initiator(
                        "trailing bytes inside the challenge are ignored",
                        concat(status("ok"), Wire.challenge(FLAGS, CHALLENGE_B, B_CREATION, B, hex("ffff")), ackB()),
                        Capture.A_TO_B,
                        completes(B_DONE)),
                initiator(
                        "the bit-26 shorthand in the challenge",
                        concat(status("ok"), Wire.challenge(shorthand, CHALLENGE_B, B_CREATION, B), ackB()),
                        Capture.A_TO_B,
                        completes(new HandshakeCompleted(B, DistFlags.expand(shorthand), B_CREATION, true))),
                initiator("nok", concat(status("nok"), challengeB(), ackB()), nameA(), fails(HandshakeFailure.NOK, B)),
                initiator("not_allowed", status("not_allowed"), nameA(), fails(HandshakeFailure.NOT_ALLOWED, B)),
                initiator(
                        "named: although no name was asked for",
                        concat(status("named:"), hex("0004 78 40 76 6d 00000001")),
                        nameA(),
                        fails(HandshakeFailure.MALFORMED, "assigned a name")),
                initiator(
                        "an unknown status",
                        status("maybe\n"),
                        nameA(),
                        fails(HandshakeFailure.MALFORMED, "maybe\\x0a")),
                initiator(
                        "the peer is not the node dialled",
                        concat(status("ok"), Wire.challenge(FLAGS, CHALLENGE_B, B_CREATION, "c@vm"), ackB()),
                        nameA(),
                        fails(HandshakeFailure.NAME_MISMATCH, "c@vm")),
                initiator(
                        "names compare exactly",
                        concat(status("ok"), Wire.challenge(FLAGS, CHALLENGE_B, B_CREATION, "B@vm"), ackB()),
                        nameA(),
                        fails(HandshakeFailure.NAME_MISMATCH, "B@vm")),
                initiator(
                        "the peer lacks a mandatory flag",
                        concat(
                                status("ok"),
                                Wire.challenge(
                                        FLAGS & ~(DistFlags.HANDSHAKE_23 | DistFlags.MANDATORY_25_DIGEST),
                                        CHALLENGE_B,
                                        B_CREATION,
                                        B),
                                ackB()),
                        nameA(),
                        fails(HandshakeFailure.MISSING_FLAGS, "[HANDSHAKE_23]")),
                initiator(
                        "wrong cookie: BAD_DIGEST on 'a'",
                        concat(status("ok"), challengeB(), Wire.ack(Capture.digestWithOtherCookie(CHALLENGE_A))),
                        Capture.A_TO_B,
                        fails(HandshakeFailure.BAD_DIGEST, B)),
                initiator(
                        "a challenge too short for its fields",
                        concat(status("ok"), Wire.frame('N', hex("0000000d07df7fbd0b4d92")), ackB()),
                        nameA(),
                        fails(HandshakeFailure.MALFORMED, "too short")),
                initiator(
                        "a challenge whose name runs past the message",
                        concat(
                                status("ok"),
                                Wire.frame('N', hex("0000000d07df7fbd 0b4d9263 6b048dcb 0005 62 40 76 6d"))),
                        nameA(),
                        fails(HandshakeFailure.MALFORMED, "too short")),
                initiator(
                        "an ack too short",
                        concat(status("ok"), challengeB(), Wire.frame('a', hex("922db9e2"))),
                        Capture.A_TO_B,
                        fails(HandshakeFailure.MALFORMED, "too short")));
    }

    @Test
    void theBuildersReproduceTheCapturedBytes() {
        assertThat(hex(concat(nameA(), replyA()))).isEqualTo(hex(Capture.A_TO_B));
        assertThat(hex(concat(status("ok"), challengeB(), ackB()))).isEqualTo(hex(Capture.B_TO_A));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void inOnePiece(Scenario scenario) {
        run(scenario, h -> h.feed(scenario.input()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void splitAtEveryByteBoundary(Scenario scenario) {
        for (int cut = 1; cut < scenario.input().length; cut++) {
            int at = cut;
            try {
                run(scenario, h -> h.feedSplit(scenario.input(), at));
            } catch (AssertionError e) {
                throw new AssertionError("input split at byte " + at + ": " + e.getMessage(), e);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void oneByteAtATime(Scenario scenario) {
        run(scenario, h -> h.feedByteByByte(scenario.input()));
    }

    private static void run(Scenario scenario, Consumer<Harness> delivery) {
        try (Harness h = Harness.of(scenario.handler().get())) {
            delivery.accept(h);
            assertThat(hex(h.outbound())).as("bytes written").isEqualTo(hex(scenario.expectedOutput()));
            scenario.outcome().accept(h);
        }
    }
}

package dev.nodemesh.handshake;

import static dev.nodemesh.handshake.Wire.concat;
import static dev.nodemesh.handshake.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.handshake.HandshakeArbiter.Decision;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Peers that try to hurt: truncated messages, absurd lengths, garbage, names that are not names,
 * and a peer that dribbles one byte every few seconds. Each attempt must end with exactly one
 * {@link HandshakeFailed} of the right kind, a closed channel, nothing passed on, and no cookie in
 * any message.
 */
class HandshakeHostileTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(7);
    private static final byte[] COOKIE = Harness.COOKIE.getBytes(StandardCharsets.US_ASCII);
    private static final HandshakeIdentity LOCAL =
            new HandshakeIdentity("j@localhost", DistFlags.DEFAULT_HIDDEN, 42, COOKIE);

    private static HandshakeHandler acceptor() {
        return HandshakeHandler.acceptor(LOCAL, (name, flags, channel) -> Decision.OK, TIMEOUT);
    }

    private static HandshakeHandler initiator() {
        return HandshakeHandler.initiator(LOCAL, "erl@localhost", TIMEOUT);
    }

    private static HandshakeFailure failureAfter(Supplier<HandshakeHandler> handler, byte[] input) {
        try (Harness h = Harness.of(handler.get())) {
            h.feed(input);
            return h.failure().failure();
        }
    }

    // ---- truncation ----

    /** A side of the captured handshake and what its peer sends it. */
    private record Side(String name, Supplier<HandshakeHandler> handler, byte[] input) {}

    private static final List<Side> SIDES = List.of(
            new Side("acceptor", Capture::acceptor, Capture.A_TO_B),
            new Side("initiator", Capture::initiator, Capture.B_TO_A));

    @Test
    void everyTruncationThenCloseIsConnectionClosed() {
        for (Side side : SIDES) {
            for (int length = 0; length < side.input().length; length++) {
                try (Harness h = Harness.of(side.handler().get())) {
                    h.feed(Arrays.copyOf(side.input(), length));
                    assertThat(h.finished()).isFalse();
                    h.channel.close();
                    assertThat(h.failure().failure())
                            .as("%s closed after %d bytes", side.name(), length)
                            .isEqualTo(HandshakeFailure.CONNECTION_CLOSED);
                    assertThat(h.log())
                            .as("the failure comes before channelInactive")
                            .endsWith(Harness.INACTIVE);
                }
            }
        }
    }

    @Test
    void truncatedCapturedHandshakeOnBothSides() {
        // the acceptor after the complete 'N' of a@vm (status and challenge sent), then a cut 'r'
        try (Harness h = Harness.of(Capture.acceptor())) {
            h.feed(Arrays.copyOf(Capture.A_TO_B, Capture.A_TO_B.length - 1));
            h.channel.close();
            HandshakeException e = h.failure();
            assertThat(e.failure()).isEqualTo(HandshakeFailure.CONNECTION_CLOSED);
            assertThat(e.peer()).isEqualTo(Capture.A);
        }
        try (Harness h = Harness.of(Capture.initiator())) {
            h.feed(Arrays.copyOf(Capture.B_TO_A, Capture.B_TO_A.length - 1));
            h.channel.close();
            assertThat(h.failure().failure()).isEqualTo(HandshakeFailure.CONNECTION_CLOSED);
        }
    }

    @Test
    void messagesTooShortForTheirFields() {
        assertThat(failureAfter(HandshakeHostileTest::acceptor, Wire.frame('N', hex("0000000d07df7fbd6b"))))
                .isEqualTo(HandshakeFailure.MALFORMED);
        // name length 65535 in a 20-byte message
        assertThat(failureAfter(
                        HandshakeHostileTest::acceptor, Wire.frame('N', hex("0000000d07df7fbd 00000001 ffff 61"))))
                .isEqualTo(HandshakeFailure.MALFORMED);
        assertThat(failureAfter(HandshakeHostileTest::acceptor, hex("0001 4e"))).isEqualTo(HandshakeFailure.MALFORMED);
    }

    // ---- lengths ----

    @Test
    void anOversizedLengthFailsAtOnce() {
        for (String length : List.of("ffff", "0401", "8000")) {
            try (Harness h = Harness.of(acceptor())) {
                h.feed(hex(length)); // nothing but the length
                HandshakeException e = h.failure();
                assertThat(e.failure()).isEqualTo(HandshakeFailure.FRAME_TOO_LARGE);
                assertThat(e).hasMessageContaining(String.valueOf(Integer.parseInt(length, 16)));
                assertThat(h.outbound()).isEmpty();
            }
        }
        assertThat(failureAfter(HandshakeHostileTest::initiator, hex("ffff")))
                .isEqualTo(HandshakeFailure.FRAME_TOO_LARGE);
    }

    @Test
    void theLargestAllowedLengthIsWaitedFor() {
        try (Harness h = Harness.of(acceptor())) {
            h.feed(hex("0400"));
            h.feed(new byte[1000]);
            assertThat(h.finished()).isFalse();
            h.feed(new byte[24]); // complete now: an 'N' of 1024 zero bytes has tag 0
            assertThat(h.failure().failure()).isEqualTo(HandshakeFailure.MALFORMED);
        }
    }

    @Test
    void aZeroLengthIsMalformed() {
        assertThat(failureAfter(HandshakeHostileTest::acceptor, hex("0000"))).isEqualTo(HandshakeFailure.MALFORMED);
        assertThat(failureAfter(HandshakeHostileTest::initiator, hex("0000"))).isEqualTo(HandshakeFailure.MALFORMED);
    }

    // ---- garbage ----

    @Test
    void textProtocolsAreRefused() {
        byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(failureAfter(HandshakeHostileTest::acceptor, http)).isEqualTo(HandshakeFailure.FRAME_TOO_LARGE);
        byte[] ssh = "\0\3xyz".getBytes(StandardCharsets.US_ASCII);
        assertThat(failureAfter(HandshakeHostileTest::acceptor, ssh)).isEqualTo(HandshakeFailure.MALFORMED);
        assertThat(failureAfter(HandshakeHostileTest::initiator, ssh)).isEqualTo(HandshakeFailure.MALFORMED);
    }

    @Test
    void aTlsRecordAtAPlainNodeIsNamedAsTls() {
        // the first bytes of a TLS 1.2/1.3 ClientHello: handshake record, version 3.1
        assertThat(failureAfter(HandshakeHostileTest::acceptor, hex("1603 0102 00")))
                .isEqualTo(HandshakeFailure.TLS_HANDSHAKE);
        // a TLS alert answering plain bytes
        assertThat(failureAfter(HandshakeHostileTest::initiator, hex("1503 0300 0202 28")))
                .isEqualTo(HandshakeFailure.TLS_HANDSHAKE);
    }

    @Test
    void randomGarbageAlwaysEndsInAFailureWithinTheDeadline() {
        Set<HandshakeFailure> seen = EnumSet.noneOf(HandshakeFailure.class);
        Random random = new Random(20250101);
        for (int round = 0; round < 2000; round++) {
            byte[] garbage = new byte[1 + random.nextInt(round % 10 == 0 ? 2000 : 40)];
            random.nextBytes(garbage);
            if (round % 3 == 0) {
                garbage[0] = 0; // a plausible length, so the message itself is parsed
                garbage[1 % garbage.length] = (byte) Math.min(garbage.length, 255);
            }
            for (Supplier<HandshakeHandler> handler : List.<Supplier<HandshakeHandler>>of(
                    HandshakeHostileTest::acceptor, HandshakeHostileTest::initiator)) {
                try (Harness h = Harness.of(handler.get())) {
                    h.feed(garbage);
                    h.advance(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    HandshakeFailure failure = h.failure().failure();
                    assertThat(failure)
                            .isIn(
                                    HandshakeFailure.MALFORMED,
                                    HandshakeFailure.FRAME_TOO_LARGE,
                                    HandshakeFailure.UNSUPPORTED_VERSION,
                                    HandshakeFailure.INVALID_NAME,
                                    HandshakeFailure.MISSING_FLAGS,
                                    HandshakeFailure.TLS_HANDSHAKE,
                                    HandshakeFailure.TIMEOUT);
                    seen.add(failure);
                }
            }
        }
        assertThat(seen)
                .contains(HandshakeFailure.MALFORMED, HandshakeFailure.FRAME_TOO_LARGE, HandshakeFailure.TIMEOUT);
    }

    @Test
    void nothingIsProcessedAfterAFailure() {
        try (Harness h = Harness.of(Capture.acceptor())) {
            h.feed(concat(hex("0003 ff ff ff"), Capture.A_TO_B));
            assertThat(h.failure().failure()).isEqualTo(HandshakeFailure.MALFORMED);
            assertThat(h.outbound()).isEmpty();
            h.feed(Capture.A_TO_B);
            h.advance(1, TimeUnit.MINUTES);
            assertThat(h.events()).hasSize(1);
            assertThat(h.forwarded()).isEmpty();
        }
    }

    // ---- names ----

    @Test
    void namesThatAreNotNodeNames() {
        long flags = DistFlags.DEFAULT_HIDDEN;
        for (String name : List.of("", "nohost", "@host", "alive@", "a@b@c", "a@" + "h".repeat(254))) {
            try (Harness h = Harness.of(acceptor())) {
                h.feed(Wire.name(flags, 1, name));
                assertThat(h.failure().failure()).as(name).isEqualTo(HandshakeFailure.INVALID_NAME);
                assertThat(hex(h.outbound())).isEqualTo(hex(Wire.status("not_allowed")));
            }
        }
        try (Harness h = Harness.of(acceptor())) {
            h.feed(Wire.nameRaw(flags, 1, hex("61 40 ff fe"), new byte[0]));
            assertThat(h.failure()).hasMessageContaining("UTF-8");
        }
        try (Harness h = Harness.of(acceptor())) {
            h.feed(Wire.name(flags, 1, "evil\n[ERROR] forged@host"));
            HandshakeException e = h.failure();
            assertThat(e.failure()).isEqualTo(HandshakeFailure.INVALID_NAME);
            assertThat(e.getMessage()).doesNotContain("\n").contains("evil\\x0a[ERROR]");
        }
    }

    @Test
    void aMisbehavingArbiterRefusesThePeer() {
        HandshakeArbiter throwing = (name, flags, channel) -> {
            throw new IllegalStateException("table broken");
        };
        try (Harness h = Harness.of(HandshakeHandler.acceptor(LOCAL, throwing, TIMEOUT))) {
            h.feed(Capture.nameA());
            HandshakeException e = h.failure();
            assertThat(e.failure()).isEqualTo(HandshakeFailure.NOT_ALLOWED);
            assertThat(e).hasRootCauseInstanceOf(IllegalStateException.class);
        }
        try (Harness h = Harness.of(HandshakeHandler.acceptor(LOCAL, (name, flags, channel) -> null, TIMEOUT))) {
            h.feed(Capture.nameA());
            assertThat(h.failure().failure()).isEqualTo(HandshakeFailure.NOT_ALLOWED);
        }
    }

    // ---- time ----

    @Test
    void aSilentPeerTimesOut() {
        try (Harness h = Harness.of(acceptor())) {
            h.advance(TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
            assertThat(h.finished()).isFalse();
            h.advance(1, TimeUnit.MILLISECONDS);
            HandshakeException e = h.failure();
            assertThat(e.failure()).isEqualTo(HandshakeFailure.TIMEOUT);
            assertThat(e.peer()).isNull();
        }
        try (Harness h = Harness.of(initiator())) {
            assertThat(h.outbound()).isNotEmpty(); // its 'N'
            h.advance(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            HandshakeException e = h.failure();
            assertThat(e.failure()).isEqualTo(HandshakeFailure.TIMEOUT);
            assertThat(e.peer()).isEqualTo("erl@localhost");
        }
    }

    @Test
    void aDribblingPeerIsClosedAtTheDeadline() {
        // one byte every 3 s of a valid handshake: each byte is progress, but the deadline is overall
        for (Side side : SIDES) {
            try (Harness h = Harness.of(side.handler().get())) {
                long elapsedMillis = 0;
                int sent = 0;
                while (!h.finished()) {
                    h.feed(new byte[] {side.input()[sent++]});
                    h.advance(3, TimeUnit.SECONDS);
                    elapsedMillis += 3000;
                }
                assertThat(h.failure().failure()).as(side.name()).isEqualTo(HandshakeFailure.TIMEOUT);
                assertThat(elapsedMillis).isLessThanOrEqualTo(Capture.TIMEOUT.toMillis() + 3000);
                assertThat(sent).isEqualTo(3);
            }
        }
    }

    @Test
    void theDeadlineIsCancelledOnSuccess() {
        try (Harness h = Harness.of(Capture.acceptor())) {
            h.feed(Capture.A_TO_B);
            h.completed();
            h.advance(1, TimeUnit.HOURS);
            assertThat(h.events()).hasSize(1);
            assertThat(h.channel.isOpen()).isTrue();
        }
    }

    @Test
    void aResetConnectionIsConnectionClosed() {
        try (Harness h = Harness.of(acceptor())) {
            h.channel.pipeline().fireExceptionCaught(new java.io.IOException("Connection reset by peer"));
            HandshakeException e = h.failure();
            assertThat(e.failure()).isEqualTo(HandshakeFailure.CONNECTION_CLOSED);
            assertThat(e).hasCauseInstanceOf(java.io.IOException.class);
        }
    }
}

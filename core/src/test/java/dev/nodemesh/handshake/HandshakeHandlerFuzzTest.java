package dev.nodemesh.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nodemesh.handshake.HandshakeArbiter.Decision;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing of both {@link HandshakeHandler} roles, fed arbitrary bytes as the peer's
 * side of the connection. The handlers use the captured handshake's fixed challenges ({@link
 * Capture}), so the committed inputs (the captured bytes) reach the digest checks and completion.
 * Whatever the bytes, the handshake ends in exactly one {@link HandshakeCompleted}, or in one
 * {@link HandshakeFailed} with a typed {@link HandshakeException}, a closed channel, nothing passed
 * on and no cookie in any message; a handshake left waiting ends so when the peer closes or the
 * deadline passes.
 *
 * <p>The first byte of the input chooses the framing (bit 0: 4-byte lengths as inside TLS), how a
 * waiting handshake ends (bit 1: the deadline passes, else the peer closes) and the acceptor's
 * decision (bits 2-4); the second byte the chunk size (1 to 256 bytes) the rest is delivered in.
 */
class HandshakeHandlerFuzzTest {

    private static final int SETTINGS = 2;

    @FuzzTest(maxDuration = "10m")
    void acceptor(byte[] input) {
        run(input, settings -> Capture.acceptor(decision(settings)));
    }

    @FuzzTest(maxDuration = "10m")
    void initiator(byte[] input) {
        run(input, settings -> Capture.initiator());
    }

    private static Decision decision(int settings) {
        Decision[] decisions = Decision.values();
        return decisions[((settings >>> 2) & 7) % decisions.length];
    }

    private interface Role {
        HandshakeHandler handler(int settings);
    }

    private static void run(byte[] input, Role role) {
        if (input.length < SETTINGS) {
            return;
        }
        int settings = input[0] & 0xff;
        int chunk = 1 + (input[1] & 0xff);
        byte[] peer = Arrays.copyOfRange(input, SETTINGS, input.length);
        HandshakeHandler handler = role.handler(settings);
        if ((settings & 1) != 0) {
            handler.fourByteLengths();
        }
        try (Harness h = Harness.of(handler)) {
            for (int from = 0; from < peer.length; from += chunk) {
                h.feed(Arrays.copyOfRange(peer, from, Math.min(peer.length, from + chunk)));
            }
            if (!h.finished()) {
                assertThat(h.channel.isOpen())
                        .as("open while the handshake waits")
                        .isTrue();
                if ((settings & 2) != 0) {
                    h.advance(Capture.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(h.failure().failure()).isEqualTo(HandshakeFailure.TIMEOUT);
                } else {
                    h.channel.close();
                    assertThat(h.failure().failure()).isEqualTo(HandshakeFailure.CONNECTION_CLOSED);
                }
            } else if (h.events().get(0) instanceof HandshakeCompleted) {
                h.completed();
            } else {
                assertThat(h.failure().failure()).as("the failure's kind").isNotNull();
            }
        }
    }
}

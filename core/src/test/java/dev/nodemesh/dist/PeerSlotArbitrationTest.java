package dev.nodemesh.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.handshake.HandshakeArbiter.Decision;
import dev.nodemesh.term.Atom;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** OTP's rules for a handshake a known peer opens, as the slot applies them. */
class PeerSlotArbitrationTest {

    private final PeerSlot slot = new PeerSlot(Atom.of("dale@localhost"));

    @Test
    void aSecondIncomingAttemptIsRefused() {
        EmbeddedChannel first = new EmbeddedChannel();
        slot.incoming = first;

        assertThat(slot.admitIncoming(new EmbeddedChannel(), true)).isEqualTo(Decision.NOK);
        assertThat(slot.incoming).isSameAs(first);
    }

    @Test
    void withAConnectionUpThePeerIsAskedWhetherItReplacesIt() {
        slot.connection = new Connection(new EmbeddedChannel(), slot.peer, 0, 1, false, true, null, 1, 2, false);
        EmbeddedChannel attempt = new EmbeddedChannel();

        assertThat(slot.admitIncoming(attempt, false)).isEqualTo(Decision.ALIVE);
        assertThat(slot.incoming).isSameAs(attempt);
    }

    @Test
    void whenBothDialTheGreaterNameKeepsItsAttempt() {
        EmbeddedChannel ours = new EmbeddedChannel();
        slot.outgoing = ours;
        EmbeddedChannel theirs = new EmbeddedChannel();

        assertThat(slot.admitIncoming(theirs, true)).isEqualTo(Decision.OK_SIMULTANEOUS);
        assertThat(slot.incoming).isSameAs(theirs);
        assertThat(slot.outgoing).isNull();
        assertThat(ours.isOpen()).isFalse();
    }

    @Test
    void aWinningPeerAbandonsOurDialStillLookingItUpAndEndsOurWaitForIt() {
        slot.dialing = true; // our dial has not reached the socket yet
        slot.awaitingPeer = new Object();
        EmbeddedChannel theirs = new EmbeddedChannel();

        assertThat(slot.admitIncoming(theirs, true)).isEqualTo(Decision.OK_SIMULTANEOUS);
        assertThat(slot.dialing)
                .as("the dial, when it connects, finds itself abandoned")
                .isFalse();
        assertThat(slot.awaitingPeer).isNull();
        assertThat(slot.hasAttempt()).as("only theirs").isTrue();
        slot.incoming = null;
        assertThat(slot.hasAttempt()).isFalse();
    }

    @Test
    void whenBothDialTheSmallerNameIsRefused() {
        EmbeddedChannel ours = new EmbeddedChannel();
        slot.outgoing = ours;
        EmbeddedChannel theirs = new EmbeddedChannel();

        assertThat(slot.admitIncoming(theirs, false)).isEqualTo(Decision.NOK);
        assertThat(slot.incoming).isNull();
        assertThat(slot.outgoing).isSameAs(ours);
        assertThat(ours.isOpen()).isTrue();
    }
}

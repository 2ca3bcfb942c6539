package dev.nodemesh.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admission policy for accepted connections in their handshake. */
class PendingHandshakesTest {

    private static final InetAddress ONE = address("127.0.0.1");
    private static final InetAddress TWO = address("127.0.0.2");
    private static final InetAddress THREE = address("127.0.0.3");

    @Test
    void whenFullTheOldestSilentHandshakeMakesRoom() {
        PendingHandshakes pending = new PendingHandshakes(4, 4);
        List<Channel> first = admitAll(pending, 4, ONE, TWO);

        Channel newcomer = new EmbeddedChannel();
        PendingHandshakes.Admission admission = pending.admit(newcomer, THREE);

        assertThat(admission.admitted()).isTrue();
        assertThat(admission.evicted()).isSameAs(first.get(0));
        assertThat(pending.size()).isEqualTo(4);
        assertThat(pending.pendingFrom(ONE)).isEqualTo(1);
        assertThat(pending.release(first.get(0))).isFalse();
    }

    @Test
    void aHandshakeWhosePeerSentItsNameIsNeverEvicted() {
        PendingHandshakes pending = new PendingHandshakes(3, 3);
        List<Channel> first = admitAll(pending, 3, ONE, TWO);
        pending.spoke(first.get(0));
        pending.spoke(first.get(1));

        assertThat(pending.admit(new EmbeddedChannel(), THREE).evicted()).isSameAs(first.get(2));
        // now every pending handshake but the newcomer has spoken; then the newcomer's turn
        Channel second = new EmbeddedChannel();
        PendingHandshakes.Admission admission = pending.admit(second, THREE);
        assertThat(admission.admitted()).isTrue();
        assertThat(admission.evicted()).isNotIn(first.get(0), first.get(1));
    }

    @Test
    void whenNoHandshakeIsSilentTheNewcomerIsRefused() {
        PendingHandshakes pending = new PendingHandshakes(2, 2);
        for (Channel channel : admitAll(pending, 2, ONE, TWO)) {
            pending.spoke(channel);
        }

        PendingHandshakes.Admission admission = pending.admit(new EmbeddedChannel(), THREE);

        assertThat(admission.admitted()).isFalse();
        assertThat(admission.reason()).isEqualTo("2 handshakes already pending, none of them silent");
        assertThat(pending.size()).isEqualTo(2);
        assertThat(pending.pendingFrom(THREE)).isZero();
    }

    @Test
    void anAddressAtItsBoundDisplacesOnlyItsOwnOldestSilentHandshake() {
        PendingHandshakes pending = new PendingHandshakes(100, 2);
        Channel other = new EmbeddedChannel();
        pending.admit(other, TWO);
        Channel a = new EmbeddedChannel();
        Channel b = new EmbeddedChannel();
        pending.admit(a, ONE);
        pending.admit(b, ONE);

        Channel c = new EmbeddedChannel();
        assertThat(pending.admit(c, ONE).evicted()).isSameAs(a);
        pending.spoke(b);
        assertThat(pending.admit(new EmbeddedChannel(), ONE).evicted()).isSameAs(c);
        assertThat(pending.pendingFrom(ONE)).isEqualTo(2);
        assertThat(pending.pendingFrom(TWO)).isEqualTo(1);
    }

    @Test
    void anAddressWhoseHandshakesAllSpokeIsRefusedAtItsBound() {
        PendingHandshakes pending = new PendingHandshakes(100, 2);
        for (Channel channel : admitAll(pending, 2, ONE, ONE)) {
            pending.spoke(channel);
        }

        PendingHandshakes.Admission admission = pending.admit(new EmbeddedChannel(), ONE);

        assertThat(admission.admitted()).isFalse();
        assertThat(admission.reason()).isEqualTo("2 handshakes from 127.0.0.1 already pending");
        assertThat(pending.admit(new EmbeddedChannel(), TWO).admitted()).isTrue();
    }

    @Test
    void releaseIsIdempotentAndFreesTheAddress() {
        PendingHandshakes pending = new PendingHandshakes(10, 1);
        Channel channel = new EmbeddedChannel();
        pending.admit(channel, ONE);

        assertThat(pending.release(channel)).isTrue();
        assertThat(pending.release(channel)).isFalse();
        assertThat(pending.size()).isZero();
        assertThat(pending.pendingFrom(ONE)).isZero();
        assertThat(pending.admit(new EmbeddedChannel(), ONE).evicted()).isNull();
    }

    @Test
    void aFloodFromManyAddressesKeepsTheBoundAndEvictsInArrivalOrder() {
        PendingHandshakes pending = new PendingHandshakes(256, 32);
        List<Channel> admitted = new ArrayList<>();
        List<Channel> evicted = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            Channel channel = new EmbeddedChannel();
            PendingHandshakes.Admission admission = pending.admit(channel, address("127.0.0." + (1 + i % 9)));
            assertThat(admission.admitted()).isTrue();
            admitted.add(channel);
            if (admission.evicted() != null) {
                evicted.add(admission.evicted());
            }
            assertThat(pending.size()).isLessThanOrEqualTo(256);
        }
        assertThat(evicted).hasSize(2_000 - pending.size());
        assertThat(evicted).isEqualTo(admitted.subList(0, evicted.size()));
    }

    private static List<Channel> admitAll(PendingHandshakes pending, int count, InetAddress even, InetAddress odd) {
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Channel channel = new EmbeddedChannel();
            assertThat(pending.admit(channel, i % 2 == 0 ? even : odd)).isEqualTo(PendingHandshakes.Admission.ADMITTED);
            channels.add(channel);
        }
        return channels;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.nodemesh.epmd;

import static dev.nodemesh.epmd.EpmdTestSupport.loopback;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nodemesh.testsupport.Slow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the {@link EmbeddedEpmd} server's request handling, on in-memory
 * channels from the loopback address (so that registrations are allowed). The input is a series
 * of client connections, each {@code u8 length, bytes}; the connections stay open together, so a
 * later one can look up or list what an earlier one registered. Whatever they send, no exception
 * reaches a connection (rejects are closes, not exceptions); a connection that is not registered
 * is closed by the request deadline; a reply starts with the tag its request asks for; and when
 * every connection has closed, nothing stays registered and every buffer is released.
 */
@Slow // an EPMD server on a real loopback port
class EmbeddedEpmdFuzzTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 50000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 4369);

    private static EmbeddedEpmd epmd;
    private static final List<Throwable> failures = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        epmd = EmbeddedEpmd.start(loopback(0), DEADLINE, 1024);
        epmd.observeFailures(failures::add);
    }

    @AfterAll
    static void stop() {
        epmd.close();
    }

    @FuzzTest(maxDuration = "10m")
    void connections(byte[] input) {
        failures.clear();
        List<EmbeddedChannel> channels = new ArrayList<>();
        try {
            int at = 0;
            while (at < input.length) {
                int length = Math.min(input[at] & 0xff, input.length - at - 1);
                EmbeddedChannel channel = connect();
                channels.add(channel);
                if (length > 0) {
                    channel.writeInbound(Unpooled.wrappedBuffer(input, at + 1, length));
                }
                checkReply(channel, input, at + 1, length);
                at += 1 + length;
            }
            for (EmbeddedChannel channel : channels) {
                channel.advanceTimeBy(DEADLINE.toMillis() + 1, TimeUnit.MILLISECONDS);
                channel.runScheduledPendingTasks();
                assertThat(channel.isOpen() == isRegistered(channel))
                        .as("after the deadline only registered connections are open")
                        .isTrue();
            }
            if (!failures.isEmpty()) {
                throw new AssertionError("an exception reached an EPMD connection", failures.get(0));
            }
        } finally {
            for (EmbeddedChannel channel : channels) {
                channel.finishAndReleaseAll();
            }
        }
        assertThat(epmd.registrations())
                .as("registrations after every connection closed")
                .isEmpty();
    }

    /** A channel as from a client on this host, served by the EPMD. */
    private static EmbeddedChannel connect() {
        return new LoopbackChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                epmd.accept(channel);
            }
        });
    }

    private static boolean isRegistered(EmbeddedChannel channel) {
        return channel.attr(LoopbackChannel.REGISTERED).get() != null;
    }

    /** Reads the reply (if any): its first byte must answer the request's tag. */
    private static void checkReply(EmbeddedChannel channel, byte[] input, int from, int length) {
        ByteBuf reply = channel.readOutbound();
        if (reply == null) {
            return;
        }
        try {
            assertThat(length).as("a reply needs a request").isGreaterThanOrEqualTo(3);
            int tag = input[from + 2] & 0xff;
            int first = reply.getUnsignedByte(0);
            switch (tag) {
                case EpmdProtocol.ALIVE2_REQ -> {
                    assertThat(first).isIn(EpmdProtocol.ALIVE2_X_RESP, EpmdProtocol.ALIVE2_RESP);
                    if (reply.getUnsignedByte(1) == 0) {
                        assertThat(channel.isOpen())
                                .as("a registration keeps its connection")
                                .isTrue();
                        channel.attr(LoopbackChannel.REGISTERED).set(Boolean.TRUE);
                    }
                }
                case EpmdProtocol.PORT_PLEASE2_REQ -> assertThat(first).isEqualTo(EpmdProtocol.PORT2_RESP);
                case EpmdProtocol.NAMES_REQ, EpmdProtocol.DUMP_REQ ->
                    assertThat(reply.getInt(0)).as("EPMD's port").isEqualTo(SERVER.getPort());
                default -> throw new AssertionError("a reply to request tag " + tag);
            }
            assertThat((Object) channel.readOutbound()).as("one reply").isNull();
        } finally {
            reply.release();
        }
    }

    /** An in-memory channel with the addresses of a loopback TCP connection. */
    private static final class LoopbackChannel extends EmbeddedChannel {
        static final io.netty.util.AttributeKey<Boolean> REGISTERED =
                io.netty.util.AttributeKey.valueOf(EmbeddedEpmdFuzzTest.class, "registered");

        LoopbackChannel(ChannelInitializer<Channel> initializer) {
            super(initializer);
        }

        @Override
        protected SocketAddress localAddress0() {
            return SERVER;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return CLIENT;
        }
    }
}

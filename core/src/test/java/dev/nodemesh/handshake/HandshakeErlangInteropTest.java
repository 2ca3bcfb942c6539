package dev.nodemesh.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.handshake.HandshakeArbiter.Decision;
import dev.nodemesh.testsupport.ErlLauncher;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.ExternalProcess;
import dev.nodemesh.testsupport.Interop;
import dev.nodemesh.testsupport.TestPorts;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Handshakes with a real OTP 25 {@code erl} on loopback, without EPMD.
 *
 * <p>OTP 23+ started with {@code -erl_epmd_port P} neither registers with EPMD nor asks it: it
 * listens on port P itself and dials every other node on port P. So:
 *
 * <ul>
 *   <li>as acceptor, our server listens on 127.0.0.1:P while erl, bound to 127.0.0.3:P by {@code
 *       inet_dist_use_interface}, pings {@code j@localhost} and thereby dials 127.0.0.1:P;
 *   <li>as initiator, we dial the erl listening on 127.0.0.1:P.
 * </ul>
 *
 * <p>erl runs with {@code -start_epmd false} and {@code ERL_EPMD_PORT} set to a port nothing
 * listens on ({@link ErlLauncher#withoutEpmd()}), so it can never start or reach a system EPMD.
 */
@Interop
class HandshakeErlangInteropTest {

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ERL_STARTUP = Duration.ofSeconds(60);
    private static final String COOKIE = "nodemesh_interop_cookie";

    private EventLoopGroup group;
    private final List<ExternalProcess> processes = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();

    @BeforeEach
    void startEventLoop() {
        ErlangRuntime.requireErl();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Channel channel : channels) {
            channel.close().await(5, TimeUnit.SECONDS);
        }
        processes.forEach(ExternalProcess::close);
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    // ---- our acceptor, erl dials ----

    @Test
    void erlHandshakesWithOurAcceptor() throws Exception {
        Outcome outcome = new Outcome();
        int port = listen(outcome, COOKIE);
        Erl erl = startErl(
                port, "t@localhost", COOKIE, "{127,0,0,3}", "io:format(\"~p~n\", [net_adm:ping('j@localhost')])");

        Object event = outcome.event.get(HANDSHAKE_TIMEOUT.toSeconds() + ERL_STARTUP.toSeconds(), TimeUnit.SECONDS);
        assertThat(event).isInstanceOf(HandshakeCompleted.class);
        HandshakeCompleted completed = (HandshakeCompleted) event;
        assertThat(completed.peerName()).isEqualTo("t@localhost");
        assertThat(completed.initiator()).isFalse();
        assertThat(completed.peerFlags() & DistFlags.MANDATORY_25).isEqualTo(DistFlags.MANDATORY_25);
        assertThat(completed.peerFlags() & DistFlags.MANDATORY_25_DIGEST).isNotZero();
        assertThat(outcome.admitted).containsExactly("t@localhost");
        // we close right after the handshake, so the ping itself cannot succeed
        erl.awaitLine("pang");
    }

    @Test
    void ourAcceptorRejectsErlsWrongCookie() throws Exception {
        Outcome outcome = new Outcome();
        int port = listen(outcome, COOKIE);
        Erl erl = startErl(
                port,
                "t@localhost",
                "not_the_cookie",
                "{127,0,0,3}",
                "io:format(\"~p~n\", [net_adm:ping('j@localhost')])");

        Object event = outcome.event.get(HANDSHAKE_TIMEOUT.toSeconds() + ERL_STARTUP.toSeconds(), TimeUnit.SECONDS);
        assertThat(event).isInstanceOf(HandshakeFailed.class);
        HandshakeException cause = ((HandshakeFailed) event).cause();
        assertThat(cause.failure()).isEqualTo(HandshakeFailure.BAD_DIGEST);
        assertThat(cause.peer()).isEqualTo("t@localhost");
        assertThat(cause.getMessage()).doesNotContain(COOKIE).doesNotContain("not_the_cookie");
        erl.awaitLine("pang");
    }

    // ---- our initiator dials erl ----

    @Test
    void ourInitiatorHandshakesWithErl() throws Exception {
        int port = freePort();
        startErl(port, "e@localhost", COOKIE, "{127,0,0,1}", "io:format(\"ready~n\"), receive after infinity -> ok end")
                .awaitLine("ready");

        Object event = dial(port, COOKIE, "e@localhost");
        assertThat(event).isInstanceOf(HandshakeCompleted.class);
        HandshakeCompleted completed = (HandshakeCompleted) event;
        assertThat(completed.peerName()).isEqualTo("e@localhost");
        assertThat(completed.initiator()).isTrue();
        assertThat(DistFlags.missingMandatory(completed.peerFlags())).isEmpty();
        assertThat(completed.peerCreation()).isNotZero();
    }

    @Test
    void erlClosesOnOurWrongCookie() throws Exception {
        int port = freePort();
        startErl(port, "e@localhost", COOKIE, "{127,0,0,1}", "io:format(\"ready~n\"), receive after infinity -> ok end")
                .awaitLine("ready");

        Object event = dial(port, "not_the_cookie", "e@localhost");
        assertThat(event).isInstanceOf(HandshakeFailed.class);
        // OTP checks our 'r' first and closes without a message, as we do
        assertThat(((HandshakeFailed) event).cause().failure()).isEqualTo(HandshakeFailure.CONNECTION_CLOSED);
        assertThat(((HandshakeFailed) event).cause())
                .hasMessageContaining("right after our challenge reply")
                .hasMessageContaining("another cookie")
                .hasMessageNotContaining("not_the_cookie");
    }

    @Test
    void ourInitiatorNoticesItReachedAnotherNode() throws Exception {
        int port = freePort();
        startErl(port, "e@localhost", COOKIE, "{127,0,0,1}", "io:format(\"ready~n\"), receive after infinity -> ok end")
                .awaitLine("ready");

        Object event = dial(port, COOKIE, "x@localhost");
        assertThat(event).isInstanceOf(HandshakeFailed.class);
        HandshakeException cause = ((HandshakeFailed) event).cause();
        assertThat(cause.failure()).isEqualTo(HandshakeFailure.NAME_MISMATCH);
        assertThat(cause).hasMessageContaining("e@localhost");
    }

    // ---- plumbing ----

    /** The first handshake event of a channel, and who the arbiter was asked about. */
    private static final class Outcome extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Object> event = new CompletableFuture<>();
        final List<String> admitted = new CopyOnWriteArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof HandshakeCompleted || evt instanceof HandshakeFailed) {
                event.complete(evt);
                // nothing speaks the distribution protocol after the handshake here
                ctx.close();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    private int listen(Outcome outcome, String cookie) throws InterruptedException {
        HandshakeIdentity local = new HandshakeIdentity(
                "j@localhost", DistFlags.DEFAULT_HIDDEN, 0x5eed0001, cookie.getBytes(StandardCharsets.UTF_8));
        HandshakeArbiter arbiter = (name, flags, channel) -> {
            outcome.admitted.add(name);
            return Decision.OK;
        };
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("handshake", HandshakeHandler.acceptor(local, arbiter, HANDSHAKE_TIMEOUT));
                        ch.pipeline().addLast("outcome", outcome);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
        channels.add(server);
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private Object dial(int port, String cookie, String peer) throws Exception {
        HandshakeIdentity local = new HandshakeIdentity(
                "j@localhost", DistFlags.DEFAULT_HIDDEN, 0x5eed0002, cookie.getBytes(StandardCharsets.UTF_8));
        Outcome outcome = new Outcome();
        Channel channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("handshake", HandshakeHandler.initiator(local, peer, HANDSHAKE_TIMEOUT));
                        ch.pipeline().addLast("outcome", outcome);
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port))
                .sync()
                .channel();
        channels.add(channel);
        return outcome.event.get(HANDSHAKE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    }

    /** A running erl and the lines it printed. */
    private static final class Erl {
        final List<String> lines = new CopyOnWriteArrayList<>();

        void awaitLine(String line) {
            await().atMost(ERL_STARTUP).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(lines)
                    .contains(line));
        }
    }

    private Erl startErl(int distPort, String name, String cookie, String listenInterface, String expressions) {
        ExternalProcess process = ErlLauncher.erl()
                .name(name)
                .cookie(cookie)
                .withoutEpmd()
                .erlFlags(
                        "-erl_epmd_port",
                        String.valueOf(distPort),
                        "-kernel",
                        "inet_dist_use_interface",
                        listenInterface,
                        "-noshell",
                        "-noinput")
                .eval(expressions + ", halt().")
                .mergeStderr()
                .start();
        processes.add(process);
        Erl erl = new Erl();
        process.readLines(line -> erl.lines.add(line.strip()));
        return erl;
    }

    private static int freePort() {
        return TestPorts.freePort();
    }
}

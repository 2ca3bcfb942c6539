package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.dist.Connection;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.testsupport.Slow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** gen_server calls and casts between nodemesh nodes, and the parsing of the protocol's messages. */
@Slow
class GenServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration FAST = Duration.ofSeconds(3);
    private static final String CHIP = "chip@localhost";

    private final TestNodes nodes = new TestNodes();
    private GreeterLoop greeter;

    @AfterEach
    void stop() throws InterruptedException {
        if (greeter != null) {
            greeter.close();
        }
        nodes.close();
    }

    @Test
    void parsesCallsAndCastsAndNothingElse() {
        Node chip = nodes.start("chip");
        try (Mailbox caller = chip.createMailbox()) {
            Term tag = TermList.improper(List.of(Atom.of("alias")), Ref.of(Atom.of(CHIP), 1, 1, 2, 3));
            Term call = Tuple.of(Atom.of("$gen_call"), Tuple.of(caller.pid(), tag), Atom.of("get"));

            assertThat(GenServerRequest.parse(call))
                    .contains(new GenServerRequest.Call(caller.pid(), tag, Atom.of("get")));
            assertThat(GenServerRequest.parse(Tuple.of(Atom.of("$gen_cast"), Int.of(1))))
                    .contains(new GenServerRequest.Cast(Int.of(1)));
            assertThat(GenServerRequest.parse(Tuple.of(Atom.of("$gen_call"), caller.pid(), Atom.of("get"))))
                    .isEmpty();
            assertThat(GenServerRequest.parse(Tuple.of(Atom.of("$gen_cast"), Int.of(1), Int.of(2))))
                    .isEmpty();
            assertThat(GenServerRequest.parse(Atom.of("hello"))).isEmpty();
            assertThat(((GenServerRequest.Call) GenServerRequest.parse(call).orElseThrow()).fromTuple())
                    .isEqualTo(Tuple.of(caller.pid(), tag));
        }
    }

    @Test
    void aRemoteCallWritesItsMonitorAndRequestTogether() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        greeter = new GreeterLoop(chip, "greeter");
        assertThat(GenServer.call(dale, "greeter", CHIP, greet("first"), WAIT)).isEqualTo(Binary.of("Hello, first!"));
        // the dialling side lists the connection once the packets queued during set-up are written
        Connection toChip = await().until(
                        () -> dale.runtime().connections().connection(Atom.of(CHIP)), Optional::isPresent)
                .orElseThrow();

        for (Term server : List.of(Tuple.of(Atom.of("greeter"), Atom.of(CHIP)), greeter.mailbox.pid())) {
            long writes = toChip.directWrites();
            long packets = toChip.messagesOut();
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos()); // an idle connection

            Term reply = server instanceof Pid pid
                    ? GenServer.call(dale, pid, greet("pair"), WAIT)
                    : GenServer.call(dale, "greeter", CHIP, greet("pair"), WAIT);

            assertThat(reply).isEqualTo(Binary.of("Hello, pair!"));
            // the monitor and the request in one write, then the demonitor in another
            assertThat(toChip.messagesOut() - packets).isEqualTo(3);
            assertThat(toChip.directWrites() - writes).isEqualTo(2);
        }
        assertThat(greeter.others).isEmpty();
    }

    @Test
    void aReplyEchoesTheTagUnchanged() throws Exception {
        Node chip = nodes.start("chip");
        try (Mailbox server = chip.createMailbox();
                Mailbox client = chip.createMailbox()) {
            Term tag = TermList.improper(List.of(Atom.of("alias")), Ref.of(Atom.of(CHIP), 1, 7, 8, 9));
            server.send(server.pid(), Tuple.of(Atom.of("$gen_call"), Tuple.of(client.pid(), tag), Atom.of("q")));
            GenServerRequest.Call call = (GenServerRequest.Call)
                    GenServerRequest.parse(server.receive(WAIT).orElseThrow()).orElseThrow();

            call.reply(server, Atom.of("a"));

            assertThat(client.receive(WAIT)).contains(Tuple.of(tag, Atom.of("a")));
        }
    }

    @Test
    void callsAndCastsAServerOnAnotherNodeByNameAndByPid() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        greeter = new GreeterLoop(chip, "greeter");

        assertThat(GenServer.call(dale, "greeter", CHIP, greet("dale"), WAIT)).isEqualTo(Binary.of("Hello, dale!"));
        assertThat(GenServer.call(dale, greeter.mailbox.pid(), greet("pid"), WAIT))
                .isEqualTo(Binary.of("Hello, pid!"));

        GenServer.cast(dale, "greeter", CHIP, Atom.of("one"));
        GenServer.cast(dale, greeter.mailbox.pid(), Atom.of("two"));
        assertThat(greeter.casts.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Atom.of("one"));
        assertThat(greeter.casts.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Atom.of("two"));
        assertThat(greeter.others).isEmpty();
    }

    @Test
    void aMailboxWithAHandlerServesCallsAndCasts() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        long[] total = {0};
        chip.createMailbox("counter", (message, self) -> {
            GenServerRequest request = GenServerRequest.parse(message).orElse(null);
            if (request instanceof GenServerRequest.Cast cast && cast.request() instanceof Int n) {
                total[0] += n.longValue();
            } else if (request instanceof GenServerRequest.Call call) {
                call.reply(self, Int.of(total[0]));
            }
        });

        GenServer.cast(dale, "counter", CHIP, Int.of(2));
        GenServer.cast(dale, "counter", CHIP, Int.of(3));

        assertThat(GenServer.call(dale, "counter", CHIP, Atom.of("get"), WAIT)).isEqualTo(Int.of(5));
    }

    @Test
    void aMailboxWithAHandlerCannotWaitForAReply() {
        Node chip = nodes.start("chip");
        greeter = new GreeterLoop(chip, "greeter");
        Mailbox handled = chip.createMailbox(null, (message, self) -> {});

        assertThatThrownBy(() -> GenServer.call(handled, "greeter", CHIP, greet("x"), WAIT))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void callsAServerOnTheSameNode() throws Exception {
        Node chip = nodes.start("chip");
        greeter = new GreeterLoop(chip, "greeter");

        assertThat(GenServer.call(chip, "greeter", CHIP, greet("me"), WAIT)).isEqualTo(Binary.of("Hello, me!"));
        assertThat(GenServer.call(chip, greeter.mailbox.pid(), greet("pid"), WAIT))
                .isEqualTo(Binary.of("Hello, pid!"));
    }

    @Test
    void aCallFromAMailboxLeavesItsOtherMessagesInPlace() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        greeter = new GreeterLoop(chip, "greeter");
        try (Mailbox client = dale.createMailbox()) {
            client.send(client.pid(), Atom.of("first"));

            assertThat(GenServer.call(client, "greeter", CHIP, greet("box"), WAIT))
                    .isEqualTo(Binary.of("Hello, box!"));

            assertThat(client.receive(Duration.ZERO)).contains(Atom.of("first"));
            assertThat(client.size()).isZero();
        }
    }

    @Test
    void aCallToANameThatDoesNotExistFailsFastWithNoproc() {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        chip.createMailbox("someone_else");

        assertFailsFast(() -> GenServer.call(dale, "nobody", CHIP, Atom.of("hi"), LONG), "noproc");
        assertFailsFast(() -> GenServer.call(chip, "nobody", CHIP, Atom.of("hi"), LONG), "noproc");
    }

    @Test
    void aCallToAServerThatEndsDuringTheCallFailsFastWithItsExitReason() {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        greeter = new GreeterLoop(chip, "greeter");

        long start = System.nanoTime();
        CallException e = catchThrowableOfType(
                () -> GenServer.call(dale, "greeter", CHIP, Atom.of("stop"), LONG), CallException.class);

        assertThat(e).isNotInstanceOf(CallTimeoutException.class);
        assertThat(e.reason()).isEqualTo(Atom.of("stopped"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
    }

    @Test
    void aCallWithoutAReplyTimesOut() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        greeter = new GreeterLoop(chip, "greeter");
        try (Mailbox client = dale.createMailbox()) {
            CallTimeoutException e = catchThrowableOfType(
                    () -> GenServer.call(client, "greeter", CHIP, Atom.of("hang"), Duration.ofMillis(200)),
                    CallTimeoutException.class);

            assertThat(e.reason()).isEqualTo(Atom.of("timeout"));
            greeter.close();
            assertThat(client.receive(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void aCallWhoseConnectionGoesDownDuringTheCallFailsFastWithNoconnection() throws Exception {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");
        greeter = new GreeterLoop(chip, "greeter");

        FutureTask<Term> pending = new FutureTask<>(() -> GenServer.call(dale, "greeter", CHIP, Atom.of("hang"), LONG));
        Thread caller = new Thread(pending, "caller");
        caller.start();
        assertThat(greeter.calls.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();

        long start = System.nanoTime();
        dale.disconnect(CHIP);
        ExecutionException e =
                catchThrowableOfType(() -> pending.get(WAIT.toSeconds(), TimeUnit.SECONDS), ExecutionException.class);
        caller.join();

        assertThat(e.getCause()).isInstanceOfSatisfying(CallException.class, failure -> assertThat(failure.reason())
                .isEqualTo(Atom.of("noconnection")));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
    }

    @Test
    void aCallToANodeThatIsNotThereFailsFastWithNoconnection() {
        Node chip = nodes.start("chip");

        assertFailsFast(() -> GenServer.call(chip, "greeter", "nobody@localhost", Atom.of("hi"), LONG), "noconnection");
    }

    @Test
    void rpcToANodemeshNodeFailsFastWithNotsup() {
        Node chip = nodes.start("chip");
        Node dale = nodes.start("dale");

        long start = System.nanoTime();
        RpcException e =
                catchThrowableOfType(() -> Rpc.call(dale, CHIP, "erlang", "node", List.of(), LONG), RpcException.class);

        assertThat(e.reason()).isEqualTo(Atom.of("notsup"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
        assertThat(chip.nodes()).hasSize(1);
    }

    private static Term greet(String who) {
        return Tuple.of(Atom.of("greet"), Binary.of(who));
    }

    private static void assertFailsFast(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String expectedReason) {
        long start = System.nanoTime();
        CallException e = catchThrowableOfType(call, CallException.class);

        assertThat(e.reason()).isEqualTo(Atom.of(expectedReason));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
    }
}

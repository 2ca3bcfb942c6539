package dev.nodemesh.epmd;

import static dev.nodemesh.epmd.EpmdTestSupport.alive2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nodemesh.epmd.EpmdTestSupport.Raw;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import dev.nodemesh.testsupport.NetworkNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded EPMD seen from another host: a real {@code erl} in a network namespace the test
 * makes, so its connections come from an address that is neither loopback nor the host's. As the
 * system's {@code epmd}, it answers that peer's lookups but not its DUMP_REQ (nor registrations),
 * and answers DUMP_REQ from this host, on loopback or on the host's own address.
 */
@Interop
class EpmdRemotePeerTest {

    private static final Duration RUN = Duration.ofSeconds(60);

    private static NetworkNamespace remote;
    private static EmbeddedEpmd epmd;
    private static Raw registration;
    private static String erl;

    @BeforeAll
    static void startEpmdAndNamespace() throws Exception {
        erl = ErlangRuntime.requireErl().toString();
        remote = NetworkNamespace.create();
        epmd = EmbeddedEpmd.start(new InetSocketAddress(0));
        registration = new Raw(epmd.port());
        registration.send(alive2("b", 46229, 6, 5, new byte[0])).read(6);
        await().atMost(Duration.ofSeconds(5)).until(() -> epmd.registrations().containsKey("b"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (registration != null) {
            registration.close();
        }
        if (epmd != null) {
            epmd.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    @Test
    void aRemotePeerGetsNoDump() {
        assertThat(fromRemote(100)).isEqualTo("[]");
    }

    @Test
    void aRemotePeerStillGetsTheNames() {
        assertThat(fromRemote(110)).contains("name b at port 46229");
    }

    @Test
    void aRemotePeerCannotRegister() {
        // ALIVE2_REQ for "x" on port 9: closed unanswered
        assertThat(remoteRequest("<<0,14,120,0,9,77,0,0,6,0,5,0,1,120,0,0>>")).isEqualTo("[]");
        assertThat(epmd.registrations()).doesNotContainKey("x");
    }

    @Test
    void thisHostGetsTheDumpOnLoopbackAndOnItsOwnAddress() throws IOException {
        assertThat(dump(InetAddress.getLoopbackAddress())).contains("active name     b at port 46229");
        assertThat(dump(remote.hostAddress())).contains("active name     b at port 46229");
    }

    /** Sends a one-byte request from inside the namespace and returns what came back. */
    private static String fromRemote(int tag) {
        return remoteRequest("<<0,1," + tag + ">>");
    }

    private static String remoteRequest(String request) {
        byte[] host = remote.hostAddress().getAddress();
        String address = (host[0] & 0xff) + "," + (host[1] & 0xff) + "," + (host[2] & 0xff) + "," + (host[3] & 0xff);
        String program = "{ok, S} = gen_tcp:connect({" + address + "}, " + epmd.port()
                + ", [binary, {active, false}], 5000), ok = gen_tcp:send(S, " + request + "),"
                + " Read = fun R(Acc) -> case gen_tcp:recv(S, 0, 5000) of {ok, B} -> R(<<Acc/binary, B/binary>>);"
                + " {error, closed} -> Acc end end,"
                + " io:format(\"[~s]~n\", [Read(<<>>)]), halt().";
        return remote.run(List.of(erl, "-noshell", "-noinput", "-eval", program), RUN)
                .strip();
    }

    /** Sends DUMP_REQ from {@code source} to the same address and returns the text. */
    private static String dump(InetAddress source) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress(source, epmd.port()), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(new byte[] {0, 1, 100});
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}

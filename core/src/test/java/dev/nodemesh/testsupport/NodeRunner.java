package dev.nodemesh.testsupport;

import dev.nodemesh.Cookie;
import dev.nodemesh.Mailbox;
import dev.nodemesh.MailboxOptions;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.NodeDownReason;
import dev.nodemesh.NodeName;
import dev.nodemesh.NodeStatusListener;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A nodemesh node in a JVM of its own, for fault tests that put a nodemesh peer in a network
 * namespace (see {@link FaultLab}). Its mailbox {@code sink} keeps every {@code {seq, N}} and
 * answers {@code {ping, From, T}} with {@code {pong, T}}, as the erl peer's does. It is driven by
 * lines on standard input, which keep working while its network is cut:
 *
 * <ul>
 *   <li>{@code seqs N}: prints {@code true} when the sink got exactly 1..N in order, else {@code false};
 *   <li>{@code down NODE}: prints the {@link System#nanoTime} of the last nodedown of that node, or {@code none};
 *   <li>{@code stream NAME NODE FROM TO}: sends {@code {seq, FROM..TO}} to {@code {NAME, NODE}}; prints {@code ok};
 *   <li>{@code disconnect NODE}: prints {@code ok};
 *   <li>{@code sendpid NAME NODE}: sends the sink's pid to {@code {NAME, NODE}}; prints {@code ok}.
 * </ul>
 *
 * <p>Arguments: full name, cookie, listen address, EPMD port, tick time in milliseconds. It prints
 * {@code ready} once started and exits when standard input closes.
 */
public final class NodeRunner {

    private NodeRunner() {}

    /**
     * Runs the node.
     *
     * @param args name, cookie, listen address, EPMD port, tick milliseconds
     * @throws Exception when the node cannot start
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Map<String, Long> downs = new ConcurrentHashMap<>();
        List<Long> seqs = new ArrayList<>();
        try (Node node = Node.start(NodeConfig.builder(args[0])
                .cookie(Cookie.of(args[1]))
                .listen(InetAddress.getByName(args[2]), 0)
                .epmdPort(Integer.parseInt(args[3]))
                .tickTime(Duration.ofMillis(Long.parseLong(args[4])))
                .defaultGroupScope(false)
                .build())) {
            node.addStatusListener(new NodeStatusListener() {
                @Override
                public void nodeDown(NodeName peer, NodeDownReason reason) {
                    downs.put(peer.toString(), System.nanoTime());
                }
            });
            Mailbox sink = node.createMailbox(MailboxOptions.builder()
                    .name("sink")
                    .capacity(Integer.MAX_VALUE)
                    .maxBytes(Long.MAX_VALUE)
                    .handler((message, self) -> sink(message, self, seqs))
                    .build());
            Mailbox control = node.createMailbox();
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.strip().split(" ");
                out.println(
                        switch (words[0]) {
                            case "seqs" -> inOrder(seqs, Integer.parseInt(words[1]));
                            case "down" ->
                                String.valueOf(downs.getOrDefault(words[1], null))
                                        .replace("null", "none");
                            case "stream" -> {
                                for (int n = Integer.parseInt(words[3]); n <= Integer.parseInt(words[4]); n++) {
                                    control.send(words[1], words[2], Tuple.of(Atom.of("seq"), Int.of(n)));
                                }
                                yield "ok";
                            }
                            case "disconnect" -> {
                                node.disconnect(words[1]);
                                yield "ok";
                            }
                            case "sendpid" -> {
                                control.send(words[1], words[2], sink.pid());
                                yield "ok";
                            }
                            default -> "unknown command " + words[0];
                        });
            }
        }
    }

    private static void sink(Term message, Mailbox self, List<Long> seqs) {
        if (message instanceof Tuple tuple && tuple.size() == 2 && tuple.get(0).equals(Atom.of("seq"))) {
            synchronized (seqs) {
                seqs.add(((Int) tuple.get(1)).longValue());
            }
        } else if (message instanceof Tuple tuple
                && tuple.size() == 3
                && tuple.get(0).equals(Atom.of("ping"))
                && tuple.get(1) instanceof Pid from) {
            self.send(from, Tuple.of(Atom.of("pong"), tuple.get(2)));
        }
    }

    private static String inOrder(List<Long> seqs, int n) {
        synchronized (seqs) {
            if (seqs.size() != n) {
                return "false";
            }
            for (int i = 0; i < n; i++) {
                if (seqs.get(i) != i + 1) {
                    return "false";
                }
            }
            return "true";
        }
    }
}

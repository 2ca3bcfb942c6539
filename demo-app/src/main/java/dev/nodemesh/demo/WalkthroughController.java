package dev.nodemesh.demo;

import dev.nodemesh.ConnectedNode;
import dev.nodemesh.Mailbox;
import dev.nodemesh.Node;
import dev.nodemesh.NodeName;
import dev.nodemesh.spring.NodeProcessRegistrar;
import dev.nodemesh.spring.NodeTemplate;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermSyntax;
import dev.nodemesh.term.TermSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The iex prompt of the walkthrough, over HTTP. Unlike an iex prompt it is bounded: it sends only to
 * the names of {@code demo.send-names}, connects only to nodes on the hosts of {@code
 * demo.connect-hosts} (this node's host by default), takes request bodies of at most {@value
 * #MAX_BODY_BYTES} bytes and flushes at most {@value #MAX_FLUSH} messages at a time. It has no
 * authentication: keep it on loopback ({@code server.address}).
 */
@RestController
public class WalkthroughController {

    /** The largest term literal {@code POST /send} reads. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    /** The most messages one {@code GET /flush} takes. */
    static final int MAX_FLUSH = 1_000;

    private final Node node;
    private final NodeTemplate template;
    private final Inbox inbox;
    private final NodeProcessRegistrar processes;
    private final Set<String> sendNames;
    private final Set<String> connectHosts;

    WalkthroughController(
            Node node, NodeTemplate template, Inbox inbox, NodeProcessRegistrar processes, DemoProperties properties) {
        this.node = node;
        this.template = template;
        this.inbox = inbox;
        this.processes = processes;
        this.sendNames = Collections.unmodifiableSet(new TreeSet<>(properties.getSendNames()));
        List<String> hosts =
                properties.getConnectHosts().isEmpty() ? List.of(node.name().host()) : properties.getConnectHosts();
        Set<String> lowerCase = new TreeSet<>();
        hosts.forEach(host -> lowerCase.add(host.toLowerCase(Locale.ROOT)));
        this.connectHosts = Collections.unmodifiableSet(lowerCase);
    }

    /**
     * Lists the connected nodes, as {@code Node.list(:connected)}.
     *
     * @return the node names
     */
    @GetMapping("/nodes")
    public List<String> nodes() {
        return node.nodes().stream()
                .map(ConnectedNode::name)
                .map(Object::toString)
                .toList();
    }

    /**
     * Connects to a node, as {@code Node.connect/1}.
     *
     * @param peer the node's full name
     * @return whether connected
     */
    @PostMapping("/connect/{node}")
    public boolean connect(@PathVariable("node") String peer) {
        return node.connect(allowedNode(peer));
    }

    /**
     * Disconnects from a node, as {@code Node.disconnect/1}.
     *
     * @param peer the node's full name
     * @return whether it was connected
     */
    @PostMapping("/disconnect/{node}")
    public boolean disconnect(@PathVariable("node") String peer) {
        return node.disconnect(peer);
    }

    /**
     * Sends a term, written in Elixir syntax, to {@code {name, node}}; connects first when needed.
     *
     * @param peer the node's full name
     * @param name the registered name
     * @param body the term, such as {@code {:hi, "there", 42}}, as UTF-8 text
     * @return the term as sent, in Elixir syntax
     * @throws IOException when the body cannot be read
     */
    @PostMapping(path = "/send/{node}/{name}", consumes = MediaType.TEXT_PLAIN_VALUE)
    public String send(@PathVariable("node") String peer, @PathVariable("name") String name, InputStream body)
            throws IOException {
        if (!sendNames.contains(name)) {
            throw new RefusedException("sending to " + name + " is not allowed: the demo sends only to " + sendNames
                    + " (demo.send-names)");
        }
        NodeName to = allowedNode(peer);
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("the term is longer than " + MAX_BODY_BYTES + " bytes");
        }
        Term message = TermSyntax.ELIXIR.parse(new String(bytes, StandardCharsets.UTF_8).strip());
        template.send(name, to.toString(), message);
        return TermSyntax.ELIXIR.format(message);
    }

    /**
     * Takes the oldest messages the {@code my_iex} inbox received, as iex's {@code flush()}; the rest
     * wait for the next flush.
     *
     * @param limit the most messages to take: 1 to {@value #MAX_FLUSH}, 100 when not given
     * @return the messages in Elixir syntax, oldest first
     */
    @GetMapping("/flush")
    public List<String> flush(@RequestParam(name = "limit", defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_FLUSH) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_FLUSH + ", but is " + limit);
        }
        return inbox.flush(limit);
    }

    /**
     * Tells how many messages wait in the {@code my_iex} inbox and how many it dropped when full.
     *
     * @return {@code waiting} and {@code dropped}
     */
    @GetMapping("/inbox")
    public Map<String, Long> inbox() {
        return Map.of("waiting", (long) inbox.size(), "dropped", inbox.dropped());
    }

    /**
     * Monitors {@code {name, node}} from the inbox; the Down message lands in the inbox.
     *
     * @param peer the node's full name
     * @param name the registered name
     * @return the monitor reference in Elixir syntax
     */
    @PostMapping("/monitor/{node}/{name}")
    public String monitor(@PathVariable("node") String peer, @PathVariable("name") String name) {
        NodeName target = allowedNode(peer);
        Mailbox mailbox = processes.mailbox("my_iex").orElseThrow();
        Ref ref = mailbox.monitor(name, target.toString());
        return TermSyntax.ELIXIR.format(ref);
    }

    /** The node, when the demo may connect to its host; connecting answers its challenge with the cookie. */
    private NodeName allowedNode(String peer) {
        NodeName name = NodeName.parse(peer);
        if (!connectHosts.contains(name.host().toLowerCase(Locale.ROOT))) {
            throw new RefusedException("connecting to " + name + " is not allowed: the demo connects only to nodes on "
                    + connectHosts + " (demo.connect-hosts)");
        }
        return name;
    }

    @ExceptionHandler(RefusedException.class)
    ResponseEntity<Map<String, String>> refused(RefusedException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(TermSyntaxException.class)
    ResponseEntity<Map<String, String>> malformedTerm(TermSyntaxException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badArgument(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }

    /** A request the demo understood and does not carry out. */
    static final class RefusedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message, null, false, false);
        }
    }
}

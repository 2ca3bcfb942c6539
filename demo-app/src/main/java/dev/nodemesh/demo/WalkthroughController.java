package dev.nodemesh.demo;

import dev.nodemesh.ConnectedNode;
import dev.nodemesh.Mailbox;
import dev.nodemesh.Node;
import dev.nodemesh.spring.NodeProcessRegistrar;
import dev.nodemesh.spring.NodeTemplate;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermSyntax;
import dev.nodemesh.term.TermSyntaxException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The iex prompt of the walkthrough, over HTTP. */
@RestController
public class WalkthroughController {

    private final Node node;
    private final NodeTemplate template;
    private final Inbox inbox;
    private final NodeProcessRegistrar processes;

    WalkthroughController(Node node, NodeTemplate template, Inbox inbox, NodeProcessRegistrar processes) {
        this.node = node;
        this.template = template;
        this.inbox = inbox;
        this.processes = processes;
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
        return node.connect(peer);
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
     * @param literal the term, such as {@code {:hi, "there", 42}}
     * @return the term as sent, in Elixir syntax
     */
    @PostMapping(path = "/send/{node}/{name}", consumes = MediaType.TEXT_PLAIN_VALUE)
    public String send(
            @PathVariable("node") String peer, @PathVariable("name") String name, @RequestBody String literal) {
        Term message = TermSyntax.ELIXIR.parse(literal.strip());
        template.send(name, peer, message);
        return TermSyntax.ELIXIR.format(message);
    }

    /**
     * Takes every message the {@code my_iex} inbox received, as iex's {@code flush()}.
     *
     * @return the messages in Elixir syntax, oldest first
     */
    @GetMapping("/flush")
    public List<String> flush() {
        return inbox.flush();
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
        Mailbox mailbox = processes.mailbox("my_iex").orElseThrow();
        Ref ref = mailbox.monitor(name, peer);
        return TermSyntax.ELIXIR.format(ref);
    }

    @ExceptionHandler(TermSyntaxException.class)
    ResponseEntity<Map<String, String>> malformedTerm(TermSyntaxException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badArgument(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }
}

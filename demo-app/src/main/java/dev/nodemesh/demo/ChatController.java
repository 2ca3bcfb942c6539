package dev.nodemesh.demo;

import dev.nodemesh.Node;
import dev.nodemesh.spring.NodeTemplate;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.TermSyntax;
import dev.nodemesh.term.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code :chat} group over HTTP: {@code POST /chat} publishes a line to every member on every
 * node as {@code {:chat, node, "line"}}, {@code GET /chat} shows what this node's member heard,
 * {@code GET /chat/members} lists the members' pids. Bounded as the walkthrough's API: lines of at
 * most {@value #MAX_LINE_BYTES} bytes; loopback only.
 */
@RestController
public class ChatController {

    /** The longest line {@code POST /chat} takes. */
    static final int MAX_LINE_BYTES = 4 * 1024;

    private static final Atom CHAT = Atom.of(ChatRoom.GROUP);

    private final Node node;
    private final NodeTemplate template;
    private final ChatRoom room;

    ChatController(Node node, NodeTemplate template, ChatRoom room) {
        this.node = node;
        this.template = template;
        this.room = room;
    }

    /**
     * Publishes a line to the {@code :chat} group.
     *
     * @param body the line, as UTF-8 text
     * @return how many members it was sent to
     * @throws IOException when the body cannot be read
     */
    @PostMapping(path = "/chat", consumes = MediaType.TEXT_PLAIN_VALUE)
    public int say(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_LINE_BYTES + 1);
        if (bytes.length > MAX_LINE_BYTES) {
            throw new IllegalArgumentException("the line is longer than " + MAX_LINE_BYTES + " bytes");
        }
        String line = new String(bytes, StandardCharsets.UTF_8).strip();
        return template.publish(ChatRoom.GROUP, Tuple.of(CHAT, node.name().atom(), Binary.of(line)));
    }

    /**
     * Returns the lines this node's member heard, oldest first.
     *
     * @return the lines in Elixir syntax
     */
    @GetMapping("/chat")
    public List<String> lines() {
        return room.lines();
    }

    /**
     * Lists the members of {@code :chat} on every node, as {@code :pg.get_members(:chat)}, by node.
     *
     * @return each node's member pids in Elixir syntax, nodes sorted by name
     */
    @GetMapping("/chat/members")
    public Map<String, List<String>> members() {
        Map<String, List<String>> byNode = new TreeMap<>();
        for (Pid member : node.groups().members(CHAT)) {
            byNode.computeIfAbsent(member.node().name(), n -> new ArrayList<>()).add(TermSyntax.ELIXIR.format(member));
        }
        return byNode;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badArgument(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }
}

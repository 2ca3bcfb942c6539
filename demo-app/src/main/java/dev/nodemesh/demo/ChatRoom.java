package dev.nodemesh.demo;

import dev.nodemesh.spring.NodeProcess;
import dev.nodemesh.spring.OnMessage;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermSyntax;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * This node's member of the process group {@code :chat} (pg's default scope): every line
 * published to the group, from a Java node or from iex ({@code for p <- :pg.get_members(:chat),
 * do: send(p, ...)}), lands here. It keeps the last {@value #KEPT} lines.
 */
@Component
@NodeProcess(value = "chat", groups = ChatRoom.GROUP)
public class ChatRoom {

    /** The group's name, an atom: {@code :chat}. */
    public static final String GROUP = "chat";

    /** How many lines the room keeps; older ones are forgotten. */
    static final int KEPT = 100;

    private final Deque<Term> lines = new ArrayDeque<>();

    /**
     * Keeps a line, forgetting the oldest when {@value #KEPT} are kept.
     *
     * @param line anything published to the group
     */
    @OnMessage
    public synchronized void hear(Term line) {
        if (lines.size() == KEPT) {
            lines.pollFirst();
        }
        lines.addLast(line);
    }

    /**
     * Returns the lines heard, oldest first.
     *
     * @return the lines in Elixir syntax
     */
    public synchronized List<String> lines() {
        List<String> printed = new ArrayList<>(lines.size());
        lines.forEach(line -> printed.add(TermSyntax.ELIXIR.format(line)));
        return printed;
    }
}

package dev.nodemesh.demo;

import dev.nodemesh.spring.NodeProcess;
import dev.nodemesh.spring.NodeTemplate;
import dev.nodemesh.spring.OnMessage;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Registered as {@code echo}: a gen_server call gets its request back; a plain message {@code
 * {pid, term}} sends {@code term} back to {@code pid}.
 */
@Component
@NodeProcess("echo")
public class Echo {

    private final NodeTemplate template;

    /**
     * Creates the echo process.
     *
     * @param template sends replies to plain messages
     */
    public Echo(@Lazy NodeTemplate template) {
        this.template = template;
    }

    /**
     * Echoes a message.
     *
     * @param message the request of a call, or a plain message
     * @param caller the caller of a gen_server call, null for a plain message
     * @return the request, as the reply to a call
     */
    @OnMessage
    public Term echo(Term message, Pid caller) {
        if (caller == null && message instanceof Tuple tuple && tuple.size() == 2 && tuple.get(0) instanceof Pid to) {
            template.send(to, tuple.get(1));
        }
        return message;
    }
}

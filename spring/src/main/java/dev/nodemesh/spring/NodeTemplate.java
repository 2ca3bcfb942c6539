package dev.nodemesh.spring;

import dev.nodemesh.GenServer;
import dev.nodemesh.Node;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.mapping.TermMapper;
import dev.nodemesh.term.mapping.TermType;
import java.time.Duration;
import java.util.Objects;

/**
 * Sends, calls and casts from Spring code, with Java objects mapped to terms (records become
 * maps with atom keys, strings binaries, enums atoms; see {@link TermMapper}).
 *
 * <pre>{@code
 * template.send("my_iex", "dale@host", new Hello("chip"));
 * Greeting reply = template.call("greeter", "dale@host", new Greet("chip"), Greeting.class);
 * }</pre>
 *
 * <p>Sends never block and connect first when needed. A call monitors the server while it
 * waits: a missing server fails at once ({@code noproc}), a dying one with its exit reason, a
 * lost node with {@code noconnection}, all as {@link dev.nodemesh.CallException}.
 */
public class NodeTemplate {

    private final Node node;
    private final TermMapper mapper;
    private final Duration defaultTimeout;
    private final CallObserver callObserver;

    /**
     * Creates a template.
     *
     * @param node the node to send from
     * @param mapper maps Java objects to terms and back
     * @param defaultTimeout the timeout of calls that do not give one
     * @param callObserver told how long each call took (for metrics); may do nothing
     */
    public NodeTemplate(Node node, TermMapper mapper, Duration defaultTimeout, CallObserver callObserver) {
        this.node = Objects.requireNonNull(node, "node");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        this.callObserver = Objects.requireNonNull(callObserver, "callObserver");
    }

    /**
     * Returns the node this template sends from.
     *
     * @return the node
     */
    public Node node() {
        return node;
    }

    /**
     * Sends a message to {@code {name, node}}.
     *
     * @param name the registered name
     * @param toNode the node's full name
     * @param message the message, a term or a Java object to map
     */
    public void send(String name, String toNode, Object message) {
        node.send(name, toNode, toTerm(message));
    }

    /**
     * Sends a message to a pid.
     *
     * @param to the pid
     * @param message the message, a term or a Java object to map
     */
    public void send(Pid to, Object message) {
        node.send(to, toTerm(message));
    }

    /**
     * Calls a gen_server registered under a name, waiting the default timeout.
     *
     * @param name the registered name
     * @param serverNode the node's full name
     * @param request the request
     * @param replyType what to map the reply to ({@code Term.class} for the raw term)
     * @param <T> the reply type
     * @return the reply
     * @throws dev.nodemesh.CallException when the server is missing, dies or its node goes away
     * @throws dev.nodemesh.CallTimeoutException when no reply came in time
     */
    public <T> T call(String name, String serverNode, Object request, Class<T> replyType) {
        return call(name, serverNode, request, replyType, defaultTimeout);
    }

    /**
     * Calls a gen_server registered under a name.
     *
     * @param name the registered name
     * @param serverNode the node's full name
     * @param request the request
     * @param replyType what to map the reply to
     * @param timeout how long to wait
     * @param <T> the reply type
     * @return the reply
     */
    public <T> T call(String name, String serverNode, Object request, Class<T> replyType, Duration timeout) {
        long start = System.nanoTime();
        try {
            Term reply = GenServer.call(node, name, serverNode, toTerm(request), timeout);
            return mapper.fromTerm(reply, replyType);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + name + " on " + serverNode, e);
        } finally {
            callObserver.callCompleted(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * Calls a gen_server by pid.
     *
     * @param server the server's pid
     * @param request the request
     * @param replyType what to map the reply to
     * @param timeout how long to wait
     * @param <T> the reply type
     * @return the reply
     */
    public <T> T call(Pid server, Object request, Class<T> replyType, Duration timeout) {
        long start = System.nanoTime();
        try {
            Term reply = GenServer.call(node, server, toTerm(request), timeout);
            return mapper.fromTerm(reply, replyType);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + server, e);
        } finally {
            callObserver.callCompleted(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * Calls a gen_server registered under a name, waiting the default timeout, and maps the reply
     * to a generic type: {@code new TermType<List<Greeting>>() {}}, {@code new
     * TermType<Result<Greeting, String>>() {}}.
     *
     * @param name the registered name
     * @param serverNode the node's full name
     * @param request the request
     * @param replyType what to map the reply to
     * @param <T> the reply type
     * @return the reply
     */
    public <T> T call(String name, String serverNode, Object request, TermType<T> replyType) {
        return call(name, serverNode, request, replyType, defaultTimeout);
    }

    /**
     * Calls a gen_server registered under a name and maps the reply to a generic type.
     *
     * @param name the registered name
     * @param serverNode the node's full name
     * @param request the request
     * @param replyType what to map the reply to
     * @param timeout how long to wait
     * @param <T> the reply type
     * @return the reply
     */
    public <T> T call(String name, String serverNode, Object request, TermType<T> replyType, Duration timeout) {
        Objects.requireNonNull(replyType, "replyType");
        return mapper.fromTerm(call(name, serverNode, request, Term.class, timeout), replyType);
    }

    /**
     * Calls a gen_server by pid and maps the reply to a generic type.
     *
     * @param server the server's pid
     * @param request the request
     * @param replyType what to map the reply to
     * @param timeout how long to wait
     * @param <T> the reply type
     * @return the reply
     */
    public <T> T call(Pid server, Object request, TermType<T> replyType, Duration timeout) {
        Objects.requireNonNull(replyType, "replyType");
        return mapper.fromTerm(call(server, request, Term.class, timeout), replyType);
    }

    /**
     * Casts a request to a gen_server registered under a name ({@code {'$gen_cast', Request}}).
     *
     * @param name the registered name
     * @param serverNode the node's full name
     * @param request the request
     */
    public void cast(String name, String serverNode, Object request) {
        GenServer.cast(node, name, serverNode, toTerm(request));
    }

    private Term toTerm(Object value) {
        return value instanceof Term term ? term : mapper.toTerm(value);
    }
}

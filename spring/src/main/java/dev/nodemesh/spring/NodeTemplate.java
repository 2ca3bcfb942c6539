package dev.nodemesh.spring;

import dev.nodemesh.CallException;
import dev.nodemesh.GenServer;
import dev.nodemesh.Node;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.mapping.TermMapper;
import dev.nodemesh.term.mapping.TermType;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

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
 *
 * <p>{@link #callAsync(String, String, Object, Class) callAsync} returns a {@link
 * CompletableFuture} at once and parks no thread while the call is out: the reply completes the
 * future on one of the node's dispatch threads (chain with {@code thenApplyAsync} for work that
 * blocks), a timeout on the JDK's shared delay scheduler. A {@link NodeProcess} handler that
 * calls another process should call asynchronously and return the future: a blocking {@code
 * call} from a handler holds its dispatch thread until the reply (warned about once).
 *
 * <p>Every call is a Micrometer observation named {@value NodeObservations#CALLS}, with the
 * low-cardinality keys {@code process} and {@code outcome} ({@link NodeObservations}).
 */
public class NodeTemplate {

    private final Node node;
    private final TermMapper mapper;
    private final Duration defaultTimeout;
    private final CallObserver callObserver;
    private final ObservationRegistry observations;

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
        this.observations = ObservationRegistry.NOOP;
    }

    /**
     * Creates a template whose calls are observed.
     *
     * @param node the node to send from
     * @param mapper maps Java objects to terms and back
     * @param defaultTimeout the timeout of calls that do not give one
     * @param callObserver told how long each call took; may do nothing
     * @param observations where each call's observation ({@value NodeObservations#CALLS}) goes
     */
    public NodeTemplate(
            Node node,
            TermMapper mapper,
            Duration defaultTimeout,
            CallObserver callObserver,
            ObservationRegistry observations) {
        this.node = Objects.requireNonNull(node, "node");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        this.callObserver = Objects.requireNonNull(callObserver, "callObserver");
        this.observations = Objects.requireNonNull(observations, "observations");
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
     * Publishes a message to every member of a process group of the default scope {@code pg}, on
     * every node, each member once ({@link dev.nodemesh.ProcessGroups#publish(dev.nodemesh.term.Term,
     * dev.nodemesh.term.Term)}): local members get it without the network. The group is named by
     * an atom, as {@code @NodeProcess(groups = ...)} joins it.
     *
     * @param group the group's atom name
     * @param message the message, a term or a Java object to map
     * @return how many members it was sent to
     */
    public int publish(String group, Object message) {
        return node.groups().publish(group, toTerm(message));
    }

    /**
     * Publishes a message to every member of a process group of a named scope.
     *
     * @param scope the scope ({@code nodemesh.groups.scopes})
     * @param group the group's atom name
     * @param message the message, a term or a Java object to map
     * @return how many members it was sent to
     */
    public int publish(String scope, String group, Object message) {
        return node.groups(scope).publish(group, toTerm(message));
    }

    /**
     * Publishes a message to the members of a process group of the default scope on this node only.
     *
     * @param group the group's atom name
     * @param message the message, a term or a Java object to map
     * @return how many members it was sent to
     */
    public int publishLocal(String group, Object message) {
        return node.groups().publishLocal(group, toTerm(message));
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
        BlockingCallCheck.check(name);
        Observation observation = startObservation(name);
        try {
            Term reply = GenServer.call(node, name, serverNode, toTerm(request), timeout);
            return stopObservation(observation, () -> mapper.fromTerm(reply, replyType));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failObservation(observation, e);
            throw new IllegalStateException("interrupted while calling " + name + " on " + serverNode, e);
        } catch (RuntimeException e) {
            failObservation(observation, e);
            throw e;
        } finally {
            callObserver.callCompleted(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * Calls a gen_server by its cluster-wide name ({@code GenServer.call({:global, name},
     * request)}), waiting the default timeout: looks the name up in {@link Node#global()} and calls
     * that pid.
     *
     * @param globalName the global name
     * @param request the request
     * @param replyType what to map the reply to
     * @param <T> the reply type
     * @return the reply
     * @throws dev.nodemesh.CallException with the reason {@code noproc} when no process has the
     *     name, or when the server dies or its node goes away
     * @throws dev.nodemesh.CallTimeoutException when no reply came in time
     */
    public <T> T callGlobal(String globalName, Object request, Class<T> replyType) {
        Pid server = node.global()
                .whereis(globalName)
                .orElseThrow(
                        () -> new CallException(Atom.of("noproc"), "no process has the global name " + globalName));
        return call(server, request, replyType, defaultTimeout);
    }

    /**
     * Sends to the process with a cluster-wide name, as {@code :global.send/2}.
     *
     * @param globalName the global name
     * @param message the message, mapped to a term
     * @return false when no process has the name (nothing is sent)
     */
    public boolean sendGlobal(String globalName, Object message) {
        return node.global().send(globalName, toTerm(message));
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
        BlockingCallCheck.check(server);
        Observation observation = startObservation(PID_PROCESS_TAG);
        try {
            Term reply = GenServer.call(node, server, toTerm(request), timeout);
            return stopObservation(observation, () -> mapper.fromTerm(reply, replyType));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failObservation(observation, e);
            throw new IllegalStateException("interrupted while calling " + server, e);
        } catch (RuntimeException e) {
            failObservation(observation, e);
            throw e;
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

    /**
     * Calls a gen_server registered under a name without waiting, with the default timeout.
     *
     * @param name the registered name
     * @param serverNode the node's full name
     * @param request the request
     * @param replyType what to map the reply to ({@code Term.class} for the raw term)
     * @param <T> the reply type
     * @return the reply, or failed with a {@link dev.nodemesh.CallException} or {@link
     *     dev.nodemesh.CallTimeoutException}
     */
    public <T> CompletableFuture<T> callAsync(String name, String serverNode, Object request, Class<T> replyType) {
        return callAsync(name, serverNode, request, replyType, defaultTimeout);
    }

    /**
     * Calls a gen_server registered under a name without waiting: no thread is parked while the
     * call is out.
     *
     * @param name the registered name
     * @param serverNode the node's full name
     * @param request the request
     * @param replyType what to map the reply to
     * @param timeout when to give up: the future then fails with a {@link
     *     dev.nodemesh.CallTimeoutException}
     * @param <T> the reply type
     * @return the reply, or failed with a {@link dev.nodemesh.CallException} or {@link
     *     dev.nodemesh.CallTimeoutException}
     */
    public <T> CompletableFuture<T> callAsync(
            String name, String serverNode, Object request, Class<T> replyType, Duration timeout) {
        Term term = toTerm(request);
        return observeAsync(name, () -> AsyncCall.call(node, name, serverNode, term, timeout), replyType);
    }

    /**
     * Calls a gen_server by pid without waiting.
     *
     * @param server the server's pid
     * @param request the request
     * @param replyType what to map the reply to
     * @param timeout when to give up
     * @param <T> the reply type
     * @return the reply, or failed with a {@link dev.nodemesh.CallException} or {@link
     *     dev.nodemesh.CallTimeoutException}
     */
    public <T> CompletableFuture<T> callAsync(Pid server, Object request, Class<T> replyType, Duration timeout) {
        Term term = toTerm(request);
        return observeAsync(PID_PROCESS_TAG, () -> AsyncCall.call(node, server, term, timeout), replyType);
    }

    private static final String PID_PROCESS_TAG = "pid";

    private <T> CompletableFuture<T> observeAsync(
            String process, Supplier<CompletableFuture<Term>> call, Class<T> replyType) {
        long start = System.nanoTime();
        Observation observation = startObservation(process);
        CompletableFuture<T> result;
        try {
            result = call.get().thenApply(reply -> mapper.fromTerm(reply, replyType));
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        // the caller's future completes after the observation stopped
        return result.whenComplete((value, error) -> {
            if (error == null) {
                observation.lowCardinalityKeyValue(NodeObservations.OUTCOME, CallOutcome.SUCCESS.tag());
                observation.stop();
            } else {
                failObservation(observation, error);
            }
            callObserver.callCompleted(Duration.ofNanos(System.nanoTime() - start));
        });
    }

    private Observation startObservation(String process) {
        return Observation.createNotStarted(NodeObservations.CALLS, observations)
                .contextualName("nodemesh call " + process)
                .lowCardinalityKeyValue(NodeObservations.PROCESS, process)
                .start();
    }

    private static <T> T stopObservation(Observation observation, Supplier<T> mapReply) {
        T value = mapReply.get();
        observation.lowCardinalityKeyValue(NodeObservations.OUTCOME, CallOutcome.SUCCESS.tag());
        observation.stop();
        return value;
    }

    private static void failObservation(Observation observation, Throwable error) {
        observation.lowCardinalityKeyValue(
                NodeObservations.OUTCOME, CallOutcome.of(error).tag());
        observation.error(error);
        observation.stop();
    }

    private Term toTerm(Object value) {
        return value instanceof Term term ? term : mapper.toTerm(value);
    }
}

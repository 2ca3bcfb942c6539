package dev.nodemesh.spring;

import dev.nodemesh.GenServerRequest;
import dev.nodemesh.Mailbox;
import dev.nodemesh.MessageHandler;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.term.mapping.TermMapper;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Runs a {@link NodeProcess} bean: unwraps gen_server calls and casts, picks the {@link
 * OnMessage} method the message fits, and answers calls with the method's return value (when a
 * returned {@code CompletionStage} completes, for methods that return one). Each message is a
 * Micrometer observation named {@value NodeObservations#HANDLER}.
 */
final class NodeProcessHandler implements MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(NodeProcessHandler.class);
    private static final Atom NO_HANDLER = Atom.of("no_handler");
    private static final String SUCCESS = "success";
    private static final String ERROR = "error";
    private static final String UNHANDLED = "unhandled";

    private final String name;
    private final List<HandlerMethod> methods;
    private final TermMapper mapper;
    private final boolean keepRunningOnError;
    private final NodeProcessErrorHandler errorHandler;
    private final ObservationRegistry observations;
    private final LongAdder unhandled = new LongAdder();
    private final LongAdder errors = new LongAdder();

    NodeProcessHandler(String name, Object bean, TermMapper mapper, boolean keepRunningOnError) {
        this(name, bean, mapper, keepRunningOnError, NodeProcessErrorHandler.neutral(false), ObservationRegistry.NOOP);
    }

    NodeProcessHandler(
            String name,
            Object bean,
            TermMapper mapper,
            boolean keepRunningOnError,
            NodeProcessErrorHandler errorHandler,
            ObservationRegistry observations) {
        this.name = name;
        this.mapper = mapper;
        this.keepRunningOnError = keepRunningOnError;
        this.errorHandler = errorHandler;
        this.observations = observations;
        this.methods = handlerMethods(bean);
        if (methods.isEmpty()) {
            throw new IllegalStateException("@NodeProcess(\"" + name + "\") bean "
                    + AopUtils.getTargetClass(bean).getName()
                    + " has no @OnMessage method; add one, e.g. @OnMessage void handle(Term message)");
        }
    }

    private static List<HandlerMethod> handlerMethods(Object bean) {
        List<HandlerMethod> found = new ArrayList<>();
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(AopUtils.getTargetClass(bean))) {
            if (method.isAnnotationPresent(OnMessage.class)) {
                Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
                found.add(new HandlerMethod(bean, invocable));
            }
        }
        found.sort(Comparator.comparing(HandlerMethod::rank).thenComparing(HandlerMethod::name));
        return List.copyOf(found);
    }

    @Override
    public void handle(Term message, Mailbox self) throws Exception {
        Optional<GenServerRequest> request = GenServerRequest.parse(message);
        GenServerRequest.Call call = request.filter(GenServerRequest.Call.class::isInstance)
                .map(GenServerRequest.Call.class::cast)
                .orElse(null);
        MessageKind kind = call != null ? MessageKind.CALL : request.isPresent() ? MessageKind.CAST : MessageKind.INFO;
        Term payload = request.map(NodeProcessHandler::payloadOf).orElse(message);
        Observation observation = Observation.createNotStarted(NodeObservations.HANDLER, observations)
                .contextualName("nodemesh handler " + name)
                .lowCardinalityKeyValue(NodeObservations.PROCESS, name)
                .lowCardinalityKeyValue(NodeObservations.KIND, kind.tag())
                .start();
        HandlerMethod method = select(payload);
        if (method == null) {
            log.debug("process {}: no @OnMessage method takes {}", name, payload);
            unhandled.increment();
            finish(observation, UNHANDLED, null);
            if (call != null) {
                call.reply(self, Tuple.of(Atom.ERROR, NO_HANDLER));
            }
            return;
        }
        Object result = null;
        Exception failure = null;
        BlockingCallCheck.enter(name);
        Observation.Scope scope = observation.openScope();
        try {
            result = method.invoke(payload, call == null ? null : call.from(), kind, mapper);
        } catch (Exception e) {
            failure = e;
        } finally {
            scope.close();
            BlockingCallCheck.leave();
        }
        if (failure != null) {
            failed(failure, kind, payload, call, self, method, observation);
            return;
        }
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, error) -> {
                if (error != null) {
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    failedLater(cause, kind, payload, call, self, method, observation);
                } else {
                    replyWith(value, call, self, method, observation);
                }
            });
            return;
        }
        replyWith(result, call, self, method, observation);
    }

    private void replyWith(
            Object result, GenServerRequest.Call call, Mailbox self, HandlerMethod method, Observation observation) {
        Term reply;
        try {
            reply = !method.returnsValue() || (method.returnsFuture() && result == null)
                    ? Atom.OK
                    : mapper.toTerm(result);
        } catch (RuntimeException e) {
            // a value that does not map is an error of this message: replied, the process runs on
            errors.increment();
            finish(observation, ERROR, e);
            log.warn(
                    "process {}: the value {} returned cannot be mapped to a term; replied an error",
                    name,
                    method.name(),
                    e);
            if (call != null) {
                call.reply(self, errorReply(new HandlerFailure(name, MessageKind.CALL, call.request(), e), self));
            }
            return;
        }
        finish(observation, SUCCESS, null);
        if (call != null) {
            call.reply(self, reply);
        }
    }

    private void failed(
            Exception e,
            MessageKind kind,
            Term payload,
            GenServerRequest.Call call,
            Mailbox self,
            HandlerMethod method,
            Observation observation)
            throws Exception {
        finish(observation, ERROR, e);
        if (e instanceof ProcessStopException stop) {
            log.info("process {}: {} stops the process with {}", name, method.name(), stop.reason());
            self.close(stop.reason());
            return;
        }
        errors.increment();
        Term reply = errorReply(new HandlerFailure(name, kind, payload, e), self);
        if (reply == null) {
            return; // the error handler stopped the process
        }
        if (call != null) {
            call.reply(self, reply);
        }
        if (keepRunningOnError) {
            log.warn("process {}: {} failed on a message; the process keeps running", name, method.name(), e);
            return;
        }
        throw e;
    }

    /** A returned future failed: the process has moved on, so it replies and keeps running (or stops when asked). */
    private void failedLater(
            Throwable error,
            MessageKind kind,
            Term payload,
            GenServerRequest.Call call,
            Mailbox self,
            HandlerMethod method,
            Observation observation) {
        finish(observation, ERROR, error);
        if (error instanceof ProcessStopException stop) {
            self.close(stop.reason());
            return;
        }
        errors.increment();
        log.warn("process {}: the future {} returned failed", name, method.name(), error);
        Term reply = errorReply(new HandlerFailure(name, kind, payload, error), self);
        if (reply != null && call != null) {
            call.reply(self, reply);
        }
    }

    /** The error handler's reply, or null when it stopped the process. */
    private Term errorReply(HandlerFailure failure, Mailbox self) {
        try {
            return errorHandler.handleError(failure);
        } catch (ProcessStopException stop) {
            self.close(stop.reason());
            return null;
        } catch (RuntimeException e) {
            log.error("process {}: the error handler failed; replied the neutral error", name, e);
            return NodeProcessErrorHandler.neutral(false).handleError(failure);
        }
    }

    private static void finish(Observation observation, String outcome, Throwable error) {
        observation.lowCardinalityKeyValue(NodeObservations.OUTCOME, outcome);
        if (error != null) {
            observation.error(error);
        }
        observation.stop();
    }

    /**
     * Returns how many messages no method took, since the process was registered.
     *
     * @return the count
     */
    long unhandledMessages() {
        return unhandled.sum();
    }

    /**
     * Returns how many messages a method failed on.
     *
     * @return the count
     */
    long failedMessages() {
        return errors.sum();
    }

    private HandlerMethod select(Term payload) {
        for (HandlerMethod method : methods) {
            if (method.accepts(payload, mapper)) {
                return method;
            }
        }
        return null;
    }

    private static Term payloadOf(GenServerRequest request) {
        if (request instanceof GenServerRequest.Call call) {
            return call.request();
        }
        return ((GenServerRequest.Cast) request).request();
    }
}

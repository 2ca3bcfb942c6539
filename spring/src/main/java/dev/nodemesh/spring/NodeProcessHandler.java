package dev.nodemesh.spring;

import dev.nodemesh.GenServerRequest;
import dev.nodemesh.Mailbox;
import dev.nodemesh.MessageHandler;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import dev.nodemesh.term.mapping.TermMapper;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Runs a {@link NodeProcess} bean: unwraps gen_server calls and casts, picks the {@link
 * OnMessage} method the message fits, and answers calls with the method's return value.
 */
final class NodeProcessHandler implements MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(NodeProcessHandler.class);
    private static final Atom NO_HANDLER = Atom.of("no_handler");

    private final String name;
    private final List<HandlerMethod> methods;
    private final TermMapper mapper;
    private final boolean keepRunningOnError;

    NodeProcessHandler(String name, Object bean, TermMapper mapper, boolean keepRunningOnError) {
        this.name = name;
        this.mapper = mapper;
        this.keepRunningOnError = keepRunningOnError;
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
        Term payload = request.map(NodeProcessHandler::payloadOf).orElse(message);
        HandlerMethod method = select(payload);
        if (method == null) {
            log.debug("process {}: no @OnMessage method takes {}", name, payload);
            if (call != null) {
                call.reply(self, Tuple.of(Atom.ERROR, NO_HANDLER));
            }
            return;
        }
        Term reply;
        try {
            Object result = method.invoke(payload, call == null ? null : call.from(), mapper);
            reply = method.returnsValue() ? mapper.toTerm(result) : Atom.OK;
        } catch (Exception e) {
            if (call != null) {
                call.reply(self, Tuple.of(Atom.ERROR, Binary.of(e.getClass().getName() + ": " + e.getMessage())));
            }
            if (keepRunningOnError) {
                log.warn("process {}: {} failed on a message; the process keeps running", name, method.name(), e);
                return;
            }
            throw e;
        }
        if (call != null) {
            call.reply(self, reply);
        }
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

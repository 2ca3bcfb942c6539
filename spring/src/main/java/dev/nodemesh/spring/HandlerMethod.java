package dev.nodemesh.spring;

import dev.nodemesh.Down;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.mapping.TermMapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;

/** One {@link OnMessage} method: which messages it takes, and how to call it. */
final class HandlerMethod {

    /** How specific a method's message parameter is; lower goes first. */
    enum Rank {
        JAVA_TYPE,
        TERM_KIND,
        ANY_TERM
    }

    private final Object bean;
    private final Method method;
    private final Class<?> messageType;
    private final Type genericMessageType;
    private final boolean takesCaller;
    private final boolean takesDown;
    private final Rank rank;

    HandlerMethod(Object bean, Method method) {
        int count = method.getParameterCount();
        Class<?>[] types = method.getParameterTypes();
        if (count < 1 || count > 2 || (count == 2 && types[1] != Pid.class)) {
            throw new IllegalStateException("@OnMessage method " + describe(method)
                    + " must take the message and, optionally, the caller's Pid: (Message) or (Message, Pid)");
        }
        this.bean = bean;
        this.method = method;
        this.messageType = types[0];
        this.genericMessageType = method.getGenericParameterTypes()[0];
        this.takesCaller = count == 2;
        // A Down is a signal, delivered as the tuple {'DOWN', Ref, process, Target, Reason}: read
        // as such, not mapped like other records (which come from maps).
        this.takesDown = messageType == Down.class;
        this.rank = messageType == Term.class
                ? Rank.ANY_TERM
                : Term.class.isAssignableFrom(messageType) ? Rank.TERM_KIND : Rank.JAVA_TYPE;
        method.setAccessible(true);
    }

    Rank rank() {
        return rank;
    }

    boolean returnsValue() {
        return method.getReturnType() != void.class && method.getReturnType() != Void.class;
    }

    boolean accepts(Term message, TermMapper mapper) {
        // atoms map to String (for replies and record fields), but a String method does not take
        // an atom message: :ping goes to an Atom, enum or Term method, as before
        if (message instanceof Atom && (messageType == String.class || messageType == CharSequence.class)) {
            return false;
        }
        if (takesDown) {
            return Down.of(message).isPresent();
        }
        if (rank != Rank.JAVA_TYPE) {
            return messageType.isInstance(message);
        }
        return mapper.fits(message, genericMessageType);
    }

    Object invoke(Term message, Pid caller, TermMapper mapper) throws Exception {
        Object argument = takesDown
                ? Down.of(message).orElseThrow()
                : rank == Rank.JAVA_TYPE ? mapper.fromTerm(message, genericMessageType) : message;
        try {
            return takesCaller ? method.invoke(bean, argument, caller) : method.invoke(bean, argument);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    String name() {
        return describe(method);
    }

    static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }
}

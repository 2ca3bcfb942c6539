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

    private static final Term NIL = dev.nodemesh.term.Atom.of("nil");

    private final Object bean;
    private final Method method;
    private final Class<?> messageType;
    private final Type genericMessageType;
    private final int callerIndex;
    private final int kindIndex;
    private final boolean takesDown;
    private final Rank rank;

    HandlerMethod(Object bean, Method method) {
        int count = method.getParameterCount();
        Class<?>[] types = method.getParameterTypes();
        int caller = -1;
        int kind = -1;
        for (int i = 1; i < count; i++) {
            if (types[i] == Pid.class && caller < 0) {
                caller = i;
            } else if (types[i] == MessageKind.class && kind < 0) {
                kind = i;
            } else {
                caller = -2;
            }
        }
        if (count < 1 || caller == -2) {
            throw new IllegalStateException("@OnMessage method " + describe(method)
                    + " must take the message and, optionally, the caller's Pid and the MessageKind:"
                    + " (Message), (Message, Pid), (Message, MessageKind) or (Message, Pid, MessageKind)");
        }
        this.bean = bean;
        this.method = method;
        this.messageType = types[0];
        this.genericMessageType = method.getGenericParameterTypes()[0];
        this.callerIndex = caller;
        this.kindIndex = kind;
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

    /** Whether the method returns a future whose value is the reply ({@code CompletionStage} or a subtype). */
    boolean returnsFuture() {
        return java.util.concurrent.CompletionStage.class.isAssignableFrom(method.getReturnType());
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
        // nil is a message of its own, not an absent one: only Term and Atom parameters take it
        // (it would map to null and so fit every reference type)
        if (NIL.equals(message)) {
            return false;
        }
        return mapper.fits(message, genericMessageType);
    }

    Object invoke(Term message, Pid caller, MessageKind kind, TermMapper mapper) throws Exception {
        Object[] arguments = new Object[method.getParameterCount()];
        arguments[0] = takesDown
                ? Down.of(message).orElseThrow()
                : rank == Rank.JAVA_TYPE ? mapper.fromTerm(message, genericMessageType) : message;
        if (callerIndex > 0) {
            arguments[callerIndex] = caller;
        }
        if (kindIndex > 0) {
            arguments[kindIndex] = kind;
        }
        try {
            return method.invoke(bean, arguments);
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

package dev.nodemesh.spring;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;

/**
 * Decides what the caller of a gen_server call receives when an {@link OnMessage} method throws
 * (or the future it returned fails), as {@code RabbitListenerErrorHandler} does for Rabbit
 * listeners. Declare one as a bean to replace the default. It may throw a {@link
 * ProcessStopException} to stop the process instead of replying.
 *
 * <p>The {@link #neutral(boolean) default} replies {@code {:error, Reason}}: the reason of a
 * {@link NodeProcessException}, otherwise the exception's message as a binary ({@code
 * :handler_error} when it has none), without Java class names unless asked for.
 */
@FunctionalInterface
public interface NodeProcessErrorHandler {

    /**
     * Returns the reply to a call whose method failed. For casts and plain messages it is called
     * too (its reply is dropped), so it may log or count every failure.
     *
     * @param failure the process, the message and the error
     * @return the reply term
     */
    Term handleError(HandlerFailure failure);

    /**
     * The default handler.
     *
     * @param includeExceptionClass whether the reason names the exception's class ({@code
     *     "java.lang.IllegalStateException: boom"}), useful in development only
     * @return the handler
     */
    static NodeProcessErrorHandler neutral(boolean includeExceptionClass) {
        Atom handlerError = Atom.of("handler_error");
        return failure -> {
            Throwable error = failure.error();
            if (error instanceof NodeProcessException chosen) {
                return Tuple.of(Atom.ERROR, chosen.reason());
            }
            if (includeExceptionClass) {
                return Tuple.of(Atom.ERROR, Binary.of(error.getClass().getName() + ": " + error.getMessage()));
            }
            return Tuple.of(Atom.ERROR, error.getMessage() == null ? handlerError : Binary.of(error.getMessage()));
        };
    }
}

package dev.nodemesh.spring;

import dev.nodemesh.term.Term;

/**
 * An {@link OnMessage} method that failed, as a {@link NodeProcessErrorHandler} sees it.
 *
 * @param process the {@link NodeProcess} name
 * @param kind how the message came
 * @param message the message (for a call, the request)
 * @param error what the method threw, or what its returned future failed with
 */
public record HandlerFailure(String process, MessageKind kind, Term message, Throwable error) {}

package dev.nodemesh.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a method of a {@link NodeProcess} bean that handles messages.
 *
 * <p>The first parameter decides which messages the method takes: a Java type (a record, {@code
 * String}, a number, an enum…) takes messages that map to it; a term type ({@code Atom}, {@code
 * Tuple}, {@code TermMap}, …) takes messages of that kind; {@code Term} takes everything. Methods
 * with Java types are tried first, then term kinds, then {@code Term}; the atom {@code nil} fits
 * only term kinds and {@code Term} (it would map to null and so fit every Java type). Optional
 * further parameters: a {@code Pid}, the caller of a gen_server call (null for plain messages and
 * casts), and a {@link MessageKind}, which tells calls, casts and plain messages apart. For a
 * gen_server call, the message is the request and the return value the reply; a returned {@code
 * CompletionStage} is replied when it completes, without holding the process or a thread. A
 * method that throws is answered as the {@link NodeProcessErrorHandler} says; a {@link
 * ProcessStopException} stops the process instead.
 *
 * <p>Ready for ahead-of-time processing and native images: the annotation is {@link Reflective},
 * so Spring's AOT engine registers each such method of a bean for invocation, and the Java types
 * of its message and return value (records, their component types, enums) for the reflection the
 * {@code TermMapper} uses ({@link OnMessageReflectiveProcessor}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(OnMessageReflectiveProcessor.class)
public @interface OnMessage {}

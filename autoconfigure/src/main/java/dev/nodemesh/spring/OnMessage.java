package dev.nodemesh.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link NodeProcess} bean that handles messages.
 *
 * <p>The first parameter decides which messages the method takes: a Java type (a record, {@code
 * String}, a number, an enum…) takes messages that map to it; a term type ({@code Atom}, {@code
 * Tuple}, {@code TermMap}, …) takes messages of that kind; {@code Term} takes everything. Methods
 * with Java types are tried first, then term kinds, then {@code Term}. An optional second
 * parameter of type {@code Pid} receives the caller of a gen_server call (null for plain
 * messages and casts). For a gen_server call, the message is the request.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnMessage {}

package dev.nodemesh.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a bean a named process of the application's node: a mailbox registered under {@link
 * #value()}, so that {@code send({:greeter, :"chip@host"}, msg)} and {@code
 * GenServer.call({:greeter, :"chip@host"}, request)} from Elixir reach it.
 *
 * <p>Each message goes to the bean's {@link OnMessage} method whose parameter fits it; one
 * message at a time, in order. A method's return value answers a gen_server call; a {@code void}
 * method serves sends and casts (a call to it is answered {@code :ok}).
 *
 * <pre>{@code
 * @NodeProcess("greeter")
 * class Greeter {
 *     @OnMessage
 *     String greet(Greeting greeting) {           // {:greet, "dale"} as a record, say
 *         return "Hello, " + greeting.name() + "!";
 *     }
 *
 *     @OnMessage
 *     void other(Term anything) {                  // everything else
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NodeProcess {

    /**
     * The name the process is registered under on the node; {@code ${...}} placeholders are
     * resolved from the environment ({@code @NodeProcess("${app.process-name}")}).
     *
     * @return the registered name
     */
    String value();

    /**
     * How many messages may wait; 0 means the node's default capacity.
     *
     * @return the capacity
     */
    int capacity() default 0;

    /**
     * How many bytes the waiting messages may take (their encoded size); 0 means the node's
     * default, {@code nodemesh.mailbox.default-max-bytes}.
     *
     * @return the byte bound
     */
    long maxBytes() default 0;

    /**
     * Whether the process keeps running after a handler method throws (the error is logged, and a
     * caller gets {@code {:error, message}}); when false, the process ends with the error as its
     * exit reason, which its monitors and links see.
     *
     * @return whether to keep running on errors
     */
    boolean keepRunningOnError() default true;

    /**
     * Whether the process also takes {@link #value()} as a cluster-wide name in Erlang's {@code
     * global} ({@code Node.global()}), so that {@code GenServer.call({:global, :orders}, request)}
     * reaches it from any node of the cluster. The local name is registered either way. When
     * another node's process holds the global name already (another instance of the application,
     * say), this one serves its local name only and the registrar logs it; after a restart the new
     * mailbox takes the global name again if it is free. Needs a visible node for BEAM nodes to see
     * the name.
     *
     * @return whether to register the name globally too
     */
    boolean global() default false;

    /**
     * The process groups the process joins when it starts (and again after a restart) and leaves
     * when it stops, each named by an atom ({@code "orders-events"} is {@code :"orders-events"});
     * {@code ${...}} placeholders are resolved. Every node of the scope sees the membership, BEAM
     * nodes running {@code pg} included; {@link NodeTemplate#publish(String, Object)} reaches the
     * process.
     *
     * @return the groups' names
     */
    String[] groups() default {};

    /**
     * The process group scope that {@link #groups()} belong to: {@code pg} (the default scope,
     * {@code :pg.join/2}'s) or one of {@code nodemesh.groups.scopes}.
     *
     * @return the scope's name
     */
    String groupScope() default "pg";
}

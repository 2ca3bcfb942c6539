package dev.nodemesh.spring;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a blocking {@link NodeTemplate#call} made from a {@link NodeProcess} handler on a
 * platform dispatch thread, which serves no other process while it waits, and warns once per JVM.
 * On a virtual thread (JDK 21+, {@code spring.threads.virtual.enabled=true}) the wait is cheap and
 * nothing is logged.
 */
final class BlockingCallCheck {

    private static final Logger log = LoggerFactory.getLogger(NodeTemplate.class);
    private static final ThreadLocal<String> HANDLING = new ThreadLocal<>();
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private BlockingCallCheck() {}

    /** Marks the current thread as running a handler of a process, until {@link #leave()}. */
    static void enter(String process) {
        HANDLING.set(process);
    }

    static void leave() {
        HANDLING.remove();
    }

    /**
     * Called before a blocking call waits.
     *
     * @return whether this call was the one warned about
     */
    static boolean check(Object target) {
        String process = HANDLING.get();
        if (process == null || isVirtual(Thread.currentThread()) || !WARNED.compareAndSet(false, true)) {
            return false;
        }
        log.warn(
                "process '{}' calls {} with NodeTemplate.call from its handler: the dispatch thread {} serves no"
                        + " other process until the reply comes. Use callAsync and return the CompletableFuture,"
                        + " run handlers on virtual threads (spring.threads.virtual.enabled=true on JDK 21+),"
                        + " or raise nodemesh.mailbox.dispatch-threads. (logged once)",
                process,
                target,
                Thread.currentThread().getName());
        return true;
    }

    /** Lets the next blocking call warn again; for tests. */
    static void reset() {
        WARNED.set(false);
    }

    static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup()
                    .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null; // JDK 17: no virtual threads
        }
    }
}

package dev.nodemesh.spring;

import dev.nodemesh.Mailbox;
import dev.nodemesh.MailboxOptions;
import dev.nodemesh.Node;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.mapping.TermMapper;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.EmbeddedValueResolverAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.StringValueResolver;

/**
 * Finds the {@link NodeProcess} beans and, once the node runs, registers a mailbox for each that
 * hands its messages to the bean; on stop the mailboxes close (reason {@code shutdown}).
 *
 * <p>It supervises them as {@link ProcessSupervision} says: a mailbox that ends for any reason but
 * {@code shutdown} (a peer's {@code Process.exit(pid, :kill)}, a handler's error) is registered
 * again under the same name, with a new pid and the same bean, after a back-off; each restart is
 * logged and counted ({@link #status}). Beyond the restart intensity the process is given up and
 * reported {@link ProcessStatus.State#DOWN}.
 *
 * <p>Its phase is below the node lifecycle's, so the processes exist before the node accepts
 * connections; that also puts its own stop after the node's close. A {@link NodeProcessShutdown}
 * in a phase above the node's stops it first, so that the mailboxes close with {@code shutdown}
 * while the connections are open; stopping ends the supervision before closing anything, so no
 * process is restarted while the application stops.
 */
public class NodeProcessRegistrar
        implements BeanPostProcessor, SmartLifecycle, DisposableBean, EmbeddedValueResolverAware {

    private static final Logger log = LoggerFactory.getLogger(NodeProcessRegistrar.class);
    private static final Atom SHUTDOWN = Atom.of("shutdown");

    private final Supplier<Node> node;
    private final Supplier<TermMapper> mapper;
    private final Supplier<ProcessSupervision> supervision;
    private final int phase;
    private final Map<String, Object> processes = new LinkedHashMap<>();
    private final Map<String, Supervised> supervised = new LinkedHashMap<>();
    private final Map<String, NodeProcessHandler> handlers = new java.util.concurrent.ConcurrentHashMap<>();
    private ScheduledExecutorService restarter;
    private volatile boolean running;
    private StringValueResolver placeholders;
    private Supplier<NodeProcessErrorHandler> errorHandler = () -> NodeProcessErrorHandler.neutral(false);
    private Supplier<ObservationRegistry> observations = () -> ObservationRegistry.NOOP;

    /**
     * Creates the registrar with the {@link ProcessSupervision#defaults() default supervision}.
     *
     * @param node the running node, looked up when the registrar starts
     * @param mapper the term mapper for messages and replies
     * @param phase the lifecycle phase: before the node lifecycle's, so the processes exist before
     *     the startup connections begin
     */
    public NodeProcessRegistrar(Supplier<Node> node, Supplier<TermMapper> mapper, int phase) {
        this(node, mapper, ProcessSupervision::defaults, phase);
    }

    /**
     * Creates the registrar.
     *
     * @param node the running node, looked up when the registrar starts
     * @param mapper the term mapper for messages and replies
     * @param supervision how the processes are restarted, looked up when the registrar starts
     * @param phase the lifecycle phase: before the node lifecycle's, so the processes exist before
     *     the node accepts connections and the startup connections begin
     */
    public NodeProcessRegistrar(
            Supplier<Node> node, Supplier<TermMapper> mapper, Supplier<ProcessSupervision> supervision, int phase) {
        this.node = node;
        this.mapper = mapper;
        this.supervision = supervision;
        this.phase = phase;
    }

    /**
     * Sets what replies to a call whose handler failed; the default is {@link
     * NodeProcessErrorHandler#neutral(boolean) neutral(false)}.
     *
     * @param errorHandler the error handler, looked up when the registrar starts
     */
    public void setErrorHandler(Supplier<NodeProcessErrorHandler> errorHandler) {
        this.errorHandler = errorHandler;
    }

    /**
     * Sets where the handlers' observations go; by default nowhere.
     *
     * @param observations the registry, looked up when the registrar starts
     */
    public void setObservationRegistry(Supplier<ObservationRegistry> observations) {
        this.observations = observations;
    }

    /** Resolves {@code ${...}} placeholders in {@link NodeProcess#value()}. */
    @Override
    public void setEmbeddedValueResolver(StringValueResolver resolver) {
        this.placeholders = resolver;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        NodeProcess annotation = AnnotationUtils.findAnnotation(AopUtils.getTargetClass(bean), NodeProcess.class);
        if (annotation != null) {
            String name =
                    placeholders == null ? annotation.value() : placeholders.resolveStringValue(annotation.value());
            if (name == null || name.isBlank()) {
                throw new IllegalStateException(
                        "@NodeProcess(\"" + annotation.value() + "\") of bean '" + beanName + "' resolves to no name");
            }
            Object previous = processes.putIfAbsent(name, bean);
            if (previous != null && previous != bean) {
                throw new IllegalStateException("two beans are @NodeProcess(\"" + name + "\"): '" + beanName
                        + "' and another; give each process its own name");
            }
        }
        return bean;
    }

    private String resolve(String value) {
        return placeholders == null ? value : placeholders.resolveStringValue(value);
    }

    @Override
    public void start() {
        if (processes.isEmpty()) {
            // nothing to register: the node is not looked up (the context may have several)
            running = true;
            return;
        }
        Node target = node.get();
        TermMapper termMapper = mapper.get();
        ProcessSupervision policy = supervision.get();
        NodeProcessErrorHandler onError = errorHandler.get();
        ObservationRegistry registry = observations.get();
        synchronized (this) {
            restarter = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "nodemesh-" + target.name().alive() + "-supervisor");
                thread.setDaemon(true);
                return thread;
            });
            for (Map.Entry<String, Object> entry : processes.entrySet()) {
                NodeProcess annotation =
                        AnnotationUtils.findAnnotation(AopUtils.getTargetClass(entry.getValue()), NodeProcess.class);
                NodeProcessHandler handler = new NodeProcessHandler(
                        entry.getKey(),
                        entry.getValue(),
                        termMapper,
                        annotation.keepRunningOnError(),
                        onError,
                        registry);
                handlers.put(entry.getKey(), handler);
                Supervised process = new Supervised(entry.getKey(), target, policy, annotation.global());
                process.groups = GroupMemberships.of(target, annotation, this::resolve);
                MailboxOptions.Builder options = MailboxOptions.builder()
                        .name(entry.getKey())
                        .handler(handler)
                        .ignoreKill(policy.ignoreKill())
                        .onExit(process::exited);
                if (annotation.capacity() > 0) {
                    options.capacity(annotation.capacity());
                }
                if (annotation.maxBytes() > 0) {
                    options.maxBytes(annotation.maxBytes());
                }
                process.options = options.build();
                supervised.put(entry.getKey(), process);
            }
            running = true;
            for (Supervised process : supervised.values()) {
                process.mailbox = target.createMailbox(process.options);
                process.groups.join(process.mailbox);
                process.state = ProcessStatus.State.RUNNING;
                process.registerGlobally();
                log.debug("process '{}' registered on {}", process.name, target.name());
            }
        }
    }

    @Override
    public void stop() {
        List<Mailbox> open;
        synchronized (this) {
            running = false;
            open = supervised.values().stream()
                    .map(process -> process.mailbox)
                    .filter(mailbox -> mailbox != null)
                    .toList();
            supervised.values().forEach(process -> {
                if (process.mailbox != null) {
                    process.groups.leave(process.mailbox);
                }
            });
            supervised.clear();
            if (restarter != null) {
                restarter.shutdownNow();
                restarter = null;
            }
        }
        open.forEach(mailbox -> mailbox.close(SHUTDOWN));
    }

    /** Stops the restarts and closes the mailboxes, when the context ends without stopping (a failed start). */
    @Override
    public void destroy() {
        stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    /**
     * Returns the mailbox of a running process, for example to monitor something from it so that
     * the Down message reaches the process. After a restart the process has a new mailbox.
     *
     * @param name the registered name
     * @return the mailbox, while the process runs
     */
    public synchronized Optional<Mailbox> mailbox(String name) {
        Supervised process = supervised.get(name);
        return process == null ? Optional.empty() : Optional.ofNullable(process.mailbox);
    }

    /**
     * Returns how many messages a full mailbox of a process dropped, over all its mailboxes
     * (restarts included) since the registrar started.
     *
     * @param name the registered name
     * @return the count; zero for an unknown or stopped process
     */
    public synchronized long droppedMessages(String name) {
        Supervised process = supervised.get(name);
        if (process == null) {
            return 0;
        }
        return process.droppedBefore + (process.mailbox == null ? 0 : process.mailbox.droppedMessages());
    }

    /**
     * Returns how many messages may wait in the mailbox of a running process.
     *
     * @param name the registered name
     * @return the capacity, while the process runs
     */
    public synchronized java.util.OptionalInt capacity(String name) {
        Supervised process = supervised.get(name);
        return process == null || process.mailbox == null
                ? java.util.OptionalInt.empty()
                : java.util.OptionalInt.of(process.mailbox.capacity());
    }

    /**
     * Returns how many messages of a process no {@link OnMessage} method took, since it was first
     * registered.
     *
     * @param name the registered name
     * @return the count; zero for an unknown or not yet started process
     */
    public long unhandledMessages(String name) {
        NodeProcessHandler handler = handlers.get(name);
        return handler == null ? 0 : handler.unhandledMessages();
    }

    /**
     * Returns how many messages of a process a method failed on, since it was first registered.
     *
     * @param name the registered name
     * @return the count; zero for an unknown or not yet started process
     */
    public long failedMessages(String name) {
        NodeProcessHandler handler = handlers.get(name);
        return handler == null ? 0 : handler.failedMessages();
    }

    /**
     * Returns the names of the processes found.
     *
     * @return the registered names
     */
    public List<String> processNames() {
        return List.copyOf(processes.keySet());
    }

    /**
     * Tells what a process is doing: running, restarting or given up, and how often it was
     * restarted.
     *
     * @param name the registered name
     * @return the status, or empty when no {@link NodeProcess} bean has that name
     */
    public synchronized Optional<ProcessStatus> status(String name) {
        Supervised process = supervised.get(name);
        if (process != null) {
            return Optional.of(process.status());
        }
        return processes.containsKey(name)
                ? Optional.of(
                        new ProcessStatus(name, ProcessStatus.State.STOPPED, Optional.empty(), 0, Optional.empty()))
                : Optional.empty();
    }

    /**
     * Returns the status of every process, in the order the beans were found.
     *
     * @return the statuses
     */
    public synchronized List<ProcessStatus> statuses() {
        return processNames().stream().map(name -> status(name).orElseThrow()).toList();
    }

    /** One supervised process; guarded by the registrar's lock. */
    private final class Supervised {

        final String name;
        final Node node;
        final ProcessSupervision policy;
        final boolean global;
        final ArrayDeque<Long> recentRestarts = new ArrayDeque<>();
        MailboxOptions options;
        GroupMemberships groups = GroupMemberships.NONE;
        Mailbox mailbox;
        ProcessStatus.State state = ProcessStatus.State.STOPPED;
        long restarts;
        long droppedBefore;
        Term lastExitReason;

        Supervised(String name, Node node, ProcessSupervision policy, boolean global) {
            this.name = name;
            this.node = node;
            this.policy = policy;
            this.global = global;
        }

        /** Takes the process's name in global too, for {@code @NodeProcess(global = true)}. */
        void registerGlobally() {
            if (!global || mailbox == null) {
                return;
            }
            try {
                if (!node.global().register(name, mailbox)) {
                    log.warn(
                            "process '{}' ({}) could not take the global name '{}': {} has it; it serves its"
                                    + " local name only",
                            name,
                            mailbox.pid(),
                            name,
                            node.global().whereis(name).map(Object::toString).orElse("another process"));
                }
            } catch (IllegalStateException e) {
                log.warn("process '{}' could not take the global name: {}", name, e.getMessage());
            }
        }

        ProcessStatus status() {
            return new ProcessStatus(
                    name,
                    state,
                    Optional.ofNullable(mailbox).map(Mailbox::pid),
                    restarts,
                    Optional.ofNullable(lastExitReason).map(Term::toString));
        }

        /** The mailbox ended; called on the thread that ended it, so only schedules the restart. */
        void exited(Mailbox ended, Term reason) {
            synchronized (NodeProcessRegistrar.this) {
                if (!running || ended != mailbox) {
                    return;
                }
                mailbox = null;
                droppedBefore += ended.droppedMessages();
                lastExitReason = reason;
                if (SHUTDOWN.equals(reason)) {
                    state = ProcessStatus.State.STOPPED;
                    return;
                }
                long now = System.nanoTime();
                while (!recentRestarts.isEmpty()
                        && now - recentRestarts.peekFirst() > policy.period().toNanos()) {
                    recentRestarts.pollFirst();
                }
                if (recentRestarts.size() >= policy.maxRestarts()) {
                    giveUp(ended, reason);
                    return;
                }
                recentRestarts.addLast(now);
                Duration wait = policy.backoffBefore(recentRestarts.size());
                state = ProcessStatus.State.RESTARTING;
                log.warn(
                        "process '{}' ({}) exited with {}; restarting it in {} ms (restart {} of at most {} within {} s)",
                        name,
                        ended.pid(),
                        reason,
                        wait.toMillis(),
                        recentRestarts.size(),
                        policy.maxRestarts(),
                        policy.period().toSeconds());
                try {
                    restarter.schedule(this::restart, wait.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    state = ProcessStatus.State.STOPPED;
                }
            }
        }

        private void giveUp(Mailbox ended, Term reason) {
            state = ProcessStatus.State.DOWN;
            log.error(
                    "process '{}' ({}) exited with {}; it was restarted {} times within {} s, the most allowed:"
                            + " it stays down and health reports it DOWN",
                    name,
                    ended.pid(),
                    reason,
                    recentRestarts.size(),
                    policy.period().toSeconds());
        }

        private void restart() {
            synchronized (NodeProcessRegistrar.this) {
                if (!running || state != ProcessStatus.State.RESTARTING) {
                    return;
                }
                try {
                    mailbox = node.createMailbox(options);
                    groups.join(mailbox);
                } catch (IllegalStateException e) {
                    state = ProcessStatus.State.DOWN;
                    log.error("process '{}' could not be restarted: {}; it stays down", name, e.getMessage());
                    return;
                }
                restarts++;
                state = ProcessStatus.State.RUNNING;
                registerGlobally();
                log.info("process '{}' restarted as {} (restart {})", name, mailbox.pid(), restarts);
            }
        }
    }
}

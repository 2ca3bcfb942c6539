package dev.nodemesh.spring;

import dev.nodemesh.Mailbox;
import dev.nodemesh.MailboxOptions;
import dev.nodemesh.Node;
import dev.nodemesh.term.mapping.TermMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Finds the {@link NodeProcess} beans and, once the node runs, registers a mailbox for each that
 * hands its messages to the bean; on stop the mailboxes close (reason {@code shutdown}).
 */
public class NodeProcessRegistrar implements BeanPostProcessor, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NodeProcessRegistrar.class);

    private final Supplier<Node> node;
    private final Supplier<TermMapper> mapper;
    private final int phase;
    private final Map<String, Object> processes = new LinkedHashMap<>();
    private final Map<String, Mailbox> mailboxes = new LinkedHashMap<>();
    private volatile boolean running;

    /**
     * Creates the registrar.
     *
     * @param node the running node, looked up when the registrar starts
     * @param mapper the term mapper for messages and replies
     * @param phase the lifecycle phase: before the node lifecycle's, so the processes exist before
     *     the startup connections begin
     */
    public NodeProcessRegistrar(Supplier<Node> node, Supplier<TermMapper> mapper, int phase) {
        this.node = node;
        this.mapper = mapper;
        this.phase = phase;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        NodeProcess annotation = AnnotationUtils.findAnnotation(AopUtils.getTargetClass(bean), NodeProcess.class);
        if (annotation != null) {
            Object previous = processes.putIfAbsent(annotation.value(), bean);
            if (previous != null && previous != bean) {
                throw new IllegalStateException("two beans are @NodeProcess(\"" + annotation.value() + "\"): '"
                        + beanName + "' and another; give each process its own name");
            }
        }
        return bean;
    }

    @Override
    public void start() {
        Node target = node.get();
        TermMapper termMapper = mapper.get();
        for (Map.Entry<String, Object> entry : processes.entrySet()) {
            NodeProcess annotation =
                    AnnotationUtils.findAnnotation(AopUtils.getTargetClass(entry.getValue()), NodeProcess.class);
            NodeProcessHandler handler = new NodeProcessHandler(
                    entry.getKey(), entry.getValue(), termMapper, annotation.keepRunningOnError());
            MailboxOptions.Builder options =
                    MailboxOptions.builder().name(entry.getKey()).handler(handler);
            if (annotation.capacity() > 0) {
                options.capacity(annotation.capacity());
            }
            if (annotation.maxBytes() > 0) {
                options.maxBytes(annotation.maxBytes());
            }
            mailboxes.put(entry.getKey(), target.createMailbox(options.build()));
            log.debug("process '{}' registered on {}", entry.getKey(), target.name());
        }
        running = true;
    }

    @Override
    public void stop() {
        for (Mailbox mailbox : mailboxes.values()) {
            mailbox.close(dev.nodemesh.term.Atom.of("shutdown"));
        }
        mailboxes.clear();
        running = false;
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
     * the Down message reaches the process.
     *
     * @param name the registered name
     * @return the mailbox, while the registrar runs
     */
    public Optional<Mailbox> mailbox(String name) {
        return Optional.ofNullable(mailboxes.get(name));
    }

    /**
     * Returns the names of the processes found.
     *
     * @return the registered names
     */
    public List<String> processNames() {
        return List.copyOf(processes.keySet());
    }
}

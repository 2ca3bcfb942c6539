package dev.nodemesh.autoconfigure;

import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.NodeName;
import dev.nodemesh.autoconfigure.discovery.DiscoveryPoller;
import dev.nodemesh.autoconfigure.discovery.DiscoveryStrategy;
import dev.nodemesh.autoconfigure.event.NodeEventPublisher;
import dev.nodemesh.spring.CallObserver;
import dev.nodemesh.spring.NodeProcess;
import dev.nodemesh.spring.NodeProcessErrorHandler;
import dev.nodemesh.spring.NodeProcessRegistrar;
import dev.nodemesh.spring.NodeProcessShutdown;
import dev.nodemesh.spring.NodeTemplate;
import dev.nodemesh.spring.ProcessSupervision;
import dev.nodemesh.term.mapping.TermMapper;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the application's {@link Node}: its {@link NodeConfig} from {@link
 * NodemeshProperties} and {@link NodeConfigCustomizer}s, the node itself, the {@link NodeLifecycle}
 * that connects to the startup nodes and closes the node on shutdown, the publisher of node
 * events, the {@link NodeTemplate}, and the registrar of {@link NodeProcess} beans. Every bean backs off when the application defines its own; {@code nodemesh.enabled=false}
 * turns it all off.
 *
 * <p>The beans that take the node need a single candidate: with several {@link Node} beans of
 * the application's, they use the {@code @Primary} one, and without one they back off (the
 * application then runs and closes its nodes itself); {@link NodeProcess} beans then fail startup,
 * saying to mark one node {@code @Primary}.
 */
@AutoConfiguration
@ConditionalOnClass(Node.class)
@ConditionalOnBooleanProperty(name = "nodemesh.enabled", matchIfMissing = true)
@EnableConfigurationProperties(NodemeshProperties.class)
public final class NodemeshAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(Node.class)
    NodeLifecycle nodemeshNodeLifecycle(
            Node node,
            NodemeshProperties properties,
            ApplicationEventPublisher eventPublisher,
            ObjectProvider<DiscoveryStrategy> discoveryStrategies) {
        NodemeshProperties.Connect connect = properties.getConnect();
        List<NodeName> peers = ConfiguredNodeNames.parse("nodemesh.connect.nodes", connect.getNodes());
        Duration initial = positive("nodemesh.connect.initial-backoff", connect.getInitialBackoff());
        Duration max = notShorter(
                "nodemesh.connect.max-backoff", connect.getMaxBackoff(), "nodemesh.connect.initial-backoff", initial);
        StartupConnections connections = new StartupConnections(node, List.of(), initial, max, eventPublisher);
        NodemeshProperties.Discovery discovery = properties.getDiscovery();
        Duration interval = positive("nodemesh.discovery.interval", discovery.getInterval());
        if (discovery.getMaxMembers() < 1) {
            throw new InvalidConfigurationPropertyValueException(
                    "nodemesh.discovery.max-members", discovery.getMaxMembers(), "it must be 1 or more");
        }
        List<DiscoveryStrategy> strategies = new ArrayList<>(DiscoveryStrategies.fromConnect(peers));
        strategies.addAll(DiscoveryStrategies.dns(discovery.getDns(), node.name()));
        discoveryStrategies.orderedStream().forEach(strategies::add);
        DiscoveryPoller poller =
                new DiscoveryPoller(strategies, node.name(), interval, discovery.getMaxMembers(), connections);
        return new NodeLifecycle(node, connections, poller);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(Node.class)
    NodeEventPublisher nodemeshNodeEventPublisher(Node node, ApplicationEventPublisher eventPublisher) {
        return new NodeEventPublisher(node, eventPublisher);
    }

    @Bean
    @ConditionalOnMissingBean
    TermMapper nodemeshTermMapper() {
        return TermMapper.standard();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(Node.class)
    NodeTemplate nodemeshNodeTemplate(
            Node node,
            TermMapper mapper,
            NodemeshProperties properties,
            ObjectProvider<CallObserver> observers,
            ObjectProvider<ObservationRegistry> observations) {
        List<CallObserver> all = observers.orderedStream().toList();
        Duration timeout =
                positive("nodemesh.call.default-timeout", properties.getCall().getDefaultTimeout());
        return new NodeTemplate(
                node,
                mapper,
                timeout,
                elapsed -> all.forEach(o -> o.callCompleted(elapsed)),
                observations.getIfUnique(() -> ObservationRegistry.NOOP));
    }

    /**
     * Registers the {@link NodeProcess} beans as named processes once the node runs, and restarts
     * them as {@code nodemesh.process.*} says; static, as a bean post-processor must be, and lazy
     * about the node and the properties so that neither is created early.
     */
    @Bean
    @ConditionalOnMissingBean
    static NodeProcessRegistrar nodemeshProcessRegistrar(
            ObjectProvider<Node> node,
            ObjectProvider<TermMapper> mapper,
            ObjectProvider<NodemeshProperties> properties,
            ObjectProvider<NodeProcessErrorHandler> errorHandler,
            ObjectProvider<ObservationRegistry> observations) {
        NodeProcessRegistrar registrar = new NodeProcessRegistrar(
                () -> singleNode(node),
                mapper::getObject,
                () -> supervision(properties.getObject().getProcess()),
                NodeLifecycle.PHASE - 1);
        registrar.setErrorHandler(() -> errorHandler.getIfUnique(() -> NodeProcessErrorHandler.neutral(
                properties.getObject().getProcess().isIncludeExceptionClass())));
        registrar.setObservationRegistry(() -> observations.getIfUnique(() -> ObservationRegistry.NOOP));
        return registrar;
    }

    /**
     * Closes the {@link NodeProcess} mailboxes, with reason {@code shutdown} and no restart, in a
     * phase that stops before the node lifecycle's: remote monitors and links see {@code shutdown}
     * while the connections are still open, not {@code noconnection}.
     */
    @Bean
    @ConditionalOnMissingBean
    static NodeProcessShutdown nodemeshProcessShutdown(NodeProcessRegistrar registrar) {
        return new NodeProcessShutdown(registrar, NodeLifecycle.PHASE + 1);
    }

    /** The node the processes run on: the only one, or the primary one among several. */
    private static Node singleNode(ObjectProvider<Node> nodes) {
        Node node = nodes.getIfUnique();
        if (node == null) {
            throw new IllegalStateException("@NodeProcess beans run on the application's Node, but the context has "
                    + nodes.stream().count() + " Node beans and none is @Primary; mark the one they run on @Primary");
        }
        return node;
    }

    static ProcessSupervision supervision(NodemeshProperties.Processes process) {
        if (process.getMaxRestarts() < 0) {
            throw new InvalidConfigurationPropertyValueException(
                    "nodemesh.process.max-restarts", process.getMaxRestarts(), "it must be 0 (never restart) or more");
        }
        Duration period = positive("nodemesh.process.restart-period", process.getRestartPeriod());
        Duration backoff = positive("nodemesh.process.restart-backoff", process.getRestartBackoff());
        Duration maxBackoff = notShorter(
                "nodemesh.process.max-restart-backoff",
                process.getMaxRestartBackoff(),
                "nodemesh.process.restart-backoff",
                backoff);
        return new ProcessSupervision(process.getMaxRestarts(), period, backoff, maxBackoff, process.isIgnoreKill());
    }

    /** The node built from the properties, unless the application defines its own {@link Node}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(Node.class)
    static class NodeConfiguration {

        @Bean
        @ConditionalOnMissingBean
        NodeConfig nodemeshNodeConfig(
                NodemeshProperties properties,
                Environment environment,
                ObjectProvider<NodeConfigCustomizer> customizers) {
            NodeConfig.Builder builder = new NodeConfigFactory(properties, environment).createBuilder();
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            return builder.build();
        }

        /**
         * Starts the node; when its port is taken or its name registered by another node, the
         * failure names the property that chooses another ({@link NodeStartFailureAnalyzer}).
         */
        @Bean
        Node nodemeshNode(NodeConfig config) throws IOException {
            try {
                return Node.start(config);
            } catch (IOException e) {
                Optional<NodeStartException> explained = NodeStartFailures.explain(config, e);
                if (explained.isPresent()) {
                    throw explained.get();
                }
                throw e;
            }
        }
    }

    /** A positive longest back-off, no shorter than the (checked) first one. */
    private static Duration notShorter(String property, Duration value, String initialProperty, Duration initial) {
        Duration max = positive(property, value);
        if (max.compareTo(initial) < 0) {
            throw new InvalidConfigurationPropertyValueException(
                    property, max, "it must not be shorter than " + initialProperty + " (" + initial + ")");
        }
        return max;
    }

    private static Duration positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidConfigurationPropertyValueException(
                    property, value, "it must be a positive duration, such as 1s");
        }
        return value;
    }
}

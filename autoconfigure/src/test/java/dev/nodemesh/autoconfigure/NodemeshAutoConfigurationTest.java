package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nodemesh.Cookie;
import dev.nodemesh.EpmdMode;
import dev.nodemesh.IoTransport;
import dev.nodemesh.NameMode;
import dev.nodemesh.Node;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.OverflowPolicy;
import dev.nodemesh.autoconfigure.event.NodeEventPublisher;
import dev.nodemesh.term.etf.EtfLimits;
import dev.nodemesh.testsupport.Slow;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.mock.env.MockEnvironment;

@Slow
class NodemeshAutoConfigurationTest {

    private final TestNodeProperties nodes = new TestNodeProperties();

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NodemeshAutoConfiguration.class));

    @Test
    void whenConfiguredShouldRunNodeListeningAndRegistered() {
        runner.withPropertyValues(nodes.node("chip")).run(context -> {
            assertThat(context).hasSingleBean(NodemeshProperties.class);
            assertThat(context).hasSingleBean(NodeConfig.class);
            assertThat(context).hasSingleBean(Node.class);
            assertThat(context).hasSingleBean(NodeLifecycle.class);
            assertThat(context).hasSingleBean(NodeEventPublisher.class);
            Node node = context.getBean(Node.class);
            assertThat(node.name()).hasToString("chip@localhost");
            assertThat(node.address().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(node.address().getPort()).isPositive();
            assertThat(node.hostsEmbeddedEpmd()).isTrue();
            assertThat(node.cookieSource()).isEqualTo("explicit");
            assertThat(context.getBean(NodeLifecycle.class).isRunning()).isTrue();
            assertThat(context.getBean(NodeLifecycle.class).node()).isSameAs(node);
        });
    }

    @Test
    void whenDisabledShouldCreateNoBeans() {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.enabled=false")).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(NodemeshProperties.class);
            assertThat(context).doesNotHaveBean(NodeConfig.class);
            assertThat(context).doesNotHaveBean(Node.class);
            assertThat(context).doesNotHaveBean(NodeLifecycle.class);
            assertThat(context).doesNotHaveBean(NodeEventPublisher.class);
        });
    }

    @Test
    void whenNodeNameIsNotSetShouldUseApplicationName() {
        String[] properties =
                nodes.node("ignored", "nodemesh.node.name=", "spring.application.name=chip-app@localhost");
        runner.withPropertyValues(properties)
                .run(context -> assertThat(context.getBean(Node.class).name()).hasToString("chip-app@localhost"));
    }

    @Test
    void whenBareNodeNameShouldAddThisHostsName() {
        runner.withPropertyValues(nodes.node("ignored", "nodemesh.node.name=chip"))
                .run(context -> {
                    NodeConfig config = context.getBean(NodeConfig.class);
                    assertThat(config.name().alive()).isEqualTo("chip");
                    assertThat(config.name().mode()).isEqualTo(NameMode.SHORT);
                    assertThat(config.name().host()).doesNotContain(".");
                });
    }

    @Test
    void propertiesShouldReachTheNodeConfig() {
        String[] properties = nodes.node(
                "ignored",
                "nodemesh.node.name=chip@127.0.0.1",
                "nodemesh.node.name-mode=long",
                "nodemesh.node.visible=true",
                "nodemesh.distribution.tick-time=20s",
                "nodemesh.distribution.handshake-timeout=3s",
                "nodemesh.distribution.handshake-name-timeout=500ms",
                "nodemesh.distribution.max-pending-handshakes-per-address=8",
                "nodemesh.distribution.max-frame-size=2MB",
                "nodemesh.distribution.max-pending-sends=10",
                "nodemesh.distribution.event-loop-threads=2",
                "nodemesh.distribution.atom-cache=false",
                "nodemesh.distribution.direct-writes=false",
                "nodemesh.distribution.io-transport=auto",
                "nodemesh.distribution.term-limits.max-depth=64",
                "nodemesh.distribution.term-limits.max-atom-length=100",
                "nodemesh.distribution.term-limits.max-term-size=1MB",
                "nodemesh.distribution.term-limits.max-decompressed-size=0",
                "nodemesh.distribution.peer-limits.max-monitors=500",
                "nodemesh.distribution.peer-limits.max-links=600",
                "nodemesh.mailbox.default-capacity=100",
                "nodemesh.mailbox.default-max-bytes=1MB",
                "nodemesh.mailbox.default-overflow-policy=refuse",
                "nodemesh.mailbox.dispatch-threads=3");
        runner.withPropertyValues(properties).run(context -> {
            NodeConfig config = context.getBean(NodeConfig.class);
            assertThat(context.getBean(Node.class).config()).isSameAs(config);
            assertThat(config.name()).hasToString("chip@127.0.0.1");
            assertThat(config.name().mode()).isEqualTo(NameMode.LONG);
            assertThat(config.visible()).isTrue();
            assertThat(config.epmdMode()).isEqualTo(EpmdMode.AUTO);
            assertThat(config.epmdPort()).isEqualTo(nodes.epmdPort());
            assertThat(config.listenAddress().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(config.listenAddress().getPort()).isZero();
            assertThat(config.tickTime()).isEqualTo(Duration.ofSeconds(20));
            assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(config.handshakeNameTimeout()).isEqualTo(Duration.ofMillis(500));
            assertThat(config.maxPendingHandshakesPerAddress()).isEqualTo(8);
            assertThat(config.maxFrameSize()).isEqualTo(2 * 1024 * 1024);
            assertThat(config.maxPendingSends()).isEqualTo(10);
            assertThat(config.eventLoopThreads()).isEqualTo(2);
            assertThat(config.distHeaderAtomCache()).isFalse();
            assertThat(config.directWrites()).isFalse();
            assertThat(config.ioTransport()).isEqualTo(IoTransport.AUTO);
            assertThat(config.termLimits()).isEqualTo(new EtfLimits(64, 100, 1024 * 1024, 0));
            assertThat(config.maxMonitorsPerPeer()).isEqualTo(500);
            assertThat(config.maxLinksPerPeer()).isEqualTo(600);
            assertThat(config.defaultMailboxCapacity()).isEqualTo(100);
            assertThat(config.defaultMailboxMaxBytes()).isEqualTo(1024 * 1024);
            assertThat(config.defaultOverflowPolicy()).isEqualTo(OverflowPolicy.REFUSE);
            assertThat(config.dispatchThreads()).isEqualTo(3);
            assertThat(config.cookie()).map(Cookie::source).contains("explicit");
        });
    }

    @Test
    void whenEpmdModeIsExternalShouldRequireARunningEpmd() {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.epmd.mode=external"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasMessageContaining("cannot register with EPMD")
                            .hasMessageContaining("epmd -daemon");
                });
    }

    @Test
    void defaultsShouldBeCoresDefaults() {
        NodemeshProperties properties = new NodemeshProperties();
        properties.getNode().setName("chip@localhost");
        NodeConfig config = new NodeConfigFactory(properties, new MockEnvironment())
                .createBuilder()
                .build();
        NodeConfig core = NodeConfig.builder("chip@localhost").build();
        assertThat(config.cookie()).isEmpty();
        assertThat(config.listenAddress()).isEqualTo(core.listenAddress());
        assertThat(config.epmdMode()).isEqualTo(core.epmdMode());
        assertThat(config.epmdPort()).isEqualTo(core.epmdPort());
        assertThat(config.tickTime()).isEqualTo(core.tickTime());
        assertThat(config.handshakeTimeout()).isEqualTo(core.handshakeTimeout());
        assertThat(config.handshakeNameTimeout()).isEqualTo(core.handshakeNameTimeout());
        assertThat(config.maxPendingHandshakesPerAddress()).isEqualTo(core.maxPendingHandshakesPerAddress());
        assertThat(config.maxFrameSize()).isEqualTo(core.maxFrameSize());
        assertThat(config.termLimits()).isEqualTo(core.termLimits());
        assertThat(config.maxPendingSends()).isEqualTo(core.maxPendingSends());
        assertThat(config.maxMonitorsPerPeer()).isEqualTo(core.maxMonitorsPerPeer());
        assertThat(config.maxLinksPerPeer()).isEqualTo(core.maxLinksPerPeer());
        assertThat(config.eventLoopThreads()).isEqualTo(core.eventLoopThreads());
        assertThat(config.visible()).isEqualTo(core.visible());
        assertThat(config.distHeaderAtomCache())
                .isEqualTo(core.distHeaderAtomCache())
                .isTrue();
        assertThat(config.defaultMailboxCapacity()).isEqualTo(core.defaultMailboxCapacity());
        assertThat(config.defaultMailboxMaxBytes()).isEqualTo(core.defaultMailboxMaxBytes());
        assertThat(config.defaultOverflowPolicy()).isEqualTo(core.defaultOverflowPolicy());
        // the one exception: at least two dispatch threads, so that one blocked handler stops no other
        assertThat(config.dispatchThreads()).isEqualTo(Math.max(2, core.dispatchThreads()));
        assertThat(config.virtualDispatchThreads()).isFalse();
    }

    @Test
    void virtualThreadsEnabledRunHandlersOnVirtualThreadsOnJdk21AndLater() {
        NodemeshProperties properties = new NodemeshProperties();
        properties.getNode().setName("chip@localhost");
        MockEnvironment environment = new MockEnvironment().withProperty("spring.threads.virtual.enabled", "true");

        NodeConfig config =
                new NodeConfigFactory(properties, environment).createBuilder().build();

        // on JDK 17 the property is ignored, as Spring Boot ignores it: the platform pool stays
        assertThat(config.virtualDispatchThreads()).isEqualTo(Runtime.version().feature() >= 21);
    }

    @Test
    void whenCookieFileIsSetShouldReadIt(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("cookie");
        Files.writeString(file, TestNodeProperties.COOKIE + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        String[] properties = nodes.node("chip", "nodemesh.node.cookie=", "nodemesh.node.cookie-file=" + file);
        runner.withPropertyValues(properties)
                .run(context ->
                        assertThat(context.getBean(Node.class).cookieSource()).isEqualTo("file:" + file));
    }

    @Test
    void whenUserDefinesNodeConfigShouldUseIt() {
        NodeConfig own = NodeConfig.builder("own@localhost")
                .cookie(Cookie.of(TestNodeProperties.COOKIE))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(nodes.epmdPort())
                .eventLoopThreads(1)
                .build();
        runner.withPropertyValues(nodes.node("chip"))
                .withBean(NodeConfig.class, () -> own)
                .run(context -> {
                    assertThat(context).getBean(NodeConfig.class).isSameAs(own);
                    assertThat(context.getBean(Node.class).name()).hasToString("own@localhost");
                });
    }

    @Test
    void whenUserDefinesNodeShouldUseItAndCloseItOnShutdown() throws IOException {
        Node own = Node.start(NodeConfig.builder("own@localhost")
                .cookie(Cookie.of(TestNodeProperties.COOKIE))
                .listen(InetAddress.getLoopbackAddress(), 0)
                .epmdPort(nodes.epmdPort())
                .eventLoopThreads(1)
                .build());
        try {
            runner.withPropertyValues(nodes.node("chip"))
                    .withBean(Node.class, () -> own)
                    .run(context -> {
                        assertThat(context).getBean(Node.class).isSameAs(own);
                        assertThat(context).doesNotHaveBean(NodeConfig.class);
                        assertThat(context.getBean(NodeLifecycle.class).node()).isSameAs(own);
                    });
            assertThatThrownBy(own::createMailbox).hasMessageContaining("closed");
        } finally {
            own.close();
        }
    }

    @Test
    void whenUserDefinesLifecycleAndPublisherShouldBackOff() {
        runner.withPropertyValues(nodes.node("chip"))
                .withUserConfiguration(OwnLifecycleConfiguration.class)
                .run(context -> {
                    assertThat(context).getBean(NodeLifecycle.class).isSameAs(OwnLifecycleConfiguration.lifecycle);
                    assertThat(context).getBean(NodeEventPublisher.class).isSameAs(OwnLifecycleConfiguration.publisher);
                });
    }

    @Test
    void customizersShouldApplyAfterThePropertiesInOrder() {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.distribution.tick-time=20s"))
                .withUserConfiguration(CustomizerConfiguration.class)
                .run(context -> {
                    NodeConfig config = context.getBean(NodeConfig.class);
                    assertThat(config.tickTime()).isEqualTo(Duration.ofSeconds(40));
                    assertThat(config.maxPendingSends()).isEqualTo(7);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomizerConfiguration {

        @Bean
        @Order(2)
        NodeConfigCustomizer secondCustomizer() {
            return builder -> builder.tickTime(Duration.ofSeconds(40));
        }

        @Bean
        @Order(1)
        NodeConfigCustomizer firstCustomizer() {
            return builder -> builder.tickTime(Duration.ofSeconds(30)).maxPendingSends(7);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnLifecycleConfiguration {

        static NodeLifecycle lifecycle;

        static NodeEventPublisher publisher;

        @Bean
        NodeLifecycle ownLifecycle(Node node) {
            lifecycle = new NodeLifecycle(node);
            return lifecycle;
        }

        @Bean
        NodeEventPublisher ownPublisher(Node node) {
            publisher = new NodeEventPublisher(node, e -> {});
            return publisher;
        }
    }
}

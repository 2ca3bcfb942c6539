package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import dev.nodemesh.testsupport.Slow;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * A node that cannot start because its port is taken or its name is registered gets a failure
 * report naming the property to change: real ports, a real (private, embedded) EPMD.
 */
@ExtendWith(OutputCaptureExtension.class)
@Slow
class NodeStartFailureReportTest {

    private final TestNodeProperties nodes = new TestNodeProperties();

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NodemeshAutoConfiguration.class));

    @Test
    void whenThePortIsInUseTheReportShouldNameTheListenPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            runner.withPropertyValues(nodes.node("chip", "nodemesh.listen.port=" + port))
                    .run(context -> {
                        FailureAnalysis analysis = analyze(context);
                        assertThat(analysis.getDescription())
                                .startsWith("The nodemesh node cannot start: nodemesh.listen.port: 127.0.0.1 port "
                                        + port + " is already in use by another process");
                        assertThat(analysis.getAction())
                                .contains("port " + port)
                                .contains("set nodemesh.listen.port to a free port");
                    });
        }
    }

    @Test
    void whenTheNameIsRegisteredTheReportShouldNameTheNodeName() {
        runner.withPropertyValues(nodes.node("chip")).run(first -> {
            assertThat(first).hasNotFailed();
            runner.withPropertyValues(nodes.node("chip")).run(second -> {
                FailureAnalysis analysis = analyze(second);
                assertThat(analysis.getDescription())
                        .isEqualTo("The nodemesh node cannot start: nodemesh.node.name: the name 'chip' (of"
                                + " chip@localhost) is already registered with the EPMD on port "
                                + nodes.epmdPort() + ": another node on this host runs under that name");
                assertThat(analysis.getAction()).contains("set nodemesh.node.name to a name");
            });
        });
    }

    @Test
    void whenTheAddressIsNotThisHostsTheReportShouldNameTheListenAddress() {
        // 192.0.2.1 (TEST-NET-1, RFC 5737) is never an address of this host
        runner.withPropertyValues(nodes.node("chip", "nodemesh.listen.address=192.0.2.1"))
                .run(context -> {
                    FailureAnalysis analysis = analyze(context);
                    assertThat(analysis.getDescription())
                            .startsWith("The nodemesh node cannot start: nodemesh.listen.address: cannot listen on"
                                    + " 192.0.2.1 port 0");
                    assertThat(analysis.getAction())
                            .startsWith("Set nodemesh.listen.address to an address of this host");
                });
    }

    @Test
    void anApplicationThatCannotStartShouldPrintTheReport(CapturedOutput output) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SpringApplication application = new SpringApplication(NodeApplication.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            Map<String, Object> properties = new LinkedHashMap<>();
            for (String property : nodes.node("chip", "nodemesh.listen.port=" + taken.getLocalPort())) {
                String[] keyAndValue = property.split("=", 2);
                properties.put(keyAndValue[0], keyAndValue[1]);
            }
            application.setDefaultProperties(properties);
            assertThatException().isThrownBy(() -> application.run());
            assertThat(output)
                    .contains("APPLICATION FAILED TO START")
                    .contains("The nodemesh node cannot start: nodemesh.listen.port: 127.0.0.1 port "
                            + taken.getLocalPort() + " is already in use")
                    .contains("set nodemesh.listen.port to a free port");
        }
    }

    private static FailureAnalysis analyze(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new NodeConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("the failure report").isNotNull();
        return analysis;
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(NodemeshAutoConfiguration.class)
    static class NodeApplication {}
}

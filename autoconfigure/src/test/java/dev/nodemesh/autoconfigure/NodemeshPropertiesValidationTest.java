package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.Node;
import dev.nodemesh.testsupport.Slow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MutuallyExclusiveConfigurationPropertiesException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every invalid value stops startup with a message naming the property and saying what it accepts. */
@Slow
class NodemeshPropertiesValidationTest {

    private final TestNodeProperties nodes = new TestNodeProperties();

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(NodemeshAutoConfiguration.class));

    @Test
    void whenNoNameIsSetShouldSayWhichPropertiesGiveOne() {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.node.name=")).run(context -> {
            NodeConfigurationException failure = failure(context, NodeConfigurationException.class);
            assertThat(failure.getProperty()).isEqualTo("nodemesh.node.name");
            assertThat(failure.getProblem()).isEqualTo("no node name is set");
            assertThat(failure.getAction())
                    .contains("Set nodemesh.node.name")
                    .contains("chip@localhost")
                    .contains("spring.application.name");
            FailureAnalysis analysis = new NodeConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription())
                    .isEqualTo("The nodemesh node cannot be configured: nodemesh.node.name: no node name is set");
            assertThat(analysis.getAction()).isEqualTo(failure.getAction());
        });
    }

    @Test
    void whenNameIsInvalidShouldShowAValidOne() {
        assertInvalid(
                "nodemesh.node.name=chip@local@host", "nodemesh.node.name", failure -> assertThat(failure.getReason())
                        .contains("chip@local@host")
                        .contains("such as"));
    }

    @Test
    void whenApplicationNameIsNotANodeNameShouldPointToTheNodeName() {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.node.name=", "spring.application.name=my app"))
                .run(context -> {
                    InvalidConfigurationPropertyValueException failure =
                            failure(context, InvalidConfigurationPropertyValueException.class);
                    assertThat(failure.getName()).isEqualTo("spring.application.name");
                    assertThat(failure.getReason())
                            .contains("defaults to spring.application.name")
                            .contains("set nodemesh.node.name");
                });
    }

    @Test
    void whenNameDoesNotSuitNameModeShouldSaySo() {
        assertInvalid(
                new String[] {"nodemesh.node.name=chip@host.example.com", "nodemesh.node.name-mode=short"},
                "nodemesh.node.name",
                failure -> assertThat(failure.getReason()).contains("short"));
    }

    @Test
    void whenNameModeIsUnknownShouldFailBinding() {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.node.name-mode=medium"))
                .run(context -> {
                    BindException failure = failure(context, BindException.class);
                    assertThat(failure.getProperty().getName()).hasToString("nodemesh.node.name-mode");
                    assertThat(failure).hasRootCauseMessage("No enum constant dev.nodemesh.NameMode.medium");
                });
    }

    @Test
    void whenEpmdModeIsNoneWithoutAFixedPortShouldSaySo() {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.epmd.mode=none")).run(context -> {
            InvalidConfigurationPropertyValueException failure =
                    failure(context, InvalidConfigurationPropertyValueException.class);
            assertThat(failure.getName()).isEqualTo("nodemesh.listen.port");
            assertThat(failure.getReason()).contains("fixed port");
        });
    }

    @Test
    void whenAPeerIsNotNameAndPortShouldShowTheForm() {
        runner.withPropertyValues(nodes.node(
                        "chip",
                        "nodemesh.epmd.mode=none",
                        "nodemesh.listen.port=" + TestNodeProperties.freePort(),
                        "nodemesh.epmd.peers=dale@localhost"))
                .run(context -> {
                    InvalidConfigurationPropertyValueException failure =
                            failure(context, InvalidConfigurationPropertyValueException.class);
                    assertThat(failure.getName()).isEqualTo("nodemesh.epmd.peers");
                    assertThat(failure.getReason()).contains("dale@10.0.0.7:4370");
                });
    }

    @Test
    void whenEpmdModeIsNoneNodesFindEachOtherThroughThePeersList() {
        int chipPort = TestNodeProperties.freePort();
        int dalePort = TestNodeProperties.freePort();
        runner.withPropertyValues(nodes.node("chip", "nodemesh.epmd.mode=none", "nodemesh.listen.port=" + chipPort))
                .run(chip -> runner.withPropertyValues(nodes.node(
                                "dale",
                                "nodemesh.epmd.mode=none",
                                "nodemesh.listen.port=" + dalePort,
                                "nodemesh.epmd.peers=chip@localhost:" + chipPort))
                        .run(dale -> assertThat(
                                        dale.getBean(dev.nodemesh.Node.class).connect("chip@localhost"))
                                .isTrue()));
    }

    @Test
    void whenCookieIsInvalidShouldExplainWithoutShowingIt() {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.node.cookie=top secret"))
                .run(context -> {
                    NodeConfigurationException failure = failure(context, NodeConfigurationException.class);
                    assertThat(failure.getProperty()).isEqualTo("nodemesh.node.cookie");
                    assertThat(failure.getProblem()).contains("white space").contains("printable ASCII");
                    assertThat(failure.getAction()).contains("nodemesh.node.cookie-file");
                    assertThat(context.getStartupFailure()).satisfies(this::neverShowsTheCookie);
                });
    }

    @Test
    void whenCookieAndCookieFileAreBothSetShouldRefuse(@TempDir Path directory) {
        runner.withPropertyValues(nodes.node("chip", "nodemesh.node.cookie-file=" + directory.resolve("cookie")))
                .run(context -> {
                    MutuallyExclusiveConfigurationPropertiesException failure =
                            failure(context, MutuallyExclusiveConfigurationPropertiesException.class);
                    assertThat(failure.getMutuallyExclusiveNames())
                            .containsExactlyInAnyOrder("nodemesh.node.cookie", "nodemesh.node.cookie-file");
                });
    }

    @Test
    void whenCookieFileIsMissingShouldSayHowToCreateIt(@TempDir Path directory) {
        Path file = directory.resolve("cookie");
        assertInvalid(
                new String[] {"nodemesh.node.cookie=", "nodemesh.node.cookie-file=" + file},
                "nodemesh.node.cookie-file",
                failure -> assertThat(failure.getReason())
                        .contains("does not exist")
                        .contains("chmod 400"));
    }

    /** A Kubernetes secret is mounted 0644 by default: refused unless the operator says otherwise. */
    @Test
    void whenCookieFileIsReadableByOthersShouldNameThePropertyThatAllowsIt(@TempDir Path directory) throws IOException {
        Path file = cookieFile(directory, "rw-r--r--");
        assertInvalid(
                new String[] {"nodemesh.node.cookie=", "nodemesh.node.cookie-file=" + file},
                "nodemesh.node.cookie-file",
                failure -> assertThat(failure.getReason())
                        .contains("must be accessible by its owner only")
                        .contains("chmod 400")
                        .endsWith("set nodemesh.node.cookie-file-permissions=allow-readable"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "r--r--r--"})
    void whenReadableIsAllowedShouldReadASharedReadOnlyCookieFile(String permissions, @TempDir Path directory)
            throws IOException {
        Path file = cookieFile(directory, permissions);
        runner.withPropertyValues(nodes.node(
                        "chip",
                        "nodemesh.node.cookie=",
                        "nodemesh.node.cookie-file=" + file,
                        "nodemesh.node.cookie-file-permissions=allow-readable"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Node.class).cookieSource()).isEqualTo("file:" + file);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-rw-rw-", "rw-r--rw-", "rw-rw-r--"})
    void whenOthersMayWriteTheCookieFileShouldRefuseItEvenWhenReadableIsAllowed(
            String permissions, @TempDir Path directory) throws IOException {
        Path file = cookieFile(directory, permissions);
        assertInvalid(
                new String[] {
                    "nodemesh.node.cookie=",
                    "nodemesh.node.cookie-file=" + file,
                    "nodemesh.node.cookie-file-permissions=allow-readable"
                },
                "nodemesh.node.cookie-file",
                failure -> assertThat(failure.getReason())
                        .contains("may be written by its group or others")
                        .contains("chmod go-w"));
    }

    @Test
    void whenReadableIsAllowedWithoutACookieFileShouldSaySo() {
        assertInvalid(
                new String[] {"nodemesh.node.cookie=", "nodemesh.node.cookie-file-permissions=allow-readable"},
                "nodemesh.node.cookie-file-permissions",
                failure -> assertThat(failure.getReason()).contains("applies only to nodemesh.node.cookie-file"));
    }

    private static Path cookieFile(Path directory, String permissions) throws IOException {
        Path file = Files.writeString(directory.resolve("erlang.cookie"), TestNodeProperties.COOKIE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void whenListenPortIsOutOfRangeShouldGiveTheRange() {
        assertInvalid("nodemesh.listen.port=70000", "nodemesh.listen.port", failure -> assertThat(failure.getReason())
                .contains("0..65535"));
    }

    @Test
    void whenEpmdPortIsZeroShouldAskForARealPort() {
        assertInvalid("nodemesh.epmd.port=0", "nodemesh.epmd.port", failure -> assertThat(failure.getReason())
                .contains("such as 4369"));
    }

    @Test
    void whenTickTimeIsTooShortShouldGiveTheMinimum() {
        assertInvalid("nodemesh.distribution.tick-time=1ms", "nodemesh.distribution.tick-time", failure -> assertThat(
                        failure.getReason())
                .contains("at least 4 ms"));
    }

    @Test
    void whenHandshakeTimeoutIsZeroShouldAskForAPositiveOne() {
        assertInvalid(
                "nodemesh.distribution.handshake-timeout=0s",
                "nodemesh.distribution.handshake-timeout",
                failure -> assertThat(failure.getReason()).contains("positive"));
    }

    @Test
    void whenHandshakeAdmissionValuesAreOutOfRangeShouldSaySo() {
        assertInvalid(
                "nodemesh.distribution.handshake-name-timeout=0s",
                "nodemesh.distribution.handshake-name-timeout",
                failure -> assertThat(failure.getReason()).contains("positive"));
        assertInvalid(
                "nodemesh.distribution.max-pending-handshakes-per-address=0",
                "nodemesh.distribution.max-pending-handshakes-per-address",
                failure -> assertThat(failure.getReason()).contains("1..256"));
    }

    @Test
    void whenFrameSizeIsTooSmallOrTooLargeShouldGiveTheRange() {
        assertInvalid(
                "nodemesh.distribution.max-frame-size=100B",
                "nodemesh.distribution.max-frame-size",
                failure -> assertThat(failure.getReason()).contains("at least 1024 bytes"));
        assertInvalid(
                "nodemesh.distribution.max-frame-size=3GB",
                "nodemesh.distribution.max-frame-size",
                failure -> assertThat(failure.getReason()).contains("under 2GB"));
    }

    @Test
    void whenPendingSendsOrThreadsAreOutOfRangeShouldSaySo() {
        assertInvalid(
                "nodemesh.distribution.max-pending-sends=-1",
                "nodemesh.distribution.max-pending-sends",
                failure -> assertThat(failure.getReason()).contains("must not be negative"));
        assertInvalid(
                "nodemesh.distribution.event-loop-threads=0",
                "nodemesh.distribution.event-loop-threads",
                failure -> assertThat(failure.getReason()).contains("at least one"));
    }

    @Test
    void whenPeerLimitsAreNotPositiveShouldSaySo() {
        assertInvalid(
                "nodemesh.distribution.peer-limits.max-monitors=0",
                "nodemesh.distribution.peer-limits.max-monitors",
                failure -> assertThat(failure.getReason()).contains("max monitors per peer must be at least 1"));
        assertInvalid(
                "nodemesh.distribution.peer-limits.max-links=-5",
                "nodemesh.distribution.peer-limits.max-links",
                failure -> assertThat(failure.getReason()).contains("max links per peer must be at least 1"));
    }

    @Test
    void whenMailboxDefaultsAreOutOfRangeShouldSaySo() {
        assertInvalid("nodemesh.mailbox.default-capacity=0", "nodemesh.mailbox.default-capacity", failure -> assertThat(
                        failure.getReason())
                .contains("at least 1 message"));
        assertInvalid(
                "nodemesh.mailbox.default-max-bytes=0",
                "nodemesh.mailbox.default-max-bytes",
                failure -> assertThat(failure.getReason()).contains("at least 1 byte"));
        assertInvalid("nodemesh.mailbox.dispatch-threads=0", "nodemesh.mailbox.dispatch-threads", failure -> assertThat(
                        failure.getReason())
                .contains("at least one dispatch thread"));
    }

    @Test
    void whenTermLimitsAreOutOfRangeShouldNameTheLimit() {
        assertInvalid(
                "nodemesh.distribution.term-limits.max-depth=0",
                "nodemesh.distribution.term-limits.max-depth",
                failure -> assertThat(failure.getReason()).contains("at least 1"));
        assertInvalid(
                "nodemesh.distribution.term-limits.max-atom-length=300",
                "nodemesh.distribution.term-limits.max-atom-length",
                failure -> assertThat(failure.getReason()).contains("0..255"));
        assertInvalid(
                "nodemesh.distribution.term-limits.max-term-size=0",
                "nodemesh.distribution.term-limits.max-term-size",
                failure -> assertThat(failure.getReason()).contains("such as 64MB"));
    }

    @Test
    void whenStartupNodeIsNotANodeNameShouldNameTheEntry() {
        assertInvalid("nodemesh.connect.nodes=dale@localhost,dale", "nodemesh.connect.nodes[1]", failure -> assertThat(
                        failure.getReason())
                .contains("alive@host"));
    }

    @Test
    void whenBackoffIsNotPositiveOrMaxIsBelowInitialShouldSaySo() {
        assertInvalid("nodemesh.connect.initial-backoff=0s", "nodemesh.connect.initial-backoff", failure -> assertThat(
                        failure.getReason())
                .contains("positive"));
        assertInvalid(
                new String[] {"nodemesh.connect.initial-backoff=10s", "nodemesh.connect.max-backoff=5s"},
                "nodemesh.connect.max-backoff",
                failure -> assertThat(failure.getReason()).contains("initial-backoff"));
    }

    private void assertInvalid(
            String property, String name, Consumer<InvalidConfigurationPropertyValueException> reason) {
        assertInvalid(new String[] {property}, name, reason);
    }

    private void assertInvalid(
            String[] properties, String name, Consumer<InvalidConfigurationPropertyValueException> reason) {
        runner.withPropertyValues(nodes.node("chip", properties)).run(context -> {
            InvalidConfigurationPropertyValueException failure =
                    failure(context, InvalidConfigurationPropertyValueException.class);
            assertThat(failure.getName()).isEqualTo(name);
            reason.accept(failure);
        });
    }

    private static <T extends Throwable> T failure(AssertableApplicationContext context, Class<T> type) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        while (failure != null && !type.isInstance(failure)) {
            failure = failure.getCause();
        }
        assertThat(failure)
                .as("a %s in %s", type.getSimpleName(), context.getStartupFailure())
                .isNotNull();
        return type.cast(failure);
    }

    private void neverShowsTheCookie(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain("secret");
        }
    }
}

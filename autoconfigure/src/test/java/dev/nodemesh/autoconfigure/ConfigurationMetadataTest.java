package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The metadata IDEs read: every key is there, with a one-sentence description. */
class ConfigurationMetadataTest {

    private static final List<String> KEYS = List.of(
            "nodemesh.enabled",
            "nodemesh.node.name",
            "nodemesh.node.name-mode",
            "nodemesh.node.cookie",
            "nodemesh.node.cookie-file",
            "nodemesh.node.cookie-file-permissions",
            "nodemesh.node.visible",
            "nodemesh.listen.address",
            "nodemesh.listen.port",
            "nodemesh.listen.accept-after-startup",
            "nodemesh.process.max-restarts",
            "nodemesh.process.restart-period",
            "nodemesh.process.restart-backoff",
            "nodemesh.process.max-restart-backoff",
            "nodemesh.process.ignore-kill",
            "nodemesh.process.include-exception-class",
            "nodemesh.epmd.mode",
            "nodemesh.epmd.port",
            "nodemesh.distribution.tick-time",
            "nodemesh.distribution.handshake-timeout",
            "nodemesh.distribution.handshake-name-timeout",
            "nodemesh.distribution.max-pending-handshakes-per-address",
            "nodemesh.distribution.max-frame-size",
            "nodemesh.distribution.max-pending-sends",
            "nodemesh.distribution.event-loop-threads",
            "nodemesh.distribution.atom-cache",
            "nodemesh.distribution.direct-writes",
            "nodemesh.distribution.io-transport",
            "nodemesh.distribution.term-limits.max-depth",
            "nodemesh.distribution.term-limits.max-atom-length",
            "nodemesh.distribution.term-limits.max-term-size",
            "nodemesh.distribution.term-limits.max-decompressed-size",
            "nodemesh.distribution.peer-limits.max-monitors",
            "nodemesh.distribution.peer-limits.max-links",
            "nodemesh.distribution.peer-limits.max-global-names",
            "nodemesh.groups.default-scope",
            "nodemesh.groups.scopes",
            "nodemesh.groups.max-members-per-peer",
            "nodemesh.mailbox.default-capacity",
            "nodemesh.mailbox.default-max-bytes",
            "nodemesh.mailbox.default-overflow-policy",
            "nodemesh.mailbox.dispatch-threads",
            "nodemesh.connect.nodes",
            "nodemesh.connect.initial-backoff",
            "nodemesh.connect.max-backoff",
            "nodemesh.health.required-nodes",
            "nodemesh.metrics.refresh-interval",
            "nodemesh.call.default-timeout",
            "nodemesh.epmd.peers",
            "nodemesh.actuator.allowed-connect-hosts",
            "nodemesh.ssl.enabled",
            "nodemesh.ssl.bundle",
            "nodemesh.ssl.client-auth",
            "nodemesh.ssl.verify-hostname",
            "nodemesh.ssl.provider",
            "nodemesh.dashboard.enabled",
            "nodemesh.dashboard.sample-interval",
            "nodemesh.dashboard.history",
            "nodemesh.dashboard.max-events",
            "management.endpoint.cluster.access",
            // nodemesh.discovery (issue 20)
            "nodemesh.discovery.interval",
            "nodemesh.discovery.max-members",
            "nodemesh.discovery.dns.query",
            "nodemesh.discovery.dns.mode",
            "nodemesh.discovery.dns.basename",
            "nodemesh.discovery.dns.port",
            "nodemesh.discovery.dns.servers",
            "nodemesh.discovery.dns.timeout",
            "nodemesh.discovery.spring-cloud.service-ids",
            "nodemesh.discovery.spring-cloud.metadata-key",
            "nodemesh.discovery.spring-cloud.register-metadata",
            "management.health.nodemesh.enabled",
            "management.endpoint.nodes.access");

    @Test
    void everyKeyShouldHaveOneSentenceOfDescription() throws IOException {
        JsonNode metadata = metadata();
        List<String> keys = new ArrayList<>();
        for (JsonNode property : metadata.get("properties")) {
            String name = property.get("name").asString();
            keys.add(name);
            if (!name.startsWith("nodemesh.")) {
                continue;
            }
            String description = property.path("description").asString("");
            assertThat(description).as(name).isNotBlank().endsWith(".").doesNotContain(". ");
            assertThat(Character.isUpperCase(description.charAt(0))).as(name).isTrue();
            assertThat(description).as(name).doesNotStartWith("The ");
        }
        assertThat(keys).containsAll(KEYS);
        assertThat(keys.stream().filter(key -> key.startsWith("nodemesh.")))
                .containsExactlyInAnyOrderElementsOf(
                        KEYS.stream().filter(key -> key.startsWith("nodemesh.")).toList());
    }

    @Test
    void booleanDescriptionsShouldStartWithWhether() throws IOException {
        for (JsonNode property : metadata().get("properties")) {
            if (property.get("name").asString().startsWith("nodemesh.")
                    && property.get("type").asString().equals("java.lang.Boolean")) {
                assertThat(property.get("description").asString()).startsWith("Whether");
            }
        }
    }

    @Test
    void enumKeysShouldHaveTheirEnumTypeForCompletion() throws IOException {
        JsonNode properties = metadata().get("properties");
        assertThat(typeOf(properties, "nodemesh.epmd.mode")).isEqualTo("dev.nodemesh.EpmdMode");
        assertThat(typeOf(properties, "nodemesh.node.name-mode")).isEqualTo("dev.nodemesh.NameMode");
        assertThat(typeOf(properties, "nodemesh.mailbox.default-overflow-policy"))
                .isEqualTo("dev.nodemesh.OverflowPolicy");
        assertThat(typeOf(properties, "nodemesh.node.cookie-file-permissions"))
                .isEqualTo("dev.nodemesh.CookieFilePermissions");
        assertThat(typeOf(properties, "nodemesh.ssl.client-auth")).isEqualTo("dev.nodemesh.tls.TlsClientAuth");
    }

    private static String typeOf(JsonNode properties, String name) {
        for (JsonNode property : properties) {
            if (property.get("name").asString().equals(name)) {
                return property.get("type").asString();
            }
        }
        return null;
    }

    private static JsonNode metadata() throws IOException {
        try (InputStream in =
                ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated configuration metadata").isNotNull();
            return JsonMapper.builder().build().readTree(in);
        }
    }
}

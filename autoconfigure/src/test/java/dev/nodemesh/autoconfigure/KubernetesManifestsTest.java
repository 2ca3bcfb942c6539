package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.CookieFilePermissions;
import dev.nodemesh.NodeName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kubernetes guide's manifests (docs/kubernetes/*.yaml) and its libcluster config agree with
 * each other and with the nodemesh properties: the environment of the nodemesh pod binds to {@link
 * NodemeshProperties} as Spring Boot binds it, and names, ports, Secrets and mounts match.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("..", "docs", "kubernetes");

    private static final String POD_IP = "10.42.0.17";

    private static Map<String, Object> service;

    private static Map<String, Map<String, Object>> secrets = new LinkedHashMap<>();

    private static Map<String, Object> javaSet;

    private static Map<String, Object> elixirSet;

    private static Map<String, Object> sslDistConfigMap;

    @BeforeAll
    static void load() throws IOException {
        for (Map<String, Object> document :
                documents("headless-service.yaml", "secrets.yaml", "statefulset.yaml", "elixir-statefulset.yaml")) {
            String kind = (String) document.get("kind");
            String name = string(document, "metadata", "name");
            switch (kind) {
                case "Service" -> service = document;
                case "Secret" -> secrets.put(name, document);
                case "StatefulSet" -> {
                    if (name.equals("mesh-java")) {
                        javaSet = document;
                    } else {
                        elixirSet = document;
                    }
                }
                case "ConfigMap" -> sslDistConfigMap = document;
                default -> throw new AssertionError("unexpected kind " + kind);
            }
        }
        assertThat(service).isNotNull();
        assertThat(javaSet).isNotNull();
        assertThat(elixirSet).isNotNull();
        assertThat(sslDistConfigMap).isNotNull();
        assertThat(secrets).containsOnlyKeys("mesh-cookie", "mesh-tls");
    }

    @Test
    void theServiceShouldBeHeadlessAndSelectEveryPodOfBothSets() {
        assertThat(string(service, "spec", "clusterIP")).isEqualTo("None");
        Map<String, Object> selector = map(service, "spec", "selector");
        for (Map<String, Object> set : List.of(javaSet, elixirSet)) {
            assertThat(string(set, "spec", "serviceName")).isEqualTo(string(service, "metadata", "name"));
            assertThat(map(set, "spec", "template", "metadata", "labels")).containsAllEntriesOf(selector);
            assertThat(map(set, "spec", "template", "metadata", "labels"))
                    .containsAllEntriesOf(map(set, "spec", "selector", "matchLabels"));
            Map<String, Integer> ports = containerPorts(container(set));
            assertThat(ports).containsEntry("dist", servicePort("dist")).containsEntry("epmd", servicePort("epmd"));
        }
        assertThat(servicePort("epmd")).isEqualTo(4369);
    }

    @Test
    void theNodemeshEnvironmentShouldBindToTheProperties() throws IOException {
        Map<String, Object> container = container(javaSet);
        Map<String, String> env = environment(container);
        Set<String> keys = metadataKeys();
        for (String variable : env.keySet()) {
            if (variable.startsWith("NODEMESH_")) {
                assertThat(keys).as(variable).contains(relaxed(variable));
            }
        }
        NodemeshProperties properties = bind(env);

        NodeName name = NodeName.parse(properties.getNode().getName());
        assertThat(name.host()).isEqualTo(POD_IP);
        assertThat(properties.getListen().getPort()).isEqualTo(servicePort("dist"));
        assertThat(properties.getDiscovery().getDns().getQuery())
                .isEqualTo(string(service, "metadata", "name") + ".default.svc.cluster.local");
        assertThat(properties.getDiscovery().getDns().getBasename()).isNull();
        assertThat(properties.getNode().isVisible()).isTrue();
        assertThat(properties.getNode().getCookieFilePermissions()).isEqualTo(CookieFilePermissions.ALLOW_READABLE);
        assertThat(mountedSecretFile(
                        container, javaSet, properties.getNode().getCookieFile().toString()))
                .isEqualTo("mesh-cookie/cookie");

        String bundle = properties.getSsl().getBundle();
        String prefix = "SPRING_SSL_BUNDLE_PEM_" + bundle.toUpperCase() + "_";
        for (String file : List.of("KEYSTORE_CERTIFICATE", "KEYSTORE_PRIVATEKEY", "TRUSTSTORE_CERTIFICATE")) {
            String location = env.get(prefix + file);
            assertThat(location).as(prefix + file).startsWith("file:");
            assertThat(mountedSecretFile(container, javaSet, location.substring("file:".length())))
                    .startsWith("mesh-tls/");
        }
        assertThat(properties.getSsl().isVerifyHostname()).isFalse();
    }

    @Test
    void readinessShouldBeTiedToTheNodemeshIndicatorOnTheManagementPort() {
        Map<String, Object> container = container(javaSet);
        Map<String, String> env = environment(container);
        assertThat(env.get("MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE").split(","))
                .contains("nodemesh");
        assertThat(env).containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
        Map<String, Object> probe = map(container, "readinessProbe", "httpGet");
        assertThat(probe.get("path")).isEqualTo("/actuator/health/readiness");
        assertThat(containerPorts(container).get((String) probe.get("port")))
                .isEqualTo(Integer.parseInt(env.get("MANAGEMENT_SERVER_PORT")));
    }

    @Test
    void theElixirPodsShouldShareNameFormCookiePortAndTls() throws IOException {
        Map<String, Object> container = container(elixirSet);
        Map<String, String> env = environment(container);
        String javaName = environment(container(javaSet)).get("NODEMESH_NODE_NAME");
        assertThat(env.get("RELEASE_NODE")).isEqualTo(javaName);
        assertThat(env).containsEntry("RELEASE_DISTRIBUTION", "name");
        assertThat(secretRef(container, "RELEASE_COOKIE")).isEqualTo("mesh-cookie/cookie");
        String dist = String.valueOf(servicePort("dist"));
        assertThat(env.get("ERL_AFLAGS"))
                .contains("inet_dist_listen_min " + dist)
                .contains("inet_dist_listen_max " + dist)
                .contains("-proto_dist inet_tls");
        String sslDist = (String) map(sslDistConfigMap, "data").get("ssl_dist.conf");
        Matcher files = Pattern.compile("\"(/run/secrets/[^\"]+)\"").matcher(sslDist);
        int found = 0;
        while (files.find()) {
            assertThat(mountedSecretFile(container, elixirSet, files.group(1))).startsWith("mesh-tls/");
            found++;
        }
        assertThat(found).isEqualTo(6);

        String guide = Files.readString(Path.of("..", "docs", "kubernetes.md"));
        Matcher libcluster = Pattern.compile(
                        "strategy: Cluster\\.Strategy\\.Kubernetes\\.DNS,\\s*config: \\[\\s*service: \"([^\"]+)\",\\s*"
                                + "application_name: \"([^\"]+)\"")
                .matcher(guide);
        assertThat(libcluster.find())
                .as("libcluster config in docs/kubernetes.md")
                .isTrue();
        assertThat(libcluster.group(1)).isEqualTo(string(service, "metadata", "name"));
        assertThat(libcluster.group(2))
                .isEqualTo(NodeName.parse(bindName(javaName)).alive());
    }

    // --- reading the manifests ---

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents(String... files) throws IOException {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String file : files) {
            for (Object document : new Yaml().loadAll(Files.readString(DIR.resolve(file)))) {
                all.add((Map<String, Object>) document);
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> root, String... path) {
        Object current = root;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
            assertThat(current).as(String.join(".", path)).isNotNull();
        }
        return (Map<String, Object>) current;
    }

    private static String string(Map<String, Object> root, String... path) {
        String[] parent = java.util.Arrays.copyOf(path, path.length - 1);
        return String.valueOf(map(root, parent).get(path[path.length - 1]));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> root, String key) {
        Object value = root.get(key);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    private static Map<String, Object> container(Map<String, Object> set) {
        return list(map(set, "spec", "template", "spec"), "containers").get(0);
    }

    private static int servicePort(String name) {
        return list(map(service, "spec"), "ports").stream()
                .filter(port -> name.equals(port.get("name")))
                .map(port -> (Integer) port.get("port"))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, Integer> containerPorts(Map<String, Object> container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        list(container, "ports")
                .forEach(port -> ports.put((String) port.get("name"), (Integer) port.get("containerPort")));
        return ports;
    }

    /** The container's literal environment, $(VAR) references left as they are. */
    private static Map<String, String> environment(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> variable : list(container, "env")) {
            Object value = variable.get("value");
            if (value != null) {
                env.put((String) variable.get("name"), String.valueOf(value).strip());
            }
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    private static String secretRef(Map<String, Object> container, String variable) {
        for (Map<String, Object> entry : list(container, "env")) {
            if (variable.equals(entry.get("name"))) {
                Map<String, Object> ref = map(entry, "valueFrom", "secretKeyRef");
                return ref.get("name") + "/" + ref.get("key");
            }
        }
        throw new AssertionError("no " + variable);
    }

    /**
     * The Secret and key a file path of the container comes from, as {@code secret/key}, checking
     * that the Secret exists and has that key.
     */
    private static String mountedSecretFile(Map<String, Object> container, Map<String, Object> set, String file) {
        Map<String, String> volumeSecrets = new LinkedHashMap<>();
        for (Map<String, Object> volume : list(map(set, "spec", "template", "spec"), "volumes")) {
            if (volume.get("secret") != null) {
                volumeSecrets.put((String) volume.get("name"), string(volume, "secret", "secretName"));
            }
        }
        for (Map<String, Object> mount : list(container, "volumeMounts")) {
            String path = mount.get("mountPath") + "/";
            String secret = volumeSecrets.get((String) mount.get("name"));
            if (secret != null && file.startsWith(path)) {
                String key = file.substring(path.length());
                assertThat(map(secrets.get(secret), "stringData")).as(secret).containsKey(key);
                return secret + "/" + key;
            }
        }
        throw new AssertionError(file + " is on no mounted Secret");
    }

    // --- binding as Spring Boot does ---

    /** The value with the pod's $(VAR) references replaced as Kubernetes does. */
    private static String bindName(String value) {
        return value.replace("$(POD_IP)", POD_IP).replace("$(POD_NAMESPACE)", "default");
    }

    private static NodemeshProperties bind(Map<String, String> env) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        env.forEach((name, value) -> resolved.put(name, bindName(value)));
        StandardEnvironment environment = new StandardEnvironment();
        // in place of the JVM's environment: only the pod's, bound with the environment's relaxed rules
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, resolved));
        return Binder.get(environment).bindOrCreate("nodemesh", NodemeshProperties.class);
    }

    /** The metadata keys in the form an environment variable names them. */
    private static Set<String> metadataKeys() throws IOException {
        Set<String> keys = new HashSet<>();
        try (InputStream in =
                KubernetesManifestsTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            JsonNode metadata = JsonMapper.builder().build().readTree(in);
            for (JsonNode property : metadata.get("properties")) {
                keys.add(property.get("name").asString().replace("-", "").toLowerCase());
            }
        }
        return keys;
    }

    private static String relaxed(String variable) {
        return variable.toLowerCase().replace('_', '.');
    }
}

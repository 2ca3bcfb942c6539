package dev.nodemesh.autoconfigure;

import dev.nodemesh.Cookie;
import dev.nodemesh.CookieFilePermissions;
import dev.nodemesh.EpmdMode;
import dev.nodemesh.NodeConfig;
import dev.nodemesh.OverflowPolicy;
import dev.nodemesh.term.etf.EtfLimits;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MutuallyExclusiveConfigurationPropertiesException;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Fills a {@link NodeConfig.Builder} from {@link NodemeshProperties}, checking every value on the
 * way: a wrong one fails with the property's name and core's explanation of what it accepts.
 */
final class NodeConfigFactory {

    static final String NAME = "nodemesh.node.name";
    static final String APPLICATION_NAME = "spring.application.name";
    static final String COOKIE = "nodemesh.node.cookie";
    static final String COOKIE_FILE = "nodemesh.node.cookie-file";
    static final String COOKIE_FILE_PERMISSIONS = "nodemesh.node.cookie-file-permissions";

    private static final String DISTRIBUTION = "nodemesh.distribution.";
    private static final String TERM_LIMITS = DISTRIBUTION + "term-limits.";

    private final NodemeshProperties properties;

    private final Environment environment;

    NodeConfigFactory(NodemeshProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * Returns a builder holding every configured value.
     *
     * @return the builder, ready for customizers
     * @throws InvalidConfigurationPropertyValueException when a value is invalid
     * @throws NodeConfigurationException when no name is set, or the cookie is invalid
     * @throws MutuallyExclusiveConfigurationPropertiesException when both a cookie and a cookie file
     *     are set
     */
    NodeConfig.Builder createBuilder() {
        NodeConfig.Builder builder = nameBuilder();
        cookie(builder);
        listen(builder);
        epmd(builder);
        distribution(builder);
        mailbox(builder);
        groups(builder);
        return builder;
    }

    private void groups(NodeConfig.Builder builder) {
        NodemeshProperties.Groups groups = properties.getGroups();
        builder.defaultGroupScope(groups.isDefaultScope());
        List<String> scopes = groups.getScopes();
        check("nodemesh.groups.scopes", scopes, () -> builder.groupScopes(scopes.toArray(String[]::new)), "");
        int members = groups.getMaxMembersPerPeer();
        check("nodemesh.groups.max-members-per-peer", members, () -> builder.maxGroupMembersPerPeer(members), "");
    }

    private NodeConfig.Builder nameBuilder() {
        NodemeshProperties.NodeIdentity identity = properties.getNode();
        String property = NAME;
        String name = identity.getName();
        if (!StringUtils.hasText(name)) {
            property = APPLICATION_NAME;
            name = environment.getProperty(APPLICATION_NAME);
        }
        if (!StringUtils.hasText(name)) {
            throw new NodeConfigurationException(
                    NAME,
                    "no node name is set",
                    "Set " + NAME + " to the node's name, such as chip@localhost (or chip, which gets this"
                            + " host's name), or set " + APPLICATION_NAME + ", which it defaults to.");
        }
        NodeConfig.Builder builder = NodeConfig.builder(name.strip());
        if (identity.getNameMode() != null) {
            builder.nameMode(identity.getNameMode());
        }
        builder.visible(identity.isVisible());
        String hint = property.equals(APPLICATION_NAME)
                ? " (the node name defaults to " + APPLICATION_NAME + "; set " + NAME + " to a valid node name)"
                : "";
        check(property, name, () -> builder.build(), hint);
        return builder;
    }

    private void cookie(NodeConfig.Builder builder) {
        NodemeshProperties.NodeIdentity identity = properties.getNode();
        String cookie = identity.getCookie();
        Path file = identity.getCookieFile();
        if (cookie != null && cookie.isEmpty()) {
            cookie = null;
        }
        if (cookie != null && file != null) {
            Set<String> both = new LinkedHashSet<>(List.of(COOKIE, COOKIE_FILE));
            throw new MutuallyExclusiveConfigurationPropertiesException(both, both);
        }
        if (cookie != null) {
            try {
                builder.cookie(Cookie.of(cookie));
            } catch (IllegalArgumentException e) {
                // core's message never shows the value, and neither may this one
                throw new NodeConfigurationException(
                        COOKIE,
                        e.getMessage(),
                        "Set " + COOKIE + " to the cluster's cookie, or read it from a file with " + COOKIE_FILE + ".");
            }
        } else if (file != null) {
            CookieFilePermissions permissions = identity.getCookieFilePermissions();
            check(COOKIE_FILE_PERMISSIONS, permissions, () -> permissions, "");
            try {
                builder.cookie(Cookie.fromFile(file, permissions));
            } catch (IllegalArgumentException | IllegalStateException e) {
                String hint = permissions == CookieFilePermissions.OWNER_ONLY
                                && e.getMessage().contains("accessible by its owner only")
                        ? "; for a secret mounted read-only that group or others may read, set "
                                + COOKIE_FILE_PERMISSIONS + "=allow-readable"
                        : "";
                throw new InvalidConfigurationPropertyValueException(COOKIE_FILE, file, e.getMessage() + hint);
            }
        } else if (identity.getCookieFilePermissions() == CookieFilePermissions.ALLOW_READABLE) {
            throw new InvalidConfigurationPropertyValueException(
                    COOKIE_FILE_PERMISSIONS,
                    "allow-readable",
                    "it applies only to " + COOKIE_FILE + ", which is not set; ~/.erlang.cookie must be"
                            + " readable by its owner only, as erl requires");
        }
    }

    private void listen(NodeConfig.Builder builder) {
        NodemeshProperties.Listen listen = properties.getListen();
        InetAddress address = listen.getAddress();
        check(
                "nodemesh.listen.port",
                listen.getPort(),
                () -> address != null
                        ? builder.listen(address, listen.getPort())
                        : builder.listenPort(listen.getPort()),
                "");
        builder.acceptOnStart(!listen.isAcceptAfterStartup());
    }

    private void epmd(NodeConfig.Builder builder) {
        NodemeshProperties.Epmd epmd = properties.getEpmd();
        if (epmd.getMode() != null) {
            builder.epmdMode(epmd.getMode());
        }
        if (epmd.getPort() != null) {
            check("nodemesh.epmd.port", epmd.getPort(), () -> builder.epmdPort(epmd.getPort()), "");
        }
        if (epmd.getMode() == EpmdMode.NONE && properties.getListen().getPort() == 0) {
            throw new InvalidConfigurationPropertyValueException(
                    "nodemesh.listen.port",
                    0,
                    "without EPMD (nodemesh.epmd.mode=none) other nodes cannot look this node up;"
                            + " give it a fixed port, such as 4370");
        }
        for (String peer : epmd.getPeers()) {
            check("nodemesh.epmd.peers", peer, () -> addPeer(builder, peer), "");
        }
    }

    private static NodeConfig.Builder addPeer(NodeConfig.Builder builder, String peer) {
        int colon = peer.lastIndexOf(':');
        if (colon < 0 || peer.indexOf('@') < 0 || colon < peer.indexOf('@')) {
            throw new IllegalArgumentException(
                    "expected a node name and its distribution port, such as dale@10.0.0.7:4370");
        }
        int port;
        try {
            port = Integer.parseInt(peer.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "the port after the last ':' is not a number; expected such as dale@10.0.0.7:4370");
        }
        return builder.peer(peer.substring(0, colon).strip(), port);
    }

    private void distribution(NodeConfig.Builder builder) {
        NodemeshProperties.Distribution distribution = properties.getDistribution();
        Duration tickTime = distribution.getTickTime();
        check(DISTRIBUTION + "tick-time", tickTime, () -> builder.tickTime(tickTime), "");
        Duration handshakeTimeout = distribution.getHandshakeTimeout();
        check(
                DISTRIBUTION + "handshake-timeout",
                handshakeTimeout,
                () -> builder.handshakeTimeout(handshakeTimeout),
                "");
        Duration nameTimeout = distribution.getHandshakeNameTimeout();
        check(
                DISTRIBUTION + "handshake-name-timeout",
                nameTimeout,
                () -> builder.handshakeNameTimeout(nameTimeout),
                "");
        int perAddress = distribution.getMaxPendingHandshakesPerAddress();
        check(
                DISTRIBUTION + "max-pending-handshakes-per-address",
                perAddress,
                () -> builder.maxPendingHandshakesPerAddress(perAddress),
                "");
        DataSize maxFrameSize = distribution.getMaxFrameSize();
        int frameBytes = bytes(DISTRIBUTION + "max-frame-size", maxFrameSize, 1);
        check(DISTRIBUTION + "max-frame-size", maxFrameSize, () -> builder.maxFrameSize(frameBytes), "");
        int maxPendingSends = distribution.getMaxPendingSends();
        check(DISTRIBUTION + "max-pending-sends", maxPendingSends, () -> builder.maxPendingSends(maxPendingSends), "");
        Integer threads = distribution.getEventLoopThreads();
        if (threads != null) {
            check(DISTRIBUTION + "event-loop-threads", threads, () -> builder.eventLoopThreads(threads), "");
        }
        builder.distHeaderAtomCache(distribution.isAtomCache());
        builder.directWrites(distribution.isDirectWrites());
        builder.ioTransport(distribution.getIoTransport());
        builder.termLimits(termLimits(distribution.getTermLimits()));
        peerLimits(builder, distribution.getPeerLimits());
    }

    private static void peerLimits(NodeConfig.Builder builder, NodemeshProperties.PeerLimits limits) {
        int monitors = limits.getMaxMonitors();
        check(DISTRIBUTION + "peer-limits.max-monitors", monitors, () -> builder.maxMonitorsPerPeer(monitors), "");
        int links = limits.getMaxLinks();
        check(DISTRIBUTION + "peer-limits.max-links", links, () -> builder.maxLinksPerPeer(links), "");
        int globalNames = limits.getMaxGlobalNames();
        check(
                DISTRIBUTION + "peer-limits.max-global-names",
                globalNames,
                () -> builder.maxGlobalNamesPerPeer(globalNames),
                "");
    }

    private void mailbox(NodeConfig.Builder builder) {
        NodemeshProperties.MailboxDefaults mailbox = properties.getMailbox();
        int capacity = mailbox.getDefaultCapacity();
        check("nodemesh.mailbox.default-capacity", capacity, () -> builder.defaultMailboxCapacity(capacity), "");
        DataSize maxBytes = mailbox.getDefaultMaxBytes();
        check(
                "nodemesh.mailbox.default-max-bytes",
                maxBytes,
                () -> builder.defaultMailboxMaxBytes(maxBytes.toBytes()),
                "");
        OverflowPolicy policy = mailbox.getDefaultOverflowPolicy();
        check("nodemesh.mailbox.default-overflow-policy", policy, () -> builder.defaultOverflowPolicy(policy), "");
        Integer threads = mailbox.getDispatchThreads();
        if (threads != null) {
            check("nodemesh.mailbox.dispatch-threads", threads, () -> builder.dispatchThreads(threads), "");
        } else {
            builder.dispatchThreads(defaultDispatchThreads());
        }
        if (Threading.VIRTUAL.isActive(environment)) { // spring.threads.virtual.enabled on JDK 21+
            builder.virtualDispatchThreads(true);
        }
    }

    /**
     * The processors, but at least two: on one processor a single handler that blocks would stop
     * every other process.
     */
    static int defaultDispatchThreads() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    private static EtfLimits termLimits(NodemeshProperties.TermLimits limits) {
        EtfLimits depth = check(
                TERM_LIMITS + "max-depth",
                limits.getMaxDepth(),
                () -> EtfLimits.DEFAULTS.withMaxDepth(limits.getMaxDepth()),
                "");
        EtfLimits atoms = check(
                TERM_LIMITS + "max-atom-length",
                limits.getMaxAtomLength(),
                () -> depth.withMaxAtomLength(limits.getMaxAtomLength()),
                "");
        int termBytes = bytes(TERM_LIMITS + "max-term-size", limits.getMaxTermSize(), 1);
        int decompressedBytes = bytes(TERM_LIMITS + "max-decompressed-size", limits.getMaxDecompressedSize(), 0);
        return atoms.withMaxTermBytes(termBytes).withMaxDecompressedBytes(decompressedBytes);
    }

    private static int bytes(String property, DataSize size, long min) {
        if (size == null || size.toBytes() < min || size.toBytes() > Integer.MAX_VALUE) {
            throw new InvalidConfigurationPropertyValueException(
                    property,
                    size,
                    "it must be " + (min == 0 ? "0" : min + "B") + " to " + Integer.MAX_VALUE
                            + "B (under 2GB), such as 64MB");
        }
        return (int) size.toBytes();
    }

    /**
     * Runs a setter of core's, turning its complaint into a startup failure that names the
     * property; core's messages say what the value should look like.
     */
    private static <T> T check(String property, Object value, Supplier<T> setter, String hint) {
        if (value == null) {
            throw new InvalidConfigurationPropertyValueException(property, null, "a value is required");
        }
        try {
            return setter.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage() + hint);
        }
    }
}

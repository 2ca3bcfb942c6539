package dev.nodemesh.autoconfigure.discovery;

import dev.nodemesh.NodeName;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.NoopAuthoritativeDnsServerCache;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code dns} strategy: the members are the records of a DNS name, asked afresh at every poll
 * (no cache), as Elixir's libcluster {@code Kubernetes.DNS} strategy asks a headless service.
 *
 * <ul>
 *   <li>{@link Mode#ADDRESS}: each A and AAAA record of the name is a member {@code
 *       basename@<ip>} (a long name; the address written as Erlang's {@code inet:ntoa/1} writes
 *       it, {@code fd00::1}); with a fixed port, for nodes without EPMD, every member has
 *       it.
 *   <li>{@link Mode#SRV}: each SRV record of the name (such as {@code
 *       _dist._tcp.app.default.svc.cluster.local}) is a member {@code basename@<target>} with the
 *       record's port, which a node without EPMD dials.
 * </ul>
 *
 * <p>Records that are not what their type says (a wrong length, a name that is no node name) make
 * the whole answer a {@link DiscoveryException}: a source that answers garbage is not trusted for
 * the rest.
 */
public final class DnsDiscovery implements DiscoveryStrategy {

    /** Which records make the members. */
    public enum Mode {
        /** A and AAAA records: {@code basename@<ip>}. */
        ADDRESS,
        /** SRV records: {@code basename@<target>} and the record's port. */
        SRV
    }

    private final String query;

    private final Mode mode;

    private final String basename;

    private final int fixedPort;

    private final Duration timeout;

    private final List<InetSocketAddress> servers;

    /** The network thread and the resolver, made at the first question (none for a node that never polls). */
    private EventLoopGroup group;

    private DnsNameResolver resolver;

    private boolean closed;

    /**
     * Creates the strategy; its network thread (one) and its resolver, without cache, are made at
     * the first question.
     *
     * @param query the name to ask, such as {@code app.default.svc.cluster.local}
     * @param mode which records make the members
     * @param basename the alive part of the members' names
     * @param fixedPort 0, or the distribution port of every member (ADDRESS mode, without EPMD)
     * @param servers the name servers, asked in order; empty for the system's ({@code resolv.conf})
     * @param timeout how long one question may take
     */
    public DnsDiscovery(
            String query,
            Mode mode,
            String basename,
            int fixedPort,
            List<InetSocketAddress> servers,
            Duration timeout) {
        this.query = Objects.requireNonNull(query, "query");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.basename = Objects.requireNonNull(basename, "basename");
        this.fixedPort = fixedPort;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.servers = List.copyOf(servers);
    }

    @Override
    public String name() {
        return "dns(" + query + (mode == Mode.SRV ? " SRV" : "") + ")";
    }

    @Override
    public Set<DiscoveredNode> members() throws DiscoveryException {
        Set<DiscoveredNode> members = new LinkedHashSet<>();
        if (mode == Mode.SRV) {
            List<DnsRecord> records = ask(DnsRecordType.SRV);
            try {
                for (DnsRecord record : records) {
                    if (record.type() == DnsRecordType.SRV) {
                        members.add(service(record));
                    }
                }
            } finally {
                records.forEach(ReferenceCountUtil::release);
            }
            return members;
        }
        DiscoveryException failure = null;
        int answered = 0;
        for (DnsRecordType type : List.of(DnsRecordType.A, DnsRecordType.AAAA)) {
            List<DnsRecord> records;
            try {
                records = ask(type);
            } catch (DiscoveryException e) {
                failure = failure == null ? e : failure;
                continue;
            }
            answered++;
            try {
                for (DnsRecord record : records) {
                    if (record.type() == type) { // not the CNAMEs that led to them
                        members.add(new DiscoveredNode(node(address(record)), fixedPort));
                    }
                }
            } finally {
                records.forEach(ReferenceCountUtil::release);
            }
        }
        if (answered == 0) {
            throw failure;
        }
        return members;
    }

    /** The records of one type; the caller releases them. */
    private List<DnsRecord> ask(DnsRecordType type) throws DiscoveryException {
        Future<List<DnsRecord>> answer = resolver().resolveAll(new DefaultDnsQuestion(query, type));
        try {
            if (!answer.await(timeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS)) {
                answer.cancel(false);
                // an answer that comes after all the same is released, not leaked
                answer.addListener(late -> {
                    if (late.isSuccess()) {
                        answer.getNow().forEach(ReferenceCountUtil::release);
                    }
                });
                throw new DiscoveryException("no " + type.name() + " answer for " + query + " in " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscoveryException("interrupted while asking " + query, e);
        }
        if (!answer.isSuccess()) {
            Throwable cause = answer.cause();
            String why = cause instanceof UnknownHostException ? "no " + type.name() + " records" : cause.toString();
            throw new DiscoveryException(type.name() + " " + query + ": " + why, cause);
        }
        return answer.getNow();
    }

    private InetAddress address(DnsRecord record) throws DiscoveryException {
        ByteBuf content = raw(record).content();
        try {
            int length = content.readableBytes();
            if (record.type() == DnsRecordType.A ? length != 4 : length != 16) {
                throw new DiscoveryException(
                        record.type().name() + " record of " + query + " has " + length + " bytes of address");
            }
            byte[] bytes = new byte[length];
            content.getBytes(content.readerIndex(), bytes);
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new DiscoveryException("unreadable address in an answer for " + query, e);
        }
    }

    private DiscoveredNode service(DnsRecord record) throws DiscoveryException {
        ByteBuf content = raw(record).content().duplicate();
        if (content.readableBytes() < 7) {
            throw new DiscoveryException("SRV record of " + query + " has only " + content.readableBytes() + " bytes");
        }
        content.skipBytes(4); // priority and weight: every member is dialled, whatever their order
        int port = content.readUnsignedShort();
        String target;
        try {
            target = DefaultDnsRecordDecoder.decodeName(content);
        } catch (RuntimeException e) {
            throw new DiscoveryException("SRV record of " + query + " has an unreadable target", e);
        }
        if (target.endsWith(".")) {
            target = target.substring(0, target.length() - 1);
        }
        if (port == 0 || target.isEmpty()) {
            throw new DiscoveryException("SRV record of " + query + " has no target or port 0");
        }
        return new DiscoveredNode(member(target), port);
    }

    private static DnsRawRecord raw(DnsRecord record) throws DiscoveryException {
        if (record instanceof DnsRawRecord raw) {
            return raw;
        }
        throw new DiscoveryException("unexpected record " + record.type().name());
    }

    private NodeName node(InetAddress address) throws DiscoveryException {
        return member(AddressText.of(address));
    }

    private NodeName member(String host) throws DiscoveryException {
        try {
            return NodeName.parse(basename + '@' + host);
        } catch (IllegalArgumentException e) {
            throw new DiscoveryException("an answer for " + query + " is no node host: " + e.getMessage(), e);
        }
    }

    private synchronized DnsNameResolver resolver() throws DiscoveryException {
        if (closed) {
            throw new DiscoveryException("dns discovery of " + query + " is closed");
        }
        if (resolver == null) {
            DnsServerAddressStreamProvider nameServers = servers.isEmpty()
                    ? DnsServerAddressStreamProviders.platformDefault()
                    : new SequentialDnsServerAddressStreamProvider(servers);
            group = new MultiThreadIoEventLoopGroup(
                    1, new DefaultThreadFactory("nodemesh-discovery-dns", true), NioIoHandler.newFactory());
            resolver = new DnsNameResolverBuilder(group.next())
                    .datagramChannelType(NioDatagramChannel.class)
                    .socketChannelType(NioSocketChannel.class)
                    .nameServerProvider(nameServers)
                    .resolveCache(NoopDnsCache.INSTANCE)
                    .cnameCache(NoopDnsCnameCache.INSTANCE)
                    .authoritativeDnsServerCache(NoopAuthoritativeDnsServerCache.INSTANCE)
                    .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                    .queryTimeoutMillis(timeout.toMillis())
                    .recursionDesired(true)
                    .build();
        }
        return resolver;
    }

    @Override
    public void close() {
        EventLoopGroup stopping;
        synchronized (this) {
            closed = true;
            if (resolver != null) {
                resolver.close();
            }
            stopping = group;
        }
        if (stopping != null) {
            stopping.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}

package dev.nodemesh.autoconfigure.discovery;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small authoritative DNS server on a loopback UDP port, for tests: it answers A, AAAA and SRV
 * questions from records the test adds and removes while it runs (NOERROR with no answer for a
 * name it has no records of), and can be told to answer one record with raw bytes of its choosing.
 */
public final class TestDnsServer implements AutoCloseable {

    private static final int TTL = 1;

    private final Map<String, List<Record>> records = new ConcurrentHashMap<>();

    private final AtomicInteger questions = new AtomicInteger();

    private final EventLoopGroup group;

    private final Channel channel;

    private record Record(DnsRecordType type, byte[] data) {}

    private TestDnsServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Starts a server on 127.0.0.1 and a free port.
     *
     * @return the running server
     * @throws InterruptedException when interrupted while binding
     */
    public static TestDnsServer start() throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        TestDnsServer[] server = new TestDnsServer[1];
        try {
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(NioDatagramChannel.class)
                    .handler(new ChannelInitializer<DatagramChannel>() {
                        @Override
                        protected void initChannel(DatagramChannel ch) {
                            ch.pipeline()
                                    .addLast(new DatagramDnsQueryDecoder())
                                    .addLast(new DatagramDnsResponseEncoder())
                                    .addLast(new SimpleChannelInboundHandler<DatagramDnsQuery>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
                                            ctx.writeAndFlush(server[0].answer(query));
                                        }
                                    });
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .sync()
                    .channel();
            server[0] = new TestDnsServer(group, channel);
            return server[0];
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Where the server listens, for {@code nodemesh.discovery.dns.servers}. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** How many questions the server answered. */
    public int questions() {
        return questions.get();
    }

    /** Adds an A or AAAA record (by the address' family) of the name. */
    public void addAddress(String name, InetAddress address) {
        DnsRecordType type = address.getAddress().length == 4 ? DnsRecordType.A : DnsRecordType.AAAA;
        add(name, new Record(type, address.getAddress()));
    }

    /** Removes an A or AAAA record of the name. */
    public void removeAddress(String name, InetAddress address) {
        records.getOrDefault(key(name), new ArrayList<>())
                .removeIf(
                        r -> r.type() != DnsRecordType.SRV && java.util.Arrays.equals(r.data(), address.getAddress()));
    }

    /** Adds an SRV record of the name: priority 0, weight 0, the port and the target (uncompressed). */
    public void addService(String name, int port, String target) {
        ByteBuf data = Unpooled.buffer();
        data.writeShort(0).writeShort(0).writeShort(port);
        for (String label : target.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            data.writeByte(bytes.length).writeBytes(bytes);
        }
        data.writeByte(0);
        byte[] bytes = new byte[data.readableBytes()];
        data.readBytes(bytes);
        add(name, new Record(DnsRecordType.SRV, bytes));
    }

    /** Adds a record of the type with raw, possibly malformed, data. */
    public void addRaw(String name, DnsRecordType type, byte[] data) {
        add(name, new Record(type, data.clone()));
    }

    /** Removes every record of the name. */
    public void clear(String name) {
        records.remove(key(name));
    }

    private void add(String name, Record record) {
        records.computeIfAbsent(key(name), k -> new CopyOnWriteArrayList<>()).add(record);
    }

    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private DatagramDnsResponse answer(DatagramDnsQuery query) {
        questions.incrementAndGet();
        DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
        response.setAuthoritativeAnswer(true);
        response.setRecursionAvailable(true);
        response.setRecursionDesired(query.isRecursionDesired()); // copied, as RFC 1035 says (inet_res checks)
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        if (question == null) {
            response.setCode(DnsResponseCode.FORMERR);
            return response;
        }
        response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type()));
        for (Record record : records.getOrDefault(key(question.name()), List.of())) {
            if (record.type().equals(question.type())) {
                response.addRecord(
                        DnsSection.ANSWER,
                        new DefaultDnsRawRecord(
                                question.name(), record.type(), TTL, Unpooled.wrappedBuffer(record.data())));
            }
        }
        return response;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}

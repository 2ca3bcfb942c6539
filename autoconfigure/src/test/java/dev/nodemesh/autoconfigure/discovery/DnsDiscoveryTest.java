package dev.nodemesh.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.nodemesh.NodeName;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code dns} strategy against a real DNS server on loopback whose records change. */
class DnsDiscoveryTest {

    private static final String SERVICE = "app.default.svc.cluster.local";

    private static final String SRV = "_dist._tcp." + SERVICE;

    private TestDnsServer dns;

    @BeforeEach
    void startDns() throws InterruptedException {
        dns = TestDnsServer.start();
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    private DnsDiscovery discovery(String query, DnsDiscovery.Mode mode, int fixedPort) {
        return new DnsDiscovery(query, mode, "app", fixedPort, List.of(dns.address()), Duration.ofSeconds(2));
    }

    @Test
    void addressRecordsShouldBecomeLongNamesAndFollowTheRecords() throws Exception {
        dns.addAddress(SERVICE, InetAddress.getByName("10.1.0.7"));
        dns.addAddress(SERVICE, InetAddress.getByName("10.1.0.8"));
        try (DnsDiscovery discovery = discovery(SERVICE, DnsDiscovery.Mode.ADDRESS, 0)) {
            assertThat(discovery.members())
                    .containsExactlyInAnyOrder(
                            DiscoveredNode.of(NodeName.parse("app@10.1.0.7")),
                            DiscoveredNode.of(NodeName.parse("app@10.1.0.8")));

            dns.removeAddress(SERVICE, InetAddress.getByName("10.1.0.7"));
            dns.addAddress(SERVICE, InetAddress.getByName("10.1.0.9"));

            assertThat(discovery.members())
                    .extracting(member -> member.name().toString())
                    .containsExactlyInAnyOrder("app@10.1.0.8", "app@10.1.0.9");
        }
    }

    @Test
    void aNameWithoutRecordsShouldBeAFailureSoThatTheLastMembersAreKept() throws Exception {
        try (DnsDiscovery discovery = discovery(SERVICE, DnsDiscovery.Mode.ADDRESS, 0)) {
            assertThatExceptionOfType(DiscoveryException.class)
                    .isThrownBy(discovery::members)
                    .withMessageContaining("no A records");
        }
    }

    @Test
    void aaaaRecordsShouldBeNamedAsErlangWritesTheAddress() throws Exception {
        dns.addAddress(SERVICE, InetAddress.getByName("fd00::7"));
        try (DnsDiscovery discovery = discovery(SERVICE, DnsDiscovery.Mode.ADDRESS, 0)) {
            assertThat(discovery.members()).containsExactly(DiscoveredNode.of(NodeName.parse("app@fd00::7")));
        }
    }

    @Test
    void aFixedPortShouldGoWithEveryAddress() throws Exception {
        dns.addAddress(SERVICE, InetAddress.getByName("10.1.0.7"));
        try (DnsDiscovery discovery = discovery(SERVICE, DnsDiscovery.Mode.ADDRESS, 9100)) {
            assertThat(discovery.members()).containsExactly(new DiscoveredNode(NodeName.parse("app@10.1.0.7"), 9100));
        }
    }

    @Test
    void srvRecordsShouldGiveTargetAndPort() throws Exception {
        dns.addService(SRV, 9100, "app-0.app.default.svc.cluster.local");
        dns.addService(SRV, 9101, "app-1.app.default.svc.cluster.local");
        try (DnsDiscovery discovery = discovery(SRV, DnsDiscovery.Mode.SRV, 0)) {
            assertThat(discovery.members())
                    .containsExactlyInAnyOrder(
                            new DiscoveredNode(NodeName.parse("app@app-0.app.default.svc.cluster.local"), 9100),
                            new DiscoveredNode(NodeName.parse("app@app-1.app.default.svc.cluster.local"), 9101));
        }
    }

    @Test
    void anAddressOfTheWrongLengthShouldFailTheAnswer() throws Exception {
        dns.addAddress(SERVICE, InetAddress.getByName("10.1.0.7"));
        dns.addRaw(SERVICE, DnsRecordType.A, new byte[] {10, 1, 0, 8, 99});
        try (DnsDiscovery discovery = discovery(SERVICE, DnsDiscovery.Mode.ADDRESS, 0)) {
            assertThatExceptionOfType(DiscoveryException.class)
                    .isThrownBy(discovery::members)
                    .withMessageContaining("5 bytes of address");
        }
    }

    @Test
    void aTruncatedSrvRecordShouldFailTheAnswer() throws Exception {
        dns.addRaw(SRV, DnsRecordType.SRV, new byte[] {0, 0, 0, 0, 35});
        try (DnsDiscovery discovery = discovery(SRV, DnsDiscovery.Mode.SRV, 0)) {
            assertThatExceptionOfType(DiscoveryException.class)
                    .isThrownBy(discovery::members)
                    .withMessageContaining("only 5 bytes");
        }
    }

    @Test
    void aServerThatDoesNotAnswerShouldFailWithinTheTimeout() throws Exception {
        InetSocketAddress silent = dns.address();
        dns.close();
        try (DnsDiscovery discovery = new DnsDiscovery(
                SERVICE, DnsDiscovery.Mode.ADDRESS, "app", 0, List.of(silent), Duration.ofMillis(300))) {
            assertThatExceptionOfType(DiscoveryException.class).isThrownBy(discovery::members);
        }
        dns = TestDnsServer.start();
    }
}

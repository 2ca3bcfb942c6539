package dev.nodemesh.autoconfigure.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Addresses written as {@code inet:ntoa/1} writes them (the expected texts are erl's own output). */
class AddressTextTest {

    @ParameterizedTest
    @CsvSource({
        "fd00:0:0:0:0:0:0:1, fd00::1",
        "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7",
        "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",
        "0:0:0:0:0:0:0:0, ::",
        "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "ABCD:1:2:3:4:5:6:7, abcd:1:2:3:4:5:6:7",
        "0:0:0:0:0:0:0:1, ::1",
        "10.1.0.7, 10.1.0.7"
    })
    void shouldWriteTheAddressAsErlangDoes(String address, String expected) throws UnknownHostException {
        assertThat(AddressText.of(InetAddress.getByName(address))).isEqualTo(expected);
    }
}

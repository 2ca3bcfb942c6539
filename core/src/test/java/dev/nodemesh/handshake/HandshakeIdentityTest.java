package dev.nodemesh.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeIdentityTest {

    private static final byte[] COOKIE = Harness.COOKIE.getBytes(StandardCharsets.US_ASCII);

    @Test
    void neverShowsTheCookie() {
        HandshakeIdentity identity = new HandshakeIdentity("j@host", DistFlags.DEFAULT_HIDDEN, 7, COOKIE);
        assertThat(identity.toString()).doesNotContain(Harness.COOKIE).contains("j@host", "0xd075f7fbc", "7");
    }

    @Test
    void copiesTheCookieInAndOut() {
        byte[] cookie = COOKIE.clone();
        HandshakeIdentity identity = new HandshakeIdentity("j@host", 0, 1, cookie);
        cookie[0] = 'x';
        identity.cookie()[1] = 'y';
        assertThat(identity.cookie()).isEqualTo(COOKIE);
        assertThat(identity).isEqualTo(new HandshakeIdentity("j@host", 0, 1, COOKIE.clone()));
        assertThat(identity.hashCode()).isEqualTo(new HandshakeIdentity("j@host", 0, 1, COOKIE.clone()).hashCode());
        assertThat(identity).isNotEqualTo(new HandshakeIdentity("j@host", 0, 1, new byte[] {1}));
    }

    @Test
    void showsCreationUnsigned() {
        assertThat(new HandshakeIdentity("j@h", 0, -1, COOKIE).toString()).contains("4294967295");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nohost", "@host", "alive@", "a@b@c", "a\tb@c", "a@c\u007f"})
    void rejectsInvalidNames(String name) {
        assertThatThrownBy(() -> new HandshakeIdentity(name, 0, 1, COOKIE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(Harness.COOKIE);
        assertThatThrownBy(() -> HandshakeHandler.initiator(
                        new HandshakeIdentity("j@h", 0, 1, COOKIE), name, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitsNamesTo255Bytes() {
        String host = "h".repeat(253);
        assertThat(new HandshakeIdentity("a@" + host, 0, 1, COOKIE).nodeName()).hasSize(255);
        assertThatThrownBy(() -> new HandshakeIdentity("ab@" + host, 0, 1, COOKIE))
                .hasMessageContaining("255 bytes");
        // bytes, not characters: 128 two-byte characters
        assertThatThrownBy(() -> new HandshakeIdentity("a@" + "é".repeat(128), 0, 1, COOKIE))
                .hasMessageContaining("255 bytes");
    }

    @Test
    void rejectsNameMe() {
        assertThatThrownBy(() -> new HandshakeIdentity("j@h", DistFlags.NAME_ME, 1, COOKIE))
                .hasMessageContaining("NAME_ME");
    }

    @Test
    void rejectsANonPositiveTimeout() {
        HandshakeIdentity identity = new HandshakeIdentity("j@h", 0, 1, COOKIE);
        assertThatThrownBy(() -> HandshakeHandler.initiator(identity, "k@h", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandshakeHandler.acceptor(identity, (n, f, c) -> null, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.nodemesh.handshake;

import static dev.nodemesh.handshake.Wire.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class CookieDigestTest {

    private static final byte[] SECRETC = "secretc".getBytes(StandardCharsets.US_ASCII);

    @Test
    void matchesTheDigestsOfTheCapturedHandshake() {
        // docs/erlang-distribution.md §2.6: a real OTP 25 <-> OTP 25 capture
        assertThat(hex(CookieDigest.of(SECRETC, 189633123))).isEqualTo("40af1179ca5b9251d2aed101447ae513");
        assertThat(hex(CookieDigest.of(SECRETC, 439246302))).isEqualTo("922db9e2c9b63ad6c8f442d22e07e136");
    }

    @Test
    void cookieComesFirst() {
        // the wrong order (challenge, then cookie) gives the digest the OTP 25 HTML describes
        assertThat(hex(CookieDigest.of(SECRETC, 189633123))).isNotEqualTo("99ff511ab1e837fd21ac09eb8370eef9");
    }

    @Test
    void readsTheChallengeUnsigned() throws Exception {
        int challenge = (int) 3505538324L; // seen on the wire; negative as a Java int
        assertThat(challenge).isNegative();
        byte[] expected =
                MessageDigest.getInstance("MD5").digest("secretc3505538324".getBytes(StandardCharsets.US_ASCII));
        assertThat(CookieDigest.of(SECRETC, challenge)).isEqualTo(expected);
        assertThat(CookieDigest.of(SECRETC, -1))
                .isEqualTo(MessageDigest.getInstance("MD5")
                        .digest("secretc4294967295".getBytes(StandardCharsets.US_ASCII)));
        assertThat(CookieDigest.of(SECRETC, 0))
                .isEqualTo(MessageDigest.getInstance("MD5").digest("secretc0".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void comparesContents() {
        byte[] digest = CookieDigest.of(SECRETC, 1);
        assertThat(CookieDigest.matches(digest, digest.clone())).isTrue();
        byte[] last = digest.clone();
        last[15] ^= 1;
        byte[] first = digest.clone();
        first[0] ^= (byte) 0x80;
        assertThat(CookieDigest.matches(digest, last)).isFalse();
        assertThat(CookieDigest.matches(digest, first)).isFalse();
        assertThat(CookieDigest.matches(digest, new byte[15])).isFalse();
        assertThat(CookieDigest.of(SECRETC, 1)).hasSize(CookieDigest.LENGTH);
    }
}

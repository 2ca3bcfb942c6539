package dev.nodemesh.handshake;

import static dev.nodemesh.handshake.DistFlags.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DistFlagsTest {

    private static final List<String> ELEVEN = List.of(
            "EXTENDED_REFERENCES",
            "FUN_TAGS",
            "NEW_FUN_TAGS",
            "EXTENDED_PIDS_PORTS",
            "EXPORT_PTR_TAG",
            "BIT_BINARIES",
            "NEW_FLOATS",
            "UTF8_ATOMS",
            "MAP_TAG",
            "BIG_CREATION",
            "HANDSHAKE_23");

    @Test
    void mandatorySetIsTheElevenFlags() {
        assertThat(EXTENDED_REFERENCES
                        | FUN_TAGS
                        | NEW_FUN_TAGS
                        | EXTENDED_PIDS_PORTS
                        | EXPORT_PTR_TAG
                        | BIT_BINARIES
                        | NEW_FLOATS
                        | UTF8_ATOMS
                        | MAP_TAG
                        | BIG_CREATION
                        | HANDSHAKE_23)
                .isEqualTo(MANDATORY_25);
        assertThat(describe(MANDATORY_25)).isEqualTo(String.join("|", ELEVEN));
    }

    @Test
    void theDigestBitIsBit26() {
        assertThat(MANDATORY_25_DIGEST).isEqualTo(1L << 26);
        assertThat(LOCAL_EXT).isEqualTo(1L << 36);
    }

    @Test
    void defaultsAreTheDocumentedProfile() {
        long expected = MANDATORY_25
                | MANDATORY_25_DIGEST
                | DIST_MONITOR
                | DIST_MONITOR_NAME
                | UNICODE_IO
                | DIST_HDR_ATOM_CACHE
                | SMALL_ATOM_TAGS
                | SEND_SENDER
                | BIG_SEQTRACE_LABELS
                | EXIT_PAYLOAD
                | UNLINK_ID
                | SPAWN
                | V4_NC
                | ALIAS;
        assertThat(DEFAULT_HIDDEN).isEqualTo(expected);
        assertThat(DEFAULT_VISIBLE).isEqualTo(expected | PUBLISHED);
        assertThat(DEFAULT_HIDDEN & (FRAGMENTS | NAME_ME | PUBLISHED)).isZero();
        // what OTP 25.2.3 announces (docs/erlang-distribution.md §3.3), less FRAGMENTS
        assertThat(DEFAULT_HIDDEN).isEqualTo(0x0000000D07DF7FBCL & ~FRAGMENTS);
        assertThat(missingMandatory(DEFAULT_HIDDEN)).isEmpty();
    }

    @Test
    void describesEveryBitOfARealOtpNode() {
        // docs/erlang-distribution.md §3.3: what OTP 25.2.3 advertises as a visible node
        assertThat(describe(0x0000000D07DF7FBDL))
                .isEqualTo("PUBLISHED|EXTENDED_REFERENCES|DIST_MONITOR|FUN_TAGS|DIST_MONITOR_NAME|NEW_FUN_TAGS|"
                        + "EXTENDED_PIDS_PORTS|EXPORT_PTR_TAG|BIT_BINARIES|NEW_FLOATS|UNICODE_IO|DIST_HDR_ATOM_CACHE|"
                        + "SMALL_ATOM_TAGS|UTF8_ATOMS|MAP_TAG|BIG_CREATION|SEND_SENDER|BIG_SEQTRACE_LABELS|"
                        + "EXIT_PAYLOAD|FRAGMENTS|HANDSHAKE_23|UNLINK_ID|MANDATORY_25_DIGEST|SPAWN|V4_NC|ALIAS");
    }

    @Test
    void describesUnnamedBitsInHex() {
        assertThat(describe(0)).isEqualTo("0");
        assertThat(describe(PUBLISHED | 0x8000L | 1L << 63)).isEqualTo("PUBLISHED|0x8000|0x8000000000000000");
        assertThat(describe(ATOM_CACHE | HIDDEN_ATOM_CACHE | NAME_ME | LOCAL_EXT | ALTACT_SIG))
                .isEqualTo("ATOM_CACHE|HIDDEN_ATOM_CACHE|NAME_ME|LOCAL_EXT|ALTACT_SIG");
    }

    @Test
    void expandAddsTheElevenOnlyForBit26() {
        long shorthand = 0xd06585028L; // OTP 25.2.3 accepted this: the eleven removed, bit 26 set
        assertThat(shorthand & MANDATORY_25).isZero();
        assertThat(expand(shorthand)).isEqualTo(shorthand | MANDATORY_25);
        assertThat(missingMandatory(shorthand)).isEmpty();

        long bit36 = 0x1d02585028L; // OTP 25.2.3 refused this, listing all eleven
        assertThat(expand(bit36)).isEqualTo(bit36);
        assertThat(missingMandatory(bit36)).isEqualTo(ELEVEN);
    }

    @Test
    void namesWhatIsMissing() {
        assertThat(missingMandatory(MANDATORY_25 & ~MAP_TAG)).containsExactly("MAP_TAG");
        assertThat(missingMandatory(MANDATORY_25 & ~(HANDSHAKE_23 | EXTENDED_REFERENCES)))
                .containsExactly("EXTENDED_REFERENCES", "HANDSHAKE_23");
        assertThat(missingMandatory(0)).isEqualTo(ELEVEN);
        // JInterface 1.13.1's flags
        assertThat(missingMandatory(0x0000000407070F94L)).isEmpty();
    }
}

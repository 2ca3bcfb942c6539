package dev.nodemesh.handshake;

import java.util.ArrayList;
import java.util.List;

/**
 * The distribution capability flags exchanged in the handshake, as bits of a 64-bit word, and the
 * OTP 25 rules about which of them a peer must have.
 *
 * <p>The default flag words announce everything nodemesh understands, {@link
 * #DIST_HDR_ATOM_CACHE} included, and leave out {@link #FRAGMENTS}: with a peer that announces the
 * atom cache too, packets carry a distribution header; with any other, pass-through framing.
 */
public final class DistFlags {

    /** The node is visible; a connection is visible only when both sides set it. */
    public static final long PUBLISHED = 1L;
    /** Obsolete atom cache; never set. */
    public static final long ATOM_CACHE = 1L << 1;
    /** Multi-word references. Mandatory in OTP 25. */
    public static final long EXTENDED_REFERENCES = 1L << 2;
    /** Remote process monitors. */
    public static final long DIST_MONITOR = 1L << 3;
    /** Fun tags. Mandatory in OTP 25. */
    public static final long FUN_TAGS = 1L << 4;
    /** Monitors by registered name. */
    public static final long DIST_MONITOR_NAME = 1L << 5;
    /** Obsolete hidden atom cache; never set. */
    public static final long HIDDEN_ATOM_CACHE = 1L << 6;
    /** Understands {@code NEW_FUN_EXT}. Mandatory in OTP 25. */
    public static final long NEW_FUN_TAGS = 1L << 7;
    /** Extended pids and ports. Mandatory in OTP 25. */
    public static final long EXTENDED_PIDS_PORTS = 1L << 8;
    /** Understands {@code EXPORT_EXT}. Mandatory in OTP 25. */
    public static final long EXPORT_PTR_TAG = 1L << 9;
    /** Understands {@code BIT_BINARY_EXT}. Mandatory in OTP 25. */
    public static final long BIT_BINARIES = 1L << 10;
    /** Understands {@code NEW_FLOAT_EXT}. Mandatory in OTP 25. */
    public static final long NEW_FLOATS = 1L << 11;
    /** Unicode I/O protocol. */
    public static final long UNICODE_IO = 1L << 12;
    /**
     * Distribution header with atom cache: when both sides set it, packets start with a
     * distribution header and the peer may send atoms as references to a per-connection cache.
     */
    public static final long DIST_HDR_ATOM_CACHE = 1L << 13;
    /** Understands {@code SMALL_ATOM_EXT}. */
    public static final long SMALL_ATOM_TAGS = 1L << 14;
    /** Understands the UTF-8 atom tags. Mandatory in OTP 25. */
    public static final long UTF8_ATOMS = 1L << 16;
    /** Understands {@code MAP_EXT}. Mandatory in OTP 25. */
    public static final long MAP_TAG = 1L << 17;
    /** 32-bit creation in pids, ports and references. Mandatory in OTP 25. */
    public static final long BIG_CREATION = 1L << 18;
    /** The peer sends {@code SEND_SENDER} instead of {@code SEND}. */
    public static final long SEND_SENDER = 1L << 19;
    /** Any term as a sequential trace label. */
    public static final long BIG_SEQTRACE_LABELS = 1L << 20;
    /** Exit and down signals carry their reason as a separate payload term. */
    public static final long EXIT_PAYLOAD = 1L << 22;
    /** Fragmented messages; nodemesh does not reassemble fragments, so it never sets it. */
    public static final long FRAGMENTS = 1L << 23;
    /** The version-6 handshake. Mandatory in OTP 25. */
    public static final long HANDSHAKE_23 = 1L << 24;
    /** The new link protocol ({@code UNLINK_ID}). Mandatory from OTP 26. */
    public static final long UNLINK_ID = 1L << 25;
    /**
     * Shorthand for all eleven flags of {@link #MANDATORY_25}: a peer that sets it is treated as
     * having them. Bit 26, as in the OTP 25 sources and as OTP 25.2.3 behaves; the OTP
     * documentation's {@code 1 bsl 36} is wrong.
     */
    public static final long MANDATORY_25_DIGEST = 0x04000000L;
    /** {@code SPAWN_REQUEST} and {@code SPAWN_REPLY}. */
    public static final long SPAWN = 1L << 32;
    /** A request for a dynamic name, sent only by an initiator; not a capability. */
    public static final long NAME_ME = 1L << 33;
    /** Full 32-bit pid fields, {@code V4_PORT_EXT}, references of up to 5 words. Mandatory from OTP 26. */
    public static final long V4_NC = 1L << 34;
    /** {@code ALIAS_SEND}. */
    public static final long ALIAS = 1L << 35;
    /** OTP 26+ internal "local" external format; never on the wire. */
    public static final long LOCAL_EXT = 1L << 36;
    /** {@code ALTACT_SIG_SEND} (OTP 28). */
    public static final long ALTACT_SIG = 1L << 37;

    /** The eleven flags OTP 25 refuses a peer without ({@code not_allowed}). */
    public static final long MANDATORY_25 = 0x01070F94L;

    /**
     * What a hidden nodemesh node announces: the mandatory set, the digest bit, {@link #UNLINK_ID},
     * {@link #V4_NC} and the optional features it handles, {@link #DIST_HDR_ATOM_CACHE} included;
     * without fragments.
     */
    public static final long DEFAULT_HIDDEN = 0x0000000D075F7FBCL;

    /** {@link #DEFAULT_HIDDEN} plus {@link #PUBLISHED}: what a visible nodemesh node announces. */
    public static final long DEFAULT_VISIBLE = 0x0000000D075F7FBDL;

    private static final String[] NAMES = new String[64];

    static {
        NAMES[0] = "PUBLISHED";
        NAMES[1] = "ATOM_CACHE";
        NAMES[2] = "EXTENDED_REFERENCES";
        NAMES[3] = "DIST_MONITOR";
        NAMES[4] = "FUN_TAGS";
        NAMES[5] = "DIST_MONITOR_NAME";
        NAMES[6] = "HIDDEN_ATOM_CACHE";
        NAMES[7] = "NEW_FUN_TAGS";
        NAMES[8] = "EXTENDED_PIDS_PORTS";
        NAMES[9] = "EXPORT_PTR_TAG";
        NAMES[10] = "BIT_BINARIES";
        NAMES[11] = "NEW_FLOATS";
        NAMES[12] = "UNICODE_IO";
        NAMES[13] = "DIST_HDR_ATOM_CACHE";
        NAMES[14] = "SMALL_ATOM_TAGS";
        NAMES[16] = "UTF8_ATOMS";
        NAMES[17] = "MAP_TAG";
        NAMES[18] = "BIG_CREATION";
        NAMES[19] = "SEND_SENDER";
        NAMES[20] = "BIG_SEQTRACE_LABELS";
        NAMES[22] = "EXIT_PAYLOAD";
        NAMES[23] = "FRAGMENTS";
        NAMES[24] = "HANDSHAKE_23";
        NAMES[25] = "UNLINK_ID";
        NAMES[26] = "MANDATORY_25_DIGEST";
        NAMES[32] = "SPAWN";
        NAMES[33] = "NAME_ME";
        NAMES[34] = "V4_NC";
        NAMES[35] = "ALIAS";
        NAMES[36] = "LOCAL_EXT";
        NAMES[37] = "ALTACT_SIG";
    }

    private DistFlags() {}

    /**
     * Returns the flags as OTP 25 reads them: with {@link #MANDATORY_25} added when the {@link
     * #MANDATORY_25_DIGEST} bit is set.
     *
     * @param flags a flag word from the wire
     * @return the expanded flags
     */
    public static long expand(long flags) {
        return (flags & MANDATORY_25_DIGEST) != 0 ? flags | MANDATORY_25 : flags;
    }

    /**
     * Names the OTP 25 mandatory flags a peer lacks, after {@link #expand}.
     *
     * @param peerFlags the flag word the peer sent
     * @return the missing flags' names (such as {@code "MAP_TAG"}) in bit order; empty when none
     *     is missing
     */
    public static List<String> missingMandatory(long peerFlags) {
        long missing = MANDATORY_25 & ~expand(peerFlags);
        List<String> names = new ArrayList<>(Long.bitCount(missing));
        for (int bit = 0; bit < 64; bit++) {
            if ((missing & (1L << bit)) != 0) {
                names.add(NAMES[bit]);
            }
        }
        return List.copyOf(names);
    }

    /**
     * Renders a flag word for logs, as the flags' names joined by {@code |} in bit order; a bit
     * without a name shows as its hex value.
     *
     * @param flags a flag word
     * @return for example {@code "PUBLISHED|EXTENDED_REFERENCES|0x8000"}, or {@code "0"} for no
     *     flag
     */
    public static String describe(long flags) {
        if (flags == 0) {
            return "0";
        }
        StringBuilder text = new StringBuilder();
        for (int bit = 0; bit < 64; bit++) {
            long mask = 1L << bit;
            if ((flags & mask) == 0) {
                continue;
            }
            if (text.length() > 0) {
                text.append('|');
            }
            text.append(NAMES[bit] != null ? NAMES[bit] : "0x" + Long.toHexString(mask));
        }
        return text.toString();
    }
}

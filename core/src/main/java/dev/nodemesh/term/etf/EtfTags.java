package dev.nodemesh.term.etf;

/**
 * The wire layout of the External Term Format: one constant per tag, each with its byte diagram.
 * This is the one place the layouts are written down; the decoder and encoder refer to it.
 *
 * <p>All integers are big-endian and unsigned unless marked {@code i32} (signed). {@code Node},
 * {@code Module} and {@code Function} are atom terms in any of the four atom encodings. A
 * stand-alone term starts with {@link #VERSION}; a term after a distribution header does not.
 *
 * <pre>
 *  stand-alone term          compressed term
 * +-----+-----+------+      +-----+----+-------------------+-------------+
 * | 131 | Tag | Data |      | 131 | 80 | UncompressedSize  | zlib stream |
 * +-----+-----+------+      |     |    | u32               | → Tag, Data |
 *    1     1     N          +-----+----+-------------------+-------------+
 * </pre>
 *
 * @see <a href="https://www.erlang.org/doc/apps/erts/erl_ext_dist.html">External Term Format</a>
 */
public final class EtfTags {

    private EtfTags() {}

    /** The version byte that starts every stand-alone term. */
    public static final int VERSION = 131;

    /**
     * A float as an IEEE 754 double; NaN and infinities are invalid. OTP 25 writes every float so.
     *
     * <pre>
     * +----+--------------+
     * | 70 | IEEE 754 u64 |
     * +----+--------------+
     *   1         8
     * </pre>
     */
    public static final int NEW_FLOAT_EXT = 70;

    /**
     * A bitstring whose length is not a whole number of bytes. {@code Bits} (1..8) is how many of
     * the last byte's most significant bits belong to it; {@code Len} 0 goes with {@code Bits} 0.
     *
     * <pre>
     * +----+---------+---------+-----------+
     * | 77 | Len u32 | Bits u8 | Data[Len] |
     * +----+---------+---------+-----------+
     *   1       4         1        Len
     * </pre>
     */
    public static final int BIT_BINARY_EXT = 77;

    /**
     * A compressed term; valid only directly after {@link #VERSION} (or as the whole body after a
     * distribution header). The zlib stream inflates to exactly {@code UncompressedSize} bytes of
     * {@code Tag, Data}.
     *
     * <pre>
     * +----+----------------------+-------------+
     * | 80 | UncompressedSize u32 | zlib stream |
     * +----+----------------------+-------------+
     *   1            4                  N
     * </pre>
     */
    public static final int COMPRESSED = 80;

    /**
     * A reference into the atom cache of a distribution header; invalid anywhere else.
     *
     * <pre>
     * +----+----------+
     * | 82 | Index u8 |
     * +----+----------+
     * </pre>
     */
    public static final int ATOM_CACHE_REF = 82;

    /**
     * A pid.
     *
     * <pre>
     * +----+------+--------+------------+--------------+
     * | 88 | Node | ID u32 | Serial u32 | Creation u32 |
     * +----+------+--------+------------+--------------+
     *   1     N       4          4             4
     * </pre>
     */
    public static final int NEW_PID_EXT = 88;

    /**
     * A port whose id fits 28 bits (larger ids use {@link #V4_PORT_EXT}).
     *
     * <pre>
     * +----+------+--------+--------------+
     * | 89 | Node | ID u32 | Creation u32 |
     * +----+------+--------+--------------+
     *   1     N       4           4
     * </pre>
     */
    public static final int NEW_PORT_EXT = 89;

    /**
     * A reference of 1 to 5 id words ({@code Len}); OTP 25 writes 3.
     *
     * <pre>
     * +----+---------+------+--------------+---------------+
     * | 90 | Len u16 | Node | Creation u32 | ID[Len] u32.. |
     * +----+---------+------+--------------+---------------+
     *   1       2       N          4            4 * Len
     * </pre>
     */
    public static final int NEWER_REFERENCE_EXT = 90;

    /**
     * An integer 0..255.
     *
     * <pre>
     * +----+--------+
     * | 97 | Int u8 |
     * +----+--------+
     * </pre>
     */
    public static final int SMALL_INTEGER_EXT = 97;

    /**
     * A signed 32-bit integer.
     *
     * <pre>
     * +----+---------+
     * | 98 | Int i32 |
     * +----+---------+
     *   1       4
     * </pre>
     */
    public static final int INTEGER_EXT = 98;

    /**
     * A float as 31 bytes of {@code "%.20e"} text, NUL padded (minor version 0; decode only).
     *
     * <pre>
     * +----+------------------+
     * | 99 | Float string[31] |
     * +----+------------------+
     * </pre>
     */
    public static final int FLOAT_EXT = 99;

    /**
     * An atom in Latin-1, at most 255 characters (deprecated; OTP 25 {@code term_to_binary} still
     * writes it by default, distribution never does).
     *
     * <pre>
     * +-----+---------+---------------+
     * | 100 | Len u16 | Latin-1[Len]  |
     * +-----+---------+---------------+
     * </pre>
     */
    public static final int ATOM_EXT = 100;

    /**
     * A reference of one id word with a two-bit creation (legacy, decode only).
     *
     * <pre>
     * +-----+------+--------+-------------+
     * | 101 | Node | ID u32 | Creation u8 |
     * +-----+------+--------+-------------+
     * </pre>
     */
    public static final int REFERENCE_EXT = 101;

    /**
     * A port with a two-bit creation (legacy, decode only).
     *
     * <pre>
     * +-----+------+--------+-------------+
     * | 102 | Node | ID u32 | Creation u8 |
     * +-----+------+--------+-------------+
     * </pre>
     */
    public static final int PORT_EXT = 102;

    /**
     * A pid with a two-bit creation (legacy, decode only).
     *
     * <pre>
     * +-----+------+--------+------------+-------------+
     * | 103 | Node | ID u32 | Serial u32 | Creation u8 |
     * +-----+------+--------+------------+-------------+
     * </pre>
     */
    public static final int PID_EXT = 103;

    /**
     * A tuple of up to 255 elements.
     *
     * <pre>
     * +-----+----------+-------------------+
     * | 104 | Arity u8 | Elements[Arity].. |
     * +-----+----------+-------------------+
     * </pre>
     */
    public static final int SMALL_TUPLE_EXT = 104;

    /**
     * A tuple of more than 255 elements.
     *
     * <pre>
     * +-----+-----------+-------------------+
     * | 105 | Arity u32 | Elements[Arity].. |
     * +-----+-----------+-------------------+
     * </pre>
     */
    public static final int LARGE_TUPLE_EXT = 105;

    /**
     * The empty list {@code []}.
     *
     * <pre>
     * +-----+
     * | 106 |
     * +-----+
     * </pre>
     */
    public static final int NIL_EXT = 106;

    /**
     * A proper list of 1..65535 integers 0..255, one byte each, at any depth.
     *
     * <pre>
     * +-----+---------+-------------+
     * | 107 | Len u16 | Bytes[Len]  |
     * +-----+---------+-------------+
     * </pre>
     */
    public static final int STRING_EXT = 107;

    /**
     * A list: {@code Len} elements, then the tail, which is {@link #NIL_EXT} for a proper list and
     * any other term for an improper one ({@code [a | b]}).
     *
     * <pre>
     * +-----+---------+-----------------+------+
     * | 108 | Len u32 | Elements[Len].. | Tail |
     * +-----+---------+-----------------+------+
     * </pre>
     */
    public static final int LIST_EXT = 108;

    /**
     * A binary.
     *
     * <pre>
     * +-----+---------+-----------+
     * | 109 | Len u32 | Data[Len] |
     * +-----+---------+-----------+
     * </pre>
     */
    public static final int BINARY_EXT = 109;

    /**
     * An integer outside {@code i32} with up to 255 bytes of magnitude, least significant byte
     * first; {@code Sign} 0 is positive, anything else negative.
     *
     * <pre>
     * +-----+------+---------+-----------------+
     * | 110 | n u8 | Sign u8 | Digits[n] (LE)  |
     * +-----+------+---------+-----------------+
     * </pre>
     */
    public static final int SMALL_BIG_EXT = 110;

    /**
     * Like {@link #SMALL_BIG_EXT} with a 32-bit digit count, for magnitudes over 255 bytes.
     *
     * <pre>
     * +-----+-------+---------+-----------------+
     * | 111 | n u32 | Sign u8 | Digits[n] (LE)  |
     * +-----+-------+---------+-----------------+
     * </pre>
     */
    public static final int LARGE_BIG_EXT = 111;

    /**
     * A local fun (closure). {@code Size} counts every byte after the tag, itself included.
     * {@code OldIndex} and {@code OldUniq} are {@link #SMALL_INTEGER_EXT} or {@link #INTEGER_EXT};
     * {@code Pid} is a pid term; {@code NumFree} terms follow.
     *
     * <pre>
     * +-----+----------+----------+----------+-----------+-------------+
     * | 112 | Size u32 | Arity u8 | Uniq[16] | Index u32 | NumFree u32 | ..
     * +-----+----------+----------+----------+-----------+-------------+
     *    .. +--------+----------+---------+-----+--------------------+
     *       | Module | OldIndex | OldUniq | Pid | FreeVars[NumFree]..|
     *       +--------+----------+---------+-----+--------------------+
     * </pre>
     */
    public static final int NEW_FUN_EXT = 112;

    /**
     * An external fun {@code fun M:F/A}; {@code Arity} is a {@link #SMALL_INTEGER_EXT}.
     *
     * <pre>
     * +-----+--------+----------+-------+
     * | 113 | Module | Function | Arity |
     * +-----+--------+----------+-------+
     * </pre>
     */
    public static final int EXPORT_EXT = 113;

    /**
     * A reference with a two-bit creation (legacy, decode only).
     *
     * <pre>
     * +-----+---------+------+-------------+---------------+
     * | 114 | Len u16 | Node | Creation u8 | ID[Len] u32.. |
     * +-----+---------+------+-------------+---------------+
     * </pre>
     */
    public static final int NEW_REFERENCE_EXT = 114;

    /**
     * An atom in Latin-1 with a one-byte length (deprecated, decode only).
     *
     * <pre>
     * +-----+--------+--------------+
     * | 115 | Len u8 | Latin-1[Len] |
     * +-----+--------+--------------+
     * </pre>
     */
    public static final int SMALL_ATOM_EXT = 115;

    /**
     * A map: {@code Arity} key-value pairs, no key twice. OTP writes the keys of a map of up to
     * 32 entries in map-key order, larger maps in its internal hash order.
     *
     * <pre>
     * +-----+-----------+--------------------------+
     * | 116 | Arity u32 | K1, V1, ..., Kn, Vn      |
     * +-----+-----------+--------------------------+
     * </pre>
     */
    public static final int MAP_EXT = 116;

    /**
     * The fun encoding of OTP before R8; not decodable since OTP 23.
     *
     * <pre>
     * +-----+-------------+-----+--------+-------+------+----------+
     * | 117 | NumFree u32 | Pid | Module | Index | Uniq | FreeVars |
     * +-----+-------------+-----+--------+-------+------+----------+
     * </pre>
     */
    public static final int FUN_EXT = 117;

    /**
     * An atom in UTF-8 with a two-byte length, for atoms of more than 255 bytes.
     *
     * <pre>
     * +-----+---------+-----------+
     * | 118 | Len u16 | UTF-8[Len]|
     * +-----+---------+-----------+
     * </pre>
     */
    public static final int ATOM_UTF8_EXT = 118;

    /**
     * An atom in UTF-8 of up to 255 bytes: how OTP writes every atom.
     *
     * <pre>
     * +-----+--------+-----------+
     * | 119 | Len u8 | UTF-8[Len]|
     * +-----+--------+-----------+
     * </pre>
     */
    public static final int SMALL_ATOM_UTF8_EXT = 119;

    /**
     * A port with a 64-bit id; OTP uses it for ids over 28 bits.
     *
     * <pre>
     * +-----+------+--------+--------------+
     * | 120 | Node | ID u64 | Creation u32 |
     * +-----+------+--------+--------------+
     *    1     N       8           4
     * </pre>
     */
    public static final int V4_PORT_EXT = 120;

    /**
     * A term in a runtime-local format (OTP 26+): everything after the tag, to the end of the
     * input, belongs to it, so it can only be the outermost term.
     *
     * <pre>
     * +-----+---------------------------+
     * | 121 | opaque, to end of input   |
     * +-----+---------------------------+
     * </pre>
     */
    public static final int LOCAL_EXT = 121;

    /** The largest port id OTP writes as {@link #NEW_PORT_EXT}: 28 bits. */
    public static final long MAX_NEW_PORT_ID = 0x0fff_ffffL;

    /** The longest list OTP writes as {@link #STRING_EXT}. */
    public static final int MAX_STRING_LENGTH = 0xffff;

    /** The largest map whose keys OTP writes in map-key order. */
    public static final int MAX_ORDERED_MAP_SIZE = 32;

    /**
     * Returns the name of a tag, for messages.
     *
     * @param tag the tag byte, 0..255
     * @return its name, such as {@code "LIST_EXT"}, or {@code "unknown tag 7"}
     */
    public static String name(int tag) {
        return switch (tag) {
            case VERSION -> "VERSION";
            case NEW_FLOAT_EXT -> "NEW_FLOAT_EXT";
            case BIT_BINARY_EXT -> "BIT_BINARY_EXT";
            case COMPRESSED -> "COMPRESSED";
            case ATOM_CACHE_REF -> "ATOM_CACHE_REF";
            case NEW_PID_EXT -> "NEW_PID_EXT";
            case NEW_PORT_EXT -> "NEW_PORT_EXT";
            case NEWER_REFERENCE_EXT -> "NEWER_REFERENCE_EXT";
            case SMALL_INTEGER_EXT -> "SMALL_INTEGER_EXT";
            case INTEGER_EXT -> "INTEGER_EXT";
            case FLOAT_EXT -> "FLOAT_EXT";
            case ATOM_EXT -> "ATOM_EXT";
            case REFERENCE_EXT -> "REFERENCE_EXT";
            case PORT_EXT -> "PORT_EXT";
            case PID_EXT -> "PID_EXT";
            case SMALL_TUPLE_EXT -> "SMALL_TUPLE_EXT";
            case LARGE_TUPLE_EXT -> "LARGE_TUPLE_EXT";
            case NIL_EXT -> "NIL_EXT";
            case STRING_EXT -> "STRING_EXT";
            case LIST_EXT -> "LIST_EXT";
            case BINARY_EXT -> "BINARY_EXT";
            case SMALL_BIG_EXT -> "SMALL_BIG_EXT";
            case LARGE_BIG_EXT -> "LARGE_BIG_EXT";
            case NEW_FUN_EXT -> "NEW_FUN_EXT";
            case EXPORT_EXT -> "EXPORT_EXT";
            case NEW_REFERENCE_EXT -> "NEW_REFERENCE_EXT";
            case SMALL_ATOM_EXT -> "SMALL_ATOM_EXT";
            case MAP_EXT -> "MAP_EXT";
            case FUN_EXT -> "FUN_EXT";
            case ATOM_UTF8_EXT -> "ATOM_UTF8_EXT";
            case SMALL_ATOM_UTF8_EXT -> "SMALL_ATOM_UTF8_EXT";
            case V4_PORT_EXT -> "V4_PORT_EXT";
            case LOCAL_EXT -> "LOCAL_EXT";
            default -> "unknown tag " + tag;
        };
    }
}

package dev.nodemesh;

import dev.nodemesh.term.Atom;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * A node's name, {@code alive@host} such as {@code chip@myhost}: an atom on the wire.
 *
 * <p>The names accepted are the ones {@code erl} accepts: the alive part (before the {@code @})
 * has only ASCII letters, digits, {@code _} and {@code -}; the host has no spaces, control
 * characters or {@code @}. A {@linkplain NameMode#SHORT short} name's host has no dot; a
 * {@linkplain NameMode#LONG long} name's host is a fully qualified name (it has a dot) or an IP
 * address, as nodes running with long names refuse to connect to any other host. The whole name
 * is at most {@value #MAX_BYTES} bytes of UTF-8.
 *
 * <p>A value: two names are equal when their text is, whatever mode they were made with; they are
 * ordered as their atoms are (byte-wise on UTF-8).
 */
public final class NodeName implements Comparable<NodeName> {

    /** The longest node name, in bytes of UTF-8 (the length of the alive part EPMD accepts). */
    public static final int MAX_BYTES = 255;

    private static final String EXAMPLE_ALIVE = "chip";

    private final String alive;
    private final String host;
    private final NameMode mode;
    private final String fullName;
    private final Atom atom;

    private NodeName(String alive, String host, NameMode mode) {
        this.alive = alive;
        this.host = host;
        this.mode = mode;
        this.fullName = alive + '@' + host;
        this.atom = Atom.of(fullName);
    }

    /**
     * Reads a full node name such as {@code chip@myhost} or {@code chip@myhost.example.com}. The
     * mode is inferred from the host: {@link NameMode#LONG} when it has a dot or is an IP address,
     * else {@link NameMode#SHORT}.
     *
     * @param fullName the name, {@code alive@host}
     * @return the node name
     * @throws IllegalArgumentException if the name is not one {@code erl} accepts; the message
     *     shows a valid one
     */
    public static NodeName parse(String fullName) {
        if (fullName == null) {
            throw new IllegalArgumentException(
                    "node name must not be null; expected alive@host such as chip@localhost");
        }
        int at = fullName.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException(
                    invalid(fullName) + "expected alive@host such as " + suggestedAlive(fullName) + "@localhost");
        }
        String host = fullName.substring(at + 1);
        return checked(fullName.substring(0, at), host, inferredMode(host), fullName);
    }

    /**
     * Makes a node name the way {@code erl -sname name} ({@link NameMode#SHORT}) or {@code erl
     * -name name} ({@link NameMode#LONG}) does.
     *
     * <p>A name without a host, such as {@code chip}, gets this host's: for short names the host
     * name up to its first dot, for long names the fully qualified name ({@link
     * InetAddress#getCanonicalHostName()} of the local host). This host's names are looked up once
     * and kept. A name with a host, such as {@code chip@myhost}, is kept as it is, and must suit
     * the mode: a short name's host has no dot ({@code erl -sname} says "Can't set short node
     * name!"), a long name's host has one or is an IP address.
     *
     * @param name the alive part alone, or a full {@code alive@host}
     * @param mode short or long names
     * @return the node name
     * @throws IllegalArgumentException if the name is not one {@code erl} accepts in this mode; the
     *     message shows a valid one
     * @throws IllegalStateException if the name has no host and this host has no name of that
     *     mode (no fully qualified name, for long names); the message says to give the host
     */
    public static NodeName of(String name, NameMode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("node name mode must not be null: NameMode.SHORT or NameMode.LONG");
        }
        if (name == null) {
            throw new IllegalArgumentException("node name must not be null; expected a name such as chip or chip@"
                    + (mode == NameMode.SHORT ? "localhost" : "127.0.0.1"));
        }
        int at = name.indexOf('@');
        if (at >= 0) {
            return checked(name.substring(0, at), name.substring(at + 1), mode, name);
        }
        checkAlive(name, "", mode, name);
        return checked(name, localHost(name, mode), mode, name);
    }

    private static NodeName checked(String alive, String host, NameMode mode, String given) {
        checkAlive(alive, host, mode, given);
        checkHost(alive, host, mode, given);
        if (mode == NameMode.SHORT && host.indexOf('.') >= 0) {
            int dot = host.indexOf('.');
            String shortHost = dot > 0 && !isIpAddress(host) ? host.substring(0, dot) : "localhost";
            throw new IllegalArgumentException(invalid(given) + "a short node name's host has no dot"
                    + " (erl -sname says \"Can't set short node name!\"); use a short name such as "
                    + suggestedAlive(alive) + '@' + shortHost + ", or long names (NameMode.LONG)");
        }
        if (mode == NameMode.LONG && !suitsLong(host)) {
            throw new IllegalArgumentException(invalid(given) + "a long node name's host is a fully qualified name"
                    + " or an IP address, such as " + suggestedAlive(alive) + "@myhost.example.com or "
                    + suggestedAlive(alive) + "@127.0.0.1"
                    + " (nodes with long names refuse to connect to " + host
                    + "); or use short names (NameMode.SHORT)");
        }
        int bytes = (alive + '@' + host).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(invalid(given) + "it has " + bytes + " bytes of UTF-8, at most "
                    + MAX_BYTES + " are allowed; expected alive@host such as " + EXAMPLE_ALIVE + '@'
                    + exampleHost("", mode));
        }
        return new NodeName(alive, host, mode);
    }

    private static void checkAlive(String alive, String host, NameMode mode, String given) {
        String example = suggestedAlive(alive) + '@' + exampleHost(host, mode);
        if (alive.isEmpty()) {
            throw new IllegalArgumentException(
                    invalid(given) + "the name before the @ is empty; expected alive@host such as " + example);
        }
        if (!validAlive(alive)) {
            throw new IllegalArgumentException(invalid(given) + "the name before the @ may only have"
                    + " ASCII letters, digits, _ and - (as erl accepts); expected alive@host such as " + example);
        }
    }

    private static void checkHost(String alive, String host, NameMode mode, String given) {
        String example = suggestedAlive(alive) + '@' + exampleHost("", mode);
        if (host.isEmpty()) {
            throw new IllegalArgumentException(
                    invalid(given) + "the host after the @ is empty; expected alive@host such as " + example);
        }
        if (host.indexOf('@') >= 0) {
            throw new IllegalArgumentException(
                    invalid(given) + "a node name has exactly one @; expected alive@host such as " + example);
        }
        if (!validHost(host)) {
            throw new IllegalArgumentException(invalid(given) + "the host after the @ may not have spaces,"
                    + " control characters or characters beyond U+00FF; expected alive@host such as " + example);
        }
    }

    /** The given host when it would make a valid name in this mode, else a valid one, for messages. */
    private static String exampleHost(String host, NameMode mode) {
        boolean suits = mode == NameMode.SHORT ? host.indexOf('.') < 0 : suitsLong(host);
        if (!host.isEmpty() && host.length() <= 64 && validHost(host) && suits) {
            return host;
        }
        return mode == NameMode.SHORT ? "localhost" : "myhost.example.com";
    }

    private static boolean suitsLong(String host) {
        return host.indexOf('.') >= 0 || isIpAddress(host);
    }

    /** The alive part erl accepts: net_kernel's {@code ^[0-9A-Za-z_\-]+$}. */
    private static boolean validAlive(String alive) {
        for (int i = 0; i < alive.length(); i++) {
            if (!aliveChar(alive.charAt(i))) {
                return false;
            }
        }
        return !alive.isEmpty();
    }

    private static boolean aliveChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** The host erl accepts: net_kernel's {@code ^[!-ÿ]*$} (U+0021 to U+00FF), without {@code @}. */
    private static boolean validHost(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c < '!' || c > '\u00ff' || c == '@') {
                return false;
            }
        }
        return true;
    }

    /** The alive part with every character erl refuses replaced by {@code _}, for messages. */
    private static String suggestedAlive(String alive) {
        StringBuilder suggestion = new StringBuilder();
        for (int i = 0; i < alive.length() && suggestion.length() < 32; i++) {
            char c = alive.charAt(i);
            if (c == '@') {
                break;
            }
            suggestion.append(aliveChar(c) ? c : '_');
        }
        String text = suggestion.toString();
        return text.chars().allMatch(c -> c == '_') ? EXAMPLE_ALIVE : text;
    }

    private static String invalid(String given) {
        return "invalid node name \"" + abbreviated(given) + "\": ";
    }

    private static String abbreviated(String given) {
        return given.length() > 64 ? given.substring(0, 60) + "..." : given;
    }

    private static NameMode inferredMode(String host) {
        return suitsLong(host) ? NameMode.LONG : NameMode.SHORT;
    }

    /** Tells whether the host is an IPv4 address in dotted-decimal form or an IPv6 address. */
    static boolean isIpAddress(String host) {
        return isIpv4(host) || isIpv6(host);
    }

    private static boolean isIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String host) {
        int colons = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == ':') {
                colons++;
            } else if (Character.digit(c, 16) < 0 && c != '.') {
                return false;
            }
        }
        return colons >= 2 && colons <= 7;
    }

    private static String localHost(String alive, NameMode mode) {
        if (mode == NameMode.SHORT) {
            String hostName = LocalHostName.VALUE;
            if (hostName == null) {
                throw new IllegalStateException("cannot find this host's name for the short node name " + alive
                        + "; give the host explicitly, such as " + alive + "@localhost");
            }
            int dot = hostName.indexOf('.');
            return dot > 0 ? hostName.substring(0, dot) : hostName;
        }
        String canonical = CanonicalHostName.VALUE;
        if (canonical == null || canonical.indexOf('.') < 0 || isIpAddress(canonical) || !validHost(canonical)) {
            throw new IllegalStateException("this host has no fully qualified name for the long node name " + alive
                    + (canonical == null ? "" : " (its canonical name is " + canonical + ")")
                    + "; give the host explicitly, such as " + alive + "@myhost.example.com or " + alive
                    + "@127.0.0.1, or use short names (NameMode.SHORT)");
        }
        return canonical;
    }

    /** This host's name as the OS reports it ({@code gethostname}), looked up once; null if unknown. */
    private static final class LocalHostName {
        static final String VALUE = lookUp();

        private static String lookUp() {
            try {
                return emptyToNull(InetAddress.getLocalHost().getHostName());
            } catch (UnknownHostException e) {
                // The host has a name that does not resolve; the JDK puts the name first in the
                // message, "myhost: myhost: Name or service not known". Short names need no resolving.
                String message = e.getMessage();
                int colon = message == null ? -1 : message.indexOf(':');
                return colon > 0 ? emptyToNull(message.substring(0, colon).trim()) : null;
            }
        }
    }

    /** This host's fully qualified name (a reverse lookup, possibly slow), looked up once; null if unknown. */
    private static final class CanonicalHostName {
        static final String VALUE = lookUp();

        private static String lookUp() {
            try {
                return emptyToNull(InetAddress.getLocalHost().getCanonicalHostName());
            } catch (UnknownHostException e) {
                return null;
            }
        }
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /**
     * Returns the alive part, before the {@code @}.
     *
     * @return the alive part, such as {@code chip}
     */
    public String alive() {
        return alive;
    }

    /**
     * Returns the host, after the {@code @}.
     *
     * @return the host, such as {@code myhost} or {@code myhost.example.com}
     */
    public String host() {
        return host;
    }

    /**
     * Returns whether this is a short or a long name: the mode given to {@link #of(String,
     * NameMode)}, or the one {@link #parse(String)} inferred.
     *
     * @return the mode
     */
    public NameMode mode() {
        return mode;
    }

    /**
     * Returns the name as an atom, as it travels on the wire.
     *
     * @return the atom {@code alive@host}
     */
    public Atom atom() {
        return atom;
    }

    /**
     * Orders names as Erlang orders their atoms: byte-wise on UTF-8.
     *
     * @param other the other name
     * @return negative, zero or positive as this name sorts before, with or after the other
     */
    @Override
    public int compareTo(NodeName other) {
        return atom.compareTo(other.atom);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || (other instanceof NodeName name && name.fullName.equals(fullName));
    }

    @Override
    public int hashCode() {
        return fullName.hashCode();
    }

    /**
     * Returns the full name.
     *
     * @return {@code alive@host}
     */
    @Override
    public String toString() {
        return fullName;
    }
}

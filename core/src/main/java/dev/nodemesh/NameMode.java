package dev.nodemesh;

/**
 * How a node names its host, like the {@code -sname} and {@code -name} flags of {@code erl}.
 *
 * <p>Nodes only connect to nodes of the same mode: a node with long names refuses to connect to
 * {@code chip@localhost} ("Hostname localhost is illegal"), and one with short names refuses
 * {@code chip@host.example.com}.
 */
public enum NameMode {

    /**
     * Short names, like {@code erl -sname}: the host is a plain host name without dots, such as
     * {@code chip@myhost}; by default this host's name up to its first dot.
     */
    SHORT,

    /**
     * Long names, like {@code erl -name}: the host is a fully qualified domain name or an IP
     * address, such as {@code chip@myhost.example.com} or {@code chip@10.0.0.7}.
     */
    LONG
}

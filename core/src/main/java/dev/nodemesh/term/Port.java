package dev.nodemesh.term;

import java.util.Objects;

/**
 * A port identifier. Java nodes never own ports, but BEAM nodes may send them. Printed by iex
 * as {@code #Port<0.5>}.
 *
 * @param node the node the port lives on
 * @param id the port number, an unsigned 64-bit value on the wire
 * @param creation the node's incarnation
 */
public record Port(Atom node, long id, int creation) implements Term {

    /** Creates a port. */
    public Port {
        Objects.requireNonNull(node, "node");
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }
}

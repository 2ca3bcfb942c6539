package dev.nodemesh.term;

import java.util.Objects;

/**
 * An external function reference, {@code &Module.fun/arity} in Elixir or
 * {@code fun Module:fun/Arity} in Erlang. Carried as a value; nodemesh never calls it.
 *
 * @param module the module atom (for Elixir modules, {@code Elixir.Name})
 * @param function the function name
 * @param arity the number of arguments, 0 to 255
 */
public record ExternalFun(Atom module, Atom function, int arity) implements Term {

    /** Creates an external function reference. */
    public ExternalFun {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(function, "function");
        if (arity < 0 || arity > 255) {
            throw new IllegalArgumentException("arity must be 0..255, got " + arity);
        }
    }

    @Override
    public String toString() {
        return TermSyntax.ELIXIR.format(this);
    }
}

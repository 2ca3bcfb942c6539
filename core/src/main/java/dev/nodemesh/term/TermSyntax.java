package dev.nodemesh.term;

/**
 * The two ways to write a term as text: as iex prints it ({@link #ELIXIR}) and as the Erlang
 * shell prints it ({@link #ERLANG}). Each renders any term and parses term literals.
 *
 * <pre>{@code
 * Term t = TermSyntax.ELIXIR.parse("{:hi, \"there\", 42}");
 * TermSyntax.ERLANG.format(t);   // {hi,<<"there">>,42}
 * }</pre>
 */
public enum TermSyntax {

    /** Elixir syntax: {@code {:hello, "world"}}, {@code %{a: 1}}, {@code #PID<0.42.0>}. */
    ELIXIR {
        @Override
        public String format(Term term) {
            return ElixirFormatter.format(term);
        }

        @Override
        public Term parse(String text) {
            return ElixirParser.parse(text);
        }
    },

    /** Erlang syntax: {@code {hello,<<"world">>}}, {@code #{a => 1}}, {@code <0.42.0>}. */
    ERLANG {
        @Override
        public String format(Term term) {
            return ErlangFormatter.format(term);
        }

        @Override
        public Term parse(String text) {
            return ErlangParser.parse(text);
        }
    };

    /**
     * Renders a term on one line, as the shell of this syntax prints it.
     *
     * @param term the term
     * @return the text
     */
    public abstract String format(Term term);

    /**
     * Parses one term literal.
     *
     * @param text the literal, surrounding white space allowed
     * @return the term
     * @throws TermSyntaxException if the text is not one well-formed literal
     */
    public abstract Term parse(String text);
}

package dev.nodemesh.term;

/**
 * The two ways to write a term as text: as iex prints it ({@link #ELIXIR}) and as the Erlang
 * shell prints it ({@link #ERLANG}). Each renders any term on one line and parses term literals.
 *
 * <pre>{@code
 * Term t = TermSyntax.ELIXIR.parse("{:hi, \"there\", 42}");
 * TermSyntax.ERLANG.format(t);   // {hi,<<"there">>,42}
 * }</pre>
 *
 * <h2>Rendering</h2>
 *
 * <p>Both syntaxes print floats with the shortest digits that read back as the same double
 * ({@code 0.1}, {@code 0.30000000000000004}, {@code 5.0e-324}); a magnitude of at least
 * 2<sup>53</sup> is scientific, anything smaller takes the shorter of fixed and scientific
 * notation, fixed on a tie ({@code 100.0}, {@code 1.0e3}, {@code 0.0001}, {@code 1.5e-4}). Elixir
 * differs in one rule: a whole number from 1 up to 10<sup>16</sup> prints as an integer with
 * {@code .0} ({@code 1000.0}, {@code 1000000000000000.0}).
 *
 * <p>Map entries print in {@link TermOrder#MAP_KEYS} order, which is the order of both shells for
 * maps of up to 32 keys; larger maps also print sorted, where the shells print them in hash order.
 *
 * <p>The shells print a node index that refers to their own connection table rather than a node
 * name; with no such table, pids, references and ports always print node index 0
 * ({@code #PID<0.42.0>}, {@code <0.42.0>}), whichever node they belong to. Reference words print
 * most significant first, at least three of them ({@code #Reference<0.0.0.7>} for a one-word
 * reference).
 *
 * <p>A {@link LocalTerm} has no shell rendering; both syntaxes print {@code #LocalTerm<N bytes>}.
 *
 * <h2>Parsing</h2>
 *
 * <p>{@link #parse(String)} reads exactly one literal, with white space around it and between
 * tokens, and throws {@link TermSyntaxException} for anything else, naming what was expected,
 * what was found and the position. Pids, references and ports parse from the shell notation with
 * node index 0 only, giving terms on node {@code nonode@nohost} with creation 0; local funs
 * ({@code #Function<...>}, {@code #Fun<...>}) and {@code #LocalTerm<...>} do not parse. Every
 * other term reads back from its own rendering: {@code parse(format(t)).equals(t)}. Terms nest at
 * most 1000 levels deep, and a binary segment is at most 65536 bits.
 */
public enum TermSyntax {

    /**
     * Elixir syntax, as {@code inspect(term, limit: :infinity, printable_limit: :infinity, width:
     * :infinity)} prints it in Elixir 1.14.
     *
     * <ul>
     *   <li>Atoms: {@code :ok}, {@code :foo?}, {@code :chip@host}, {@code :+}, {@code :..//};
     *       {@code true}, {@code false}, {@code nil} bare; {@code Elixir.Foo.Bar} as the alias
     *       {@code Foo.Bar}; anything else quoted with escapes ({@code :"with space"},
     *       {@code :"::"}, {@code :"Elixir.foo"}). Non-ASCII names follow Elixir's Unicode
     *       identifier rules ({@code :é}, {@code :日本}, but {@code :"Ωmega"}, mixed scripts); the
     *       rare letters Elixir restricts beyond NFKC and its recommended scripts may be quoted
     *       differently.
     *   <li>Binaries: printable UTF-8 as a string with escapes ({@code "a\n\#{b}"}), anything else
     *       as bytes ({@code <<1, 2, 3>>}); bitstrings as {@code <<1, 2, 3::size(4)>>}.
     *   <li>Lists: a non-empty list of printable ASCII (with {@code \a \b \t \n \v \f \r \e}) in
     *       single quotes ({@code 'abc'}), otherwise as integers ({@code [233]}); a list of pairs
     *       whose first elements are atoms not starting with {@code Elixir.} as a keyword list
     *       ({@code [a: 1, "b c": 2]}); improper lists as {@code [1, 2 | 3]}.
     *   <li>Maps: {@code %{a: 1, b: 2}} when every key is such an atom, else
     *       {@code %{1 => 2, :a => 1}}. A struct prints as the map it is
     *       ({@code %{__struct__: URI, host: nil}}), since the formatter cannot know which modules
     *       exist; iex prints {@code %URI{...}} when the module is loaded.
     *   <li>{@code #PID<0.42.0>}, {@code #Reference<0.1.2.3>}, {@code #Port<0.5>},
     *       {@code &:lists.map/2}, {@code &Enum.map/2}, {@code &:m."Foo"/0}; a local fun as
     *       {@code #Function<0.55887598/1 in Probe>}, where iex appends the defining function
     *       ({@code in Probe.closure/1}), which the external format does not carry.
     * </ul>
     *
     * <p>Parses atoms ({@code :ok}, {@code :"quoted"}, {@code :'quoted'}, operators, aliases,
     * {@code true}/{@code false}/{@code nil}), integers ({@code 1_000}, {@code 0x1F},
     * {@code 0b101}, {@code 0o17}, {@code ?a}, {@code -5}, bignums), floats ({@code 1.0e-3}),
     * strings with Elixir escapes ({@code \xHH} is a byte in a string and a code point elsewhere;
     * interpolation is rejected), charlists ({@code 'abc'}, {@code ~c"abc"}), {@code ~s} strings,
     * tuples, lists ({@code [1 | 2]}, {@code [1, a: 2]}), maps with {@code =>} and keyword entries
     * ({@code %{"a" => 1, b: 2}}), structs ({@code %URI{host: nil}} reads as a map with
     * {@code __struct__}), binaries ({@code <<1, "abc", 1::4, 2::size(12), 1::16-little,
     * 233::utf8>>}), captures ({@code &Enum.map/2}) and trailing commas.
     */
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

    /**
     * Erlang syntax, as {@code io_lib:format("~tp", [Term])} prints it on one line in an OTP 25
     * runtime with the default printable range ({@code +pc latin1}).
     *
     * <ul>
     *   <li>Atoms: bare when a Latin-1 lowercase letter starts a name of letters, digits,
     *       {@code _} and {@code @} that is not a reserved word ({@code ok}, {@code a@b},
     *       {@code é}); quoted otherwise ({@code 'Quoted'}, {@code 'and'}, {@code '日本'}), with
     *       octal escapes for control characters ({@code '\001'}).
     *   <li>Lists: a non-empty list of printable Latin-1 characters as a string
     *       ({@code "abc"}, {@code "é"}), else as integers ({@code [26085,26412]},
     *       {@code [1,2|3]}).
     *   <li>Binaries: valid UTF-8 beyond ASCII as {@code <<"ü"/utf8>>} when every character is
     *       printable Latin-1, else as bytes ({@code <<230,151,165>>}); other binaries of
     *       printable Latin-1 bytes as {@code <<"abc">>}; the rest as bytes; bitstrings as
     *       {@code <<1,2,3:4>>}.
     *   <li>{@code {hello,<<"world">>}}, {@code #{a => 1,b => 2}}, {@code <0.42.0>},
     *       {@code #Ref<0.1.2.3>}, {@code #Port<0.5>}, {@code #Fun<erl_eval.44.3316493>}, and
     *       {@code fun lists:map/2} quoted as the runtime quotes it ({@code fun m:and/1},
     *       {@code fun m:'a@b'/1}). Where erl prints a non-ASCII fun name as its UTF-8 bytes
     *       ({@code fun m:Ã©/1}), this prints the name ({@code fun m:é/1}).
     * </ul>
     *
     * <p>Parses atoms ({@code ok}, {@code 'Quoted'}), integers ({@code 16#ff}, {@code 2#101},
     * {@code $a}, {@code -5}, {@code 1_000}), floats ({@code 2.5e-3}), strings as charlists with
     * Erlang escapes ({@code \n}, {@code \101}, {@code \x41}, {@code \x{1F600}}, {@code \^A}) and
     * adjacent strings joined, binaries ({@code <<"abc">>} as Latin-1, {@code <<"ü"/utf8>>},
     * {@code <<1,2,3:4>>}, {@code <<1:16/little>>}), tuples, lists ({@code [H|T]}), maps
     * ({@code #{k => v}}) and {@code fun M:F/A}.
     */
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

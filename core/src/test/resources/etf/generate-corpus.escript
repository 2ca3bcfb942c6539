#!/usr/bin/env escript
%% -*- erlang -*-
%%
%% Writes the golden External Term Format corpus that EtfGoldenCorpusTest reads: the bytes
%% real OTP produces, so that the Java codec is checked against them without needing erl.
%%
%% Regenerate (from the repository root, with OTP 25+ on the PATH):
%%
%%     escript core/src/test/resources/etf/generate-corpus.escript > core/src/test/resources/etf/corpus.txt
%%
%% One entry per line, fields separated by a tab:
%%
%%     label  mode  stability  hex  canonical-hex  term
%%
%% mode      encode: hex is term_to_binary(T, [{minor_version, 2}]); decoding it and encoding
%%                   again must give the same bytes.
%%           decode: hex is another encoding of T (legacy atoms, FLOAT_EXT, compressed, a map
%%                   in hash order); it must decode to the same term as canonical-hex.
%% stability stable:   the same on every run (EtfCorpusGeneratorTest checks the file is current).
%%           volatile: depends on the run (real pids, refs, ports, funs) or on the zlib
%%                     OTP is linked with (compressed terms).
%% canonical-hex  term_to_binary(T, [{minor_version, 2}]) for decode entries, "-" otherwise.
%% term      io_lib:format("~w", [T]), for people; the test does not parse it.
-mode(compile).

main(_) ->
    io:setopts([{encoding, unicode}]),
    lists:foreach(fun print/1, entries()).

print({Label, encode, Stability, Term}) ->
    line(Label, encode, Stability, v2(Term), <<"-">>, Term);
print({Label, decode, Stability, Bytes, Term}) ->
    line(Label, decode, Stability, Bytes, hex(v2(Term)), Term).

line(Label, Mode, Stability, Bytes, Canonical, Term) ->
    Text = unicode:characters_to_binary(io_lib:format("~w", [Term])),
    io:format("~ts\t~ts\t~ts\t~ts\t~ts\t~ts~n",
              [Label, atom_to_list(Mode), atom_to_list(Stability), hex(Bytes), Canonical, Text]).

v2(Term) -> term_to_binary(Term, [{minor_version, 2}]).

hex(Bytes) -> << <<(hexdigit(N))>> || <<N:4>> <= Bytes >>.

hexdigit(N) when N < 10 -> $0 + N;
hexdigit(N) -> $a + N - 10.

%% A term that term_to_binary/2 writes canonically; its bytes are checked both ways.
e(Label, Term) -> {Label, encode, stable, Term}.
%% Like e/2, for a term whose value differs from run to run.
v(Label, Term) -> {Label, encode, volatile, Term}.
%% A non-canonical encoding of Term, checked by decoding only.
d(Label, Bytes, Term) -> {Label, decode, stable, Bytes, Term}.
%% Like d/3, for bytes that depend on the zlib OTP is linked with.
dz(Label, Bytes, Term) -> {Label, decode, volatile, Bytes, Term}.

ext_pid(Node, Id, Serial, Creation) ->
    binary_to_term(<<131, 88, 119, (byte_size(Node)), Node/binary, Id:32, Serial:32, Creation:32>>).
ext_port(Node, Id, Creation) ->
    binary_to_term(<<131, 120, 119, (byte_size(Node)), Node/binary, Id:64, Creation:32>>).
ext_ref(Node, Creation, Ids) ->
    binary_to_term(<<131, 90, (length(Ids)):16, 119, (byte_size(Node)), Node/binary, Creation:32,
                     (<< <<I:32>> || I <- Ids >>)/binary>>).

adder(X) -> fun(Y) -> X + Y end.

entries() ->
    Map33 = maps:from_list([{K, K} || K <- lists:seq(1, 33)]),
    Map40 = maps:from_list([{list_to_atom("k" ++ integer_to_list(K)), K} || K <- lists:seq(1, 40)]),
    Port = hd(erlang:ports()),
    [
     %% integers: every form and every boundary between forms
     e("int_0", 0),
     e("int_42", 42),
     e("int_255", 255),
     e("int_256", 256),
     e("int_minus_1", -1),
     e("int_2p31_minus_1", 2147483647),
     e("int_2p31", 2147483648),
     e("int_minus_2p31", -2147483648),
     e("int_minus_2p31_minus_1", -2147483649),
     e("int_2p63_minus_1", (1 bsl 63) - 1),
     e("int_2p63", 1 bsl 63),
     e("int_minus_2p63", -(1 bsl 63)),
     e("int_minus_2p63_minus_1", -(1 bsl 63) - 1),
     e("int_2p64", 1 bsl 64),
     e("int_minus_2p64", -(1 bsl 64)),
     e("int_2p2040_minus_1", (1 bsl 2040) - 1),
     e("int_2p2040", 1 bsl 2040),
     e("int_minus_2p2040", -(1 bsl 2040)),
     %% floats
     e("float_1_5", 1.5),
     e("float_0", 0.0),
     e("float_minus_0", -0.0),
     e("float_pi", 3.141592653589793),
     e("float_minus_2_5", -2.5),
     e("float_min_subnormal", 5.0e-324),
     e("float_max", 1.7976931348623157e308),
     %% atoms
     e("atom_ok", ok),
     e("atom_empty", ''),
     e("atom_true", true),
     e("atom_elixir_module", 'Elixir.MyApp.Greeter'),
     e("atom_alpha_beta", list_to_atom([945, 946])),
     e("atom_hello_latin1", list_to_atom("h" ++ [233] ++ "llo")),
     e("atom_255_ascii", list_to_atom(lists:duplicate(255, $a))),
     e("atom_255_greek", list_to_atom(lists:duplicate(255, 945))),
     %% tuples
     e("tuple_empty", {}),
     e("tuple_ok_1", {ok, 1}),
     e("tuple_255", list_to_tuple(lists:seq(1, 255))),
     e("tuple_256", list_to_tuple(lists:seq(1, 256))),
     e("tuple_nested", {a, {b, {c, {}}}, [{d}]}),
     %% lists and strings
     e("list_nil", []),
     e("string_abc", "abc"),
     e("string_latin1", "h" ++ [233] ++ "llo"),
     e("string_300_bytes", [X rem 256 || X <- lists:seq(1, 300)]),
     e("list_1_2_300", [1, 2, 300]),
     e("list_255_256", [255, 256]),
     e("list_minus_1", [-1]),
     e("list_unicode_chars", [945, 946]),
     e("list_pi_char", [960]),
     e("list_atoms", [a, b]),
     e("list_nested_strings", [[1], [2, [3]], "xy"]),
     e("improper_1_2", [1 | 2]),
     e("improper_a_b_c", [a, b | c]),
     e("improper_string_tail", [[1, 2] | 3]),
     e("improper_float_tail", [1 | 2.5]),
     e("improper_tuple_tail", [{a} | b]),
     %% binaries and bitstrings
     e("binary_empty", <<>>),
     e("binary_1_2_3", <<1, 2, 3>>),
     e("binary_utf8", <<"h", 233/utf8, "llo">>),
     e("binary_300", list_to_binary(lists:seq(0, 255) ++ lists:seq(0, 43))),
     e("bits_1_2_3_4", <<1, 2, 3:4>>),
     e("bits_5_3", <<5:3>>),
     e("bits_1_1", <<1:1>>),
     e("bits_127_7", <<127:7>>),
     %% maps
     e("map_empty", #{}),
     e("map_a_b", #{a => 1, b => 2}),
     e("map_sorted_keys", #{b => 1, a => 2, 1 => x}),
     e("map_int_float_keys", #{2 => a, 1.5 => b, 1 => c, 1.0 => d}),
     e("map_nested_string", #{<<"k">> => [1]}),
     e("map_compound_keys", #{{1.0} => a, {2} => b, [1.5] => c, [1] => d, <<"z">> => e, "s" => f}),
     e("map_32_keys", maps:from_list([{K, K * K} || K <- lists:seq(1, 32)])),
     d("map_33_keys", v2(Map33), Map33),
     d("map_40_atom_keys", v2(Map40), Map40),
     %% pids, ports, references
     e("pid_local", list_to_pid("<0.42.0>")),
     e("pid_max_v3", list_to_pid("<0.32767.8191>")),
     e("pid_external", ext_pid(<<"chip@host">>, 7, 1, 16#6b048d80)),
     e("pid_external_32_bit", ext_pid(<<"dale@host">>, 16#ffffffff, 16#ffffffff, 16#ffffffff)),
     v("pid_self", self()),
     e("port_local", list_to_port("#Port<0.5>")),
     e("port_external_28_bit", ext_port(<<"chip@host">>, 16#fffffff, 3)),
     e("port_external_v4", ext_port(<<"chip@host">>, 16#10000000, 3)),
     e("port_external_64_bit", ext_port(<<"chip@host">>, 16#ffffffffffffffff, 3)),
     v("port_real", Port),
     e("ref_local", list_to_ref("#Ref<0.1.2.3>")),
     e("ref_external_5_words", ext_ref(<<"chip@host">>, 9, [1, 2, 3, 4, 5])),
     e("ref_external_1_word", ext_ref(<<"chip@host">>, 9, [16#ffffffff])),
     v("ref_make_ref", make_ref()),
     %% funs
     e("export_lists_map_2", fun lists:map/2),
     e("export_erlang_self_0", fun erlang:self/0),
     v("fun_local", fun(X) -> X + 1 end),
     v("fun_closure", adder({5, <<"five">>})),
     v("tuple_with_funs_and_pids", {adder(1), self(), make_ref(), Port}),
     %% nesting
     e("nested_everything", {ok, [#{name => <<"chip">>, tags => [a, "b", <<"c">>], n => {1, -1, 1.5}}],
                             [1 | {2}], <<7:3>>, fun lists:map/2, list_to_pid("<0.42.0>")}),
     %% decode-only encodings: legacy atoms, FLOAT_EXT, compressed
     d("legacy_atom_ok", term_to_binary(ok), ok),
     d("legacy_atom_empty", term_to_binary(''), ''),
     d("legacy_atom_latin1", term_to_binary(list_to_atom("h" ++ [233] ++ "llo")), list_to_atom("h" ++ [233] ++ "llo")),
     d("legacy_atom_unicode", term_to_binary(list_to_atom([945, 946])), list_to_atom([945, 946])),
     d("legacy_nested", term_to_binary({ok, [a, b | c], #{k => v}, fun lists:map/2, list_to_pid("<0.42.0>"),
                                       list_to_ref("#Ref<0.1.2.3>"), list_to_port("#Port<0.5>")}),
       {ok, [a, b | c], #{k => v}, fun lists:map/2, list_to_pid("<0.42.0>"),
        list_to_ref("#Ref<0.1.2.3>"), list_to_port("#Port<0.5>")}),
     d("float_ext_1_5", term_to_binary(1.5, [{minor_version, 0}]), 1.5),
     d("float_ext_minus_0", term_to_binary(-0.0, [{minor_version, 0}]), -0.0),
     d("float_ext_pi", term_to_binary(3.141592653589793, [{minor_version, 0}]), 3.141592653589793),
     d("float_ext_tiny", term_to_binary(1.0e-300, [{minor_version, 0}]), 1.0e-300),
     dz("compressed_zeros", term_to_binary(lists:duplicate(100, 0), [compressed]), lists:duplicate(100, 0)),
     dz("compressed_tuple", term_to_binary({hello, lists:seq(1, 1000), <<0:8000>>}, [compressed, {minor_version, 2}]),
       {hello, lists:seq(1, 1000), <<0:8000>>})
    ].

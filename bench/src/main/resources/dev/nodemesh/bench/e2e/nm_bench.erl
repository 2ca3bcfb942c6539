%% The Erlang side of the end-to-end harness (dev.nodemesh.bench.e2e.EndToEnd).
%%
%% The harness writes this file to a temporary directory; each erl node compiles and loads it at
%% start, then runs repl/0, which evaluates one expression per line from standard input and prints
%% its value between two marker lines. Every workload function is compiled code: nothing on a
%% measured path runs through erl_eval.
%%
%% Protocol shared with the Java endpoints:
%%   sink     registered nm_sink; counts N messages of any shape, then sends {nm_done, N} to the
%%            reporter {nm_report, Node} of the sending node.
%%   pong     registered nm_pong; answers {ping, From, I} with {pong, I} to From.
%%   call     registered nm_call; a gen_server (this module's init/1, handle_call/3, handle_cast/2)
%%            answering every gen_server:call with the request itself.
%%   senders  register themselves as nm_report, send, and wait for {nm_done, _}.
%%   fan-out  members of a pg group (scope pg) each count N messages, then send
%%            {nm_member_done, Self} to {nm_report, ReportNode}; the publisher sends each message
%%            to every member of pg:get_members/1, as an Elixir or Erlang publisher does.
-module(nm_bench).
-behaviour(gen_server).
-export([repl/0, start_sink/2, start_pong/0, send_small/2, send_binary/3, ping_pong/3,
         set_up/2, concurrent/3, start_call_server/0, gen_call/2,
         start_members/4, stop_members/1, await_members/2, publish/3]).
-export([init/1, handle_call/3, handle_cast/2]).

-define(BEGIN, "<<<VALUE>>>").
-define(END, "<<<END>>>").
-define(WAIT, 300000).

repl() ->
    repl(erl_eval:new_bindings()).

repl(Bindings) ->
    case io:get_line("") of
        eof ->
            halt(0);
        Line ->
            {Value, Next} =
                try
                    {ok, Tokens, _} = erl_scan:string(Line),
                    {ok, Exprs} = erl_parse:parse_exprs(Tokens),
                    {value, V, B} = erl_eval:exprs(Exprs, Bindings),
                    {V, B}
                catch
                    Class:Reason -> {{eval_error, Class, Reason}, Bindings}
                end,
            io:format(?BEGIN "~n~p~n" ?END "~n", [Value]),
            repl(Next)
    end.

%% A counting sink, replacing any earlier one.
start_sink(N, ReportNode) ->
    stop_registered(nm_sink),
    Self = self(),
    Pid = spawn(fun() ->
                        register(nm_sink, self()),
                        Self ! registered,
                        sink(N, N, {nm_report, ReportNode})
                end),
    receive registered -> ok end,
    {ok, Pid}.

sink(0, N, ReportTo) ->
    ReportTo ! {nm_done, N},
    sink_idle();
sink(K, N, ReportTo) ->
    receive _ -> sink(K - 1, N, ReportTo) end.

sink_idle() ->
    receive stop -> ok; _ -> sink_idle() end.

start_pong() ->
    stop_registered(nm_pong),
    Self = self(),
    spawn(fun() -> register(nm_pong, self()), Self ! registered, pong() end),
    receive registered -> ok end,
    ok.

pong() ->
    receive
        {ping, From, I} -> From ! {pong, I}, pong();
        stop -> ok;
        _ -> pong()
    end.

%% The call server: a gen_server registered nm_call, replacing any earlier one; not linked to the
%% caller, so it outlives the expression that started it.
start_call_server() ->
    stop_registered(nm_call),
    {ok, _Pid} = gen_server:start({local, nm_call}, ?MODULE, [], []),
    ok.

init([]) -> {ok, no_state}.

handle_call(Request, _From, State) -> {reply, Request, State}.

handle_cast(_Request, State) -> {noreply, State}.

stop_registered(Name) ->
    case whereis(Name) of
        undefined -> ok;
        Pid ->
            Ref = monitor(process, Pid),
            exit(Pid, kill),
            receive {'DOWN', Ref, _, _, _} -> ok end
    end.

%% Sends N {seq, I} to {nm_sink, Node}; returns the microseconds from the first send until the
%% sink's report arrived.
send_small(Node, N) ->
    as_reporter(fun() -> small_loop({nm_sink, Node}, 1, N) end).

small_loop(_Dest, I, N) when I > N -> ok;
small_loop(Dest, I, N) ->
    Dest ! {seq, I},
    small_loop(Dest, I + 1, N).

%% Sends the same binary of Size bytes N times.
send_binary(Node, N, Size) ->
    Bin = binary:copy(<<16#2a>>, Size),
    as_reporter(fun() -> bin_loop({nm_sink, Node}, Bin, N) end).

bin_loop(_Dest, _Bin, 0) -> ok;
bin_loop(Dest, Bin, K) ->
    Dest ! Bin,
    bin_loop(Dest, Bin, K - 1).

%% K processes each send N div K {seq, I}; the sink expects N in all.
concurrent(Node, N, K) ->
    as_reporter(fun() ->
                        Dest = {nm_sink, Node},
                        Per = N div K,
                        Parent = self(),
                        Pids = [spawn_link(fun() ->
                                                   receive go -> ok end,
                                                   small_loop(Dest, 1, Per),
                                                   Parent ! {sent, self()}
                                           end) || _ <- lists:seq(1, K)],
                        [P ! go || P <- Pids],
                        ok
                end).

as_reporter(Send) ->
    flush(),
    register(nm_report, self()),
    try
        T0 = erlang:monotonic_time(microsecond),
        Send(),
        receive
            {nm_done, _} -> erlang:monotonic_time(microsecond) - T0
        after ?WAIT -> timeout
        end
    after
        unregister(nm_report),
        flush()
    end.

flush() ->
    receive _ -> flush() after 0 -> ok end.

%% N sequential round trips to {Server, Node}; returns the round-trip times in nanoseconds,
%% summarised as {P50, P99, P999, Max}.
ping_pong(Node, N, Server) ->
    flush(),
    Dest = {Server, Node},
    Times = ping_loop(Dest, 1, N, []),
    percentiles(Times).

ping_loop(_Dest, I, N, Acc) when I > N -> Acc;
ping_loop(Dest, I, N, Acc) ->
    T0 = erlang:monotonic_time(nanosecond),
    Dest ! {ping, self(), I},
    receive {pong, I} -> ok after ?WAIT -> exit(ping_timeout) end,
    T1 = erlang:monotonic_time(nanosecond),
    ping_loop(Dest, I + 1, N, [T1 - T0 | Acc]).

%% N sequential gen_server:call({nm_call, Node}, I) from this process; returns the request/reply
%% times in nanoseconds, summarised as {P50, P99, P999, Max}.
gen_call(Node, N) ->
    flush(),
    percentiles(call_loop({nm_call, Node}, 1, N, [])).

call_loop(_Server, I, N, Acc) when I > N -> Acc;
call_loop(Server, I, N, Acc) ->
    T0 = erlang:monotonic_time(nanosecond),
    I = gen_server:call(Server, I, ?WAIT),
    T1 = erlang:monotonic_time(nanosecond),
    call_loop(Server, I + 1, N, [T1 - T0 | Acc]).

%% N connection set-ups to Node: the time net_kernel:connect_node/1 takes, each after a
%% disconnect and a pause of 5 ms (outside the timing) for the peer to see the old connection go.
set_up(Node, N) ->
    erlang:disconnect_node(Node),
    timer:sleep(20),
    percentiles(set_up_loop(Node, N, [])).

set_up_loop(_Node, 0, Acc) -> Acc;
set_up_loop(Node, K, Acc) ->
    T0 = erlang:monotonic_time(nanosecond),
    true = net_kernel:connect_node(Node),
    T1 = erlang:monotonic_time(nanosecond),
    erlang:disconnect_node(Node),
    timer:sleep(5),
    set_up_loop(Node, K - 1, [T1 - T0 | Acc]).

percentiles(Times) ->
    Sorted = list_to_tuple(lists:sort(Times)),
    Size = tuple_size(Sorted),
    At = fun(Q) -> element(max(1, min(Size, ceil(Q * Size))), Sorted) end,
    {At(0.5), At(0.99), At(0.999), element(Size, Sorted)}.

%% K processes that join Group in the pg scope pg, each counting N messages before it reports
%% {nm_member_done, Pid} to {nm_report, ReportNode}; the scope is started when it does not run.
start_members(Group, K, N, ReportNode) ->
    case whereis(pg) of
        undefined -> {ok, _} = pg:start(pg);
        _ -> ok
    end,
    Self = self(),
    Pids = [spawn(fun() ->
                          ok = pg:join(Group, self()),
                          Self ! {joined, self()},
                          member(N, {nm_report, ReportNode})
                  end) || _ <- lists:seq(1, K)],
    [receive {joined, P} -> ok end || P <- Pids],
    ok.

member(0, ReportTo) ->
    ReportTo ! {nm_member_done, self()},
    receive stop -> ok end;
member(K, ReportTo) ->
    receive
        stop -> ok;
        _ -> member(K - 1, ReportTo)
    end.

%% Stops this node's members of Group (pg drops them when they end).
stop_members(Group) ->
    Pids = pg:get_local_members(Group),
    Refs = [monitor(process, P) || P <- Pids],
    [P ! stop || P <- Pids],
    [receive {'DOWN', R, _, _, _} -> ok end || R <- Refs],
    ok.

%% Waits until this node sees Total members of Group, on every node.
await_members(Group, Total) ->
    await_members(Group, Total, 3000).

await_members(Group, Total, 0) ->
    {members_missing, Total - length(pg:get_members(Group))};
await_members(Group, Total, Tries) ->
    case length(pg:get_members(Group)) of
        Total -> ok;
        _ -> timer:sleep(10), await_members(Group, Total, Tries - 1)
    end.

%% Publishes N messages {fan, I} to every member of Group, reading the members for each publish
%% as pg users do; returns the microseconds from the first publish until all Total members
%% reported that they had every message.
publish(Group, N, Total) ->
    flush(),
    register(nm_report, self()),
    try
        T0 = erlang:monotonic_time(microsecond),
        publish_loop(Group, 1, N),
        await_done(Total),
        erlang:monotonic_time(microsecond) - T0
    after
        unregister(nm_report),
        flush()
    end.

publish_loop(_Group, I, N) when I > N -> ok;
publish_loop(Group, I, N) ->
    Message = {fan, I},
    [P ! Message || P <- pg:get_members(Group)],
    publish_loop(Group, I + 1, N).

await_done(0) -> ok;
await_done(K) ->
    receive {nm_member_done, _} -> await_done(K - 1) after ?WAIT -> exit(fan_out_timeout) end.

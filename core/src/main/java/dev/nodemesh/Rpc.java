package dev.nodemesh;

import dev.nodemesh.runtime.ExitReasons;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Remote procedure calls into BEAM nodes, as {@code :rpc.call/5} makes them: through the node's
 * {@code rex} server, which applies the function in a new process and replies with its result.
 *
 * <pre>{@code
 * Term upper = Rpc.call(node, "dale@localhost", "Elixir.String", "upcase",
 *         List.of(Binary.of("abc")), Duration.ofSeconds(5));   // "ABC"
 * }</pre>
 *
 * <p>Module and function are atoms as Erlang names them: an Elixir module is {@code
 * "Elixir.String"}, an Erlang one {@code "erlang"}. The function runs with the remote node's
 * {@code user} process as its group leader, so whatever it prints goes to that node's standard
 * output (this node serves no I/O). The call is a {@link GenServer#call gen_server call} to
 * {@code {rex, node}}, so a node that is unreachable or goes down during the call fails it at
 * once.
 *
 * <p>A function that raises, or a call that fails, throws an {@link RpcException} whose reason
 * is what {@code rpc:call/5} would return inside {@code {badrpc, Reason}}. A result of the shape
 * {@code {badrpc, Reason}} is always taken for a failure, as it is by every caller of {@code
 * rpc:call/5}.
 */
public final class Rpc {

    private static final String REX = "rex";
    private static final Atom CALL = Atom.of("call");
    private static final Atom CAST = Atom.of("cast");
    private static final Atom USER = Atom.of("user");
    private static final Atom BADRPC = Atom.of("badrpc");
    private static final Atom NODEDOWN = Atom.of("nodedown");

    private Rpc() {}

    /**
     * Applies {@code module:function(args...)} on a node and returns the result.
     *
     * @param node the calling node
     * @param targetNode the full name of the node that runs the function
     * @param module the module, as its atom is named ({@code "Elixir.String"}, {@code "erlang"})
     * @param function the function
     * @param args the arguments
     * @param timeout how long to wait for the result
     * @return the function's result
     * @throws RpcException when the function raised or the call failed; its reason tells which
     * @throws InterruptedException when interrupted while waiting
     */
    public static Term call(
            Node node, String targetNode, String module, String function, List<? extends Term> args, Duration timeout)
            throws InterruptedException {
        Tuple request = Tuple.of(CALL, Atom.of(module), Atom.of(function), TermList.of(args), USER);
        String what = module + ":" + function + "/" + args.size() + " on " + targetNode;
        Term result;
        try {
            result = GenServer.call(node, REX, targetNode, request, timeout);
        } catch (CallTimeoutException e) {
            throw new RpcException(CallTimeoutException.TIMEOUT, what + " timed out after " + timeout);
        } catch (CallException e) {
            Term reason = ExitReasons.NOCONNECTION.equals(e.reason()) ? NODEDOWN : e.reason();
            throw new RpcException(reason, what + " failed: " + reason);
        }
        if (result instanceof Tuple t && t.isTagged(BADRPC, 2)) {
            throw new RpcException(t.get(1), what + " failed: " + t.get(1));
        }
        return result;
    }

    /**
     * Applies {@code module:function(args...)} on a node without waiting for it, as {@code
     * :rpc.cast/4} does; the result and any error stay on that node.
     *
     * @param node the calling node
     * @param targetNode the full name of the node that runs the function
     * @param module the module
     * @param function the function
     * @param args the arguments
     */
    public static void cast(Node node, String targetNode, String module, String function, List<? extends Term> args) {
        Objects.requireNonNull(args, "args");
        GenServer.cast(
                node, REX, targetNode, Tuple.of(CAST, Atom.of(module), Atom.of(function), TermList.of(args), USER));
    }
}

package dev.nodemesh;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import java.util.Objects;
import java.util.Optional;

/**
 * A message of OTP's gen_server protocol as a server receives it: a {@link Call} ({@code
 * {'$gen_call', {From, Tag}, Request}}, sent by {@code GenServer.call/3} and {@code
 * gen_server:call/3}) or a {@link Cast} ({@code {'$gen_cast', Request}}, sent by {@code
 * GenServer.cast/2}). A mailbox registered under a name answers {@code GenServer.call({name,
 * :"chip@host"}, request)} like this:
 *
 * <pre>{@code
 * Mailbox greeter = node.createMailbox("greeter");
 * while (true) {
 *     Term message = greeter.receive();
 *     Optional<GenServerRequest> request = GenServerRequest.parse(message);
 *     if (request.orElse(null) instanceof GenServerRequest.Call call) {
 *         call.reply(greeter, Tuple.of(Atom.of("hello"), call.request()));
 *     } else if (request.orElse(null) instanceof GenServerRequest.Cast cast) {
 *         // cast.request(): no reply is expected
 *     }
 * }
 * }</pre>
 *
 * <p>Parsing and replying touch nothing but the message and the mailbox, so they work alike in a
 * blocking receive loop and in a {@link MessageHandler}:
 *
 * <pre>{@code
 * node.createMailbox("echo_server", (message, self) -> {
 *     if (GenServerRequest.parse(message).orElse(null) instanceof GenServerRequest.Call call) {
 *         call.reply(self, call.request());
 *     }
 * });
 * }</pre>
 */
public sealed interface GenServerRequest permits GenServerRequest.Call, GenServerRequest.Cast {

    /** The label of a call, {@code '$gen_call'}. */
    Atom GEN_CALL = Atom.of("$gen_call");

    /** The label of a cast, {@code '$gen_cast'}. */
    Atom GEN_CAST = Atom.of("$gen_cast");

    /**
     * Returns what the client asked for.
     *
     * @return the request term
     */
    Term request();

    /**
     * Reads a received message as a gen_server call or cast.
     *
     * @param message the message
     * @return the call or cast, or empty when the message is neither (for example a plain message
     *     or a {@code sys} system message)
     */
    static Optional<GenServerRequest> parse(Term message) {
        if (message instanceof Tuple tuple) {
            if (tuple.isTagged(GEN_CALL, 3)
                    && tuple.get(1) instanceof Tuple from
                    && from.size() == 2
                    && from.get(0) instanceof Pid caller) {
                return Optional.of(new Call(caller, from.get(1), tuple.get(2)));
            }
            if (tuple.isTagged(GEN_CAST, 2)) {
                return Optional.of(new Cast(tuple.get(1)));
            }
        }
        return Optional.empty();
    }

    /**
     * A call: the client waits for exactly one reply, {@code {Tag, Reply}} sent to its pid.
     *
     * @param from the calling process
     * @param tag the call's tag, opaque: a reference from nodemesh and older OTP, {@code [alias |
     *     Ref]} from OTP 24 and later; it is echoed unchanged
     * @param request what the client asked for
     */
    record Call(Pid from, Term tag, Term request) implements GenServerRequest {

        /**
         * Creates a call.
         *
         * @param from the calling process
         * @param tag the tag
         * @param request the request
         */
        public Call {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(request, "request");
        }

        /**
         * Sends the reply {@code {Tag, Reply}} to the caller, as {@code gen_server:reply/2} does.
         * A caller that has given up (its call timed out, or it is gone) drops it.
         *
         * @param self the replying mailbox, the sender of the reply
         * @param reply the reply
         */
        public void reply(Mailbox self, Term reply) {
            Objects.requireNonNull(reply, "reply");
            self.send(from, Tuple.of(tag, reply));
        }

        /**
         * Returns the caller as gen_server names it, {@code {From, Tag}}: what Erlang code expects
         * to pass to {@code gen_server:reply/2}.
         *
         * @return the {@code {From, Tag}} tuple
         */
        public Tuple fromTuple() {
            return Tuple.of(from, tag);
        }
    }

    /**
     * A cast: a request that expects no reply.
     *
     * @param request what the client asked for
     */
    record Cast(Term request) implements GenServerRequest {

        /**
         * Creates a cast.
         *
         * @param request the request
         */
        public Cast {
            Objects.requireNonNull(request, "request");
        }
    }
}

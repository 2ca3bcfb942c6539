package dev.nodemesh.dist;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A control message of the distribution protocol: the tuple at the start of every packet, whose
 * first element is the operation code. Some operations are followed by a payload term in the same
 * packet (the message of a send, the reason of a payload exit, the arguments of a spawn); {@link
 * #hasPayload()} says which.
 *
 * <table>
 *   <caption>Operations (OTP 25)</caption>
 *   <tr><th>Op</th><th>Record</th><th>Tuple</th><th>Payload</th></tr>
 *   <tr><td>1</td><td>{@link Link}</td><td>{@code {1, FromPid, ToPid}}</td><td>-</td></tr>
 *   <tr><td>2 / 12</td><td>{@link Send}</td><td>{@code {2, Unused, ToPid}} / {@code {12, Unused,
 *       ToPid, TraceToken}}</td><td>Message</td></tr>
 *   <tr><td>3 / 13</td><td>{@link Exit}</td><td>{@code {3, FromPid, ToPid, Reason}} / {@code {13,
 *       FromPid, ToPid, TraceToken, Reason}}</td><td>-</td></tr>
 *   <tr><td>4</td><td>{@link Unlink}</td><td>{@code {4, FromPid, ToPid}}</td><td>-</td></tr>
 *   <tr><td>6 / 16</td><td>{@link RegSend}</td><td>{@code {6, FromPid, Unused, ToName}} / {@code
 *       {16, FromPid, Unused, ToName, TraceToken}}</td><td>Message</td></tr>
 *   <tr><td>7</td><td>{@link GroupLeader}</td><td>{@code {7, FromPid, ToPid}}</td><td>-</td></tr>
 *   <tr><td>8 / 18</td><td>{@link Exit2}</td><td>{@code {8, FromPid, ToPid, Reason}} / {@code {18,
 *       FromPid, ToPid, TraceToken, Reason}}</td><td>-</td></tr>
 *   <tr><td>19</td><td>{@link MonitorP}</td><td>{@code {19, FromPid, ToProc, Ref}}</td><td>-</td></tr>
 *   <tr><td>20</td><td>{@link DemonitorP}</td><td>{@code {20, FromPid, ToProc, Ref}}</td>
 *       <td>-</td></tr>
 *   <tr><td>21</td><td>{@link MonitorPExit}</td><td>{@code {21, FromProc, ToPid, Ref, Reason}}</td>
 *       <td>-</td></tr>
 *   <tr><td>22 / 23</td><td>{@link SendSender}</td><td>{@code {22, FromPid, ToPid}} / {@code {23,
 *       FromPid, ToPid, TraceToken}}</td><td>Message</td></tr>
 *   <tr><td>24 / 25</td><td>{@link PayloadExit}</td><td>{@code {24, FromPid, ToPid}} / {@code {25,
 *       FromPid, ToPid, TraceToken}}</td><td>Reason</td></tr>
 *   <tr><td>26 / 27</td><td>{@link PayloadExit2}</td><td>{@code {26, FromPid, ToPid}} / {@code
 *       {27, FromPid, ToPid, TraceToken}}</td><td>Reason</td></tr>
 *   <tr><td>28</td><td>{@link PayloadMonitorPExit}</td><td>{@code {28, FromProc, ToPid, Ref}}</td>
 *       <td>Reason</td></tr>
 *   <tr><td>29 / 30</td><td>{@link SpawnRequest}</td><td>{@code {29, ReqId, From, GroupLeader,
 *       {Module, Function, Arity}, OptList}} / {@code {30, …, OptList, Token}}</td>
 *       <td>ArgList</td></tr>
 *   <tr><td>31 / 32</td><td>{@link SpawnReply}</td><td>{@code {31, ReqId, To, Flags, Result}} /
 *       {@code {32, …, Result, Token}}</td><td>-</td></tr>
 *   <tr><td>33 / 34</td><td>{@link AliasSend}</td><td>{@code {33, FromPid, Alias}} / {@code {34,
 *       FromPid, Alias, Token}}</td><td>Message</td></tr>
 *   <tr><td>35</td><td>{@link UnlinkId}</td><td>{@code {35, Id, FromPid, ToPid}}</td><td>-</td></tr>
 *   <tr><td>36</td><td>{@link UnlinkIdAck}</td><td>{@code {36, Id, FromPid, ToPid}}</td>
 *       <td>-</td></tr>
 * </table>
 *
 * <p>A sequential-trace variant ({@code *_TT}) decodes into the same record as the plain one,
 * with its {@code traceToken} set; a record with a trace token encodes as the {@code *_TT}
 * operation, one without as the plain operation. Other operations ({@code NODE_LINK}, OTP 28's
 * {@code ALTACT_SIG_SEND}, anything unknown) are rejected.
 *
 * <pre>{@code
 * ControlMessage control = new ControlMessage.RegSend(self, Atom.of("echo"));
 * control.toTerm();                                   // {6, #PID<…>, :"", :echo}
 * ControlMessage.fromTerm(control.toTerm());          // equal to control
 * }</pre>
 */
public sealed interface ControlMessage
        permits ControlMessage.Link,
                ControlMessage.Send,
                ControlMessage.Exit,
                ControlMessage.Unlink,
                ControlMessage.RegSend,
                ControlMessage.GroupLeader,
                ControlMessage.Exit2,
                ControlMessage.MonitorP,
                ControlMessage.DemonitorP,
                ControlMessage.MonitorPExit,
                ControlMessage.SendSender,
                ControlMessage.PayloadExit,
                ControlMessage.PayloadExit2,
                ControlMessage.PayloadMonitorPExit,
                ControlMessage.SpawnRequest,
                ControlMessage.SpawnReply,
                ControlMessage.AliasSend,
                ControlMessage.UnlinkId,
                ControlMessage.UnlinkIdAck {

    /**
     * Returns the operation code this message encodes as: the {@code *_TT} code when it carries a
     * trace token.
     *
     * @return the first element of {@link #toTerm()}
     */
    int op();

    /**
     * Tells whether a payload term follows this control message in its packet.
     *
     * @return whether the packet carries a message, reason or argument list
     */
    boolean hasPayload();

    /**
     * Returns the control tuple, as it goes on the wire.
     *
     * @return a tuple whose first element is {@link #op()}
     */
    Tuple toTerm();

    /**
     * Reads a control tuple received from a peer, checking its arity and the type of every
     * element.
     *
     * @param term the decoded control term
     * @return the message
     * @throws DistProtocolException if the term is not a control message of a supported operation
     *     with the shape that operation requires
     */
    static ControlMessage fromTerm(Term term) throws DistProtocolException {
        return ControlTerms.read(term);
    }

    private static Tuple tuple(Term... elements) {
        return Tuple.wrap(elements);
    }

    /**
     * {@code LINK}: {@code from} links to {@code to}.
     *
     * @param from the linking process
     * @param to the process linked to
     */
    record Link(Pid from, Pid to) implements ControlMessage {

        /** The operation code. */
        public static final int OP = 1;

        /** Creates the message. */
        public Link {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public int op() {
            return OP;
        }

        @Override
        public boolean hasPayload() {
            return false;
        }

        @Override
        public Tuple toTerm() {
            return tuple(Int.of(OP), from, to);
        }
    }

    /**
     * {@code SEND} / {@code SEND_TT}: a message to a pid, without the sender; used when {@code
     * SEND_SENDER} was not negotiated. Followed by the message.
     *
     * @param unused kept for backward compatibility; OTP sends the empty atom {@code ''}, and any
     *     term is accepted
     * @param to the receiving process
     * @param traceToken the sequential trace token, or null
     */
    record Send(Term unused, Pid to, Term traceToken) implements ControlMessage {

        /** The operation code without a trace token. */
        public static final int OP = 2;

        /** The operation code with a trace token. */
        public static final int OP_TT = 12;

        /** Creates the message. */
        public Send {
            Objects.requireNonNull(unused, "unused");
            Objects.requireNonNull(to, "to");
        }

        /**
         * Creates the message as OTP sends it, with the empty atom as the unused element and no
         * trace token.
         *
         * @param to the receiving process
         */
        public Send(Pid to) {
            this(Atom.EMPTY, to, null);
        }

        @Override
        public int op() {
            return traceToken == null ? OP : OP_TT;
        }

        @Override
        public boolean hasPayload() {
            return true;
        }

        @Override
        public Tuple toTerm() {
            return traceToken == null ? tuple(Int.of(OP), unused, to) : tuple(Int.of(OP_TT), unused, to, traceToken);
        }
    }

    /**
     * {@code EXIT} / {@code EXIT_TT}: a link broke because {@code from} ended; used when {@code
     * EXIT_PAYLOAD} was not negotiated.
     *
     * @param from the process that ended
     * @param to the linked process
     * @param reason the exit reason
     * @param traceToken the sequential trace token, or null
     */
    record Exit(Pid from, Pid to, Term reason, Term traceToken) implements ControlMessage {

        /** The operation code without a trace token. */
        public static final int OP = 3;

        /** The operation code with a trace token. */
        public static final int OP_TT = 13;

        /** Creates the message. */
        public Exit {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }

        /**
         * Creates the message without a trace token.
         *
         * @param from the process that ended
         * @param to the linked process
         * @param reason the exit reason
         */
        public Exit(Pid from, Pid to, Term reason) {
            this(from, to, reason, null);
        }

        @Override
        public int op() {
            return traceToken == null ? OP : OP_TT;
        }

        @Override
        public boolean hasPayload() {
            return false;
        }

        @Override
        public Tuple toTerm() {
            return traceToken == null
                    ? tuple(Int.of(OP), from, to, reason)
                    : tuple(Int.of(OP_TT), from, to, traceToken, reason);
        }
    }

    /**
     * {@code UNLINK}: the old link protocol's unlink, sent only to peers without {@code UNLINK_ID}
     * (gone in OTP 26).
     *
     * @param from the unlinking process
     * @param to the process unlinked from
     */
    record Unlink(Pid from, Pid to) implements ControlMessage {

        /** The operation code. */
        public static final int OP = 4;

        /** Creates the message. */
        public Unlink {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public int op() {
            return OP;
        }

        @Override
        public boolean hasPayload() {
            return false;
        }

        @Override
        public Tuple toTerm() {
            return tuple(Int.of(OP), from, to);
        }
    }

    /**
     * {@code REG_SEND} / {@code REG_SEND_TT}: a message to a registered name. Followed by the
     * message.
     *
     * @param from the sending process
     * @param unused kept for backward compatibility; OTP sends the empty atom {@code ''}, and any
     *     term is accepted
     * @param toName the registered name on the receiving node
     * @param traceToken the sequential trace token, or null
     */
    record RegSend(Pid from, Term unused, Atom toName, Term traceToken) implements ControlMessage {

        /** The operation code without a trace token. */
        public static final int OP = 6;

        /** The operation code with a trace token. */
        public static final int OP_TT = 16;

        /** Creates the message. */
        public RegSend {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(unused, "unused");
            Objects.requireNonNull(toName, "toName");
        }

        /**
         * Creates the message as OTP sends it, with the empty atom as the unused element and no
         * trace token.
         *
         * @param from the sending process
         * @param toName the registered name on the receiving node
         */
        public RegSend(Pid from, Atom toName) {
            this(from, Atom.EMPTY, toName, null);
        }

        @Override
        public int op() {
            return traceToken == null ? OP : OP_TT;
        }

        @Override
        public boolean hasPayload() {
            return true;
        }

        @Override
        public Tuple toTerm() {
            return traceToken == null
                    ? tuple(Int.of(OP), from, unused, toName)
                    : tuple(Int.of(OP_TT), from, unused, toName, traceToken);
        }
    }

    /**
     * {@code GROUP_LEADER}: {@code from} sets the group leader of {@code to}.
     *
     * @param from the new group leader
     * @param to the process whose group leader changes
     */
    record GroupLeader(Pid from, Pid to) implements ControlMessage {

        /** The operation code. */
        public static final int OP = 7;

        /** Creates the message. */
        public GroupLeader {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public int op() {
            return OP;
        }

        @Override
        public boolean hasPayload() {
            return false;
        }

        @Override
        public Tuple toTerm() {
            return tuple(Int.of(OP), from, to);
        }
    }

    /**
     * {@code EXIT2} / {@code EXIT2_TT}: {@code exit(To, Reason)} called by {@code from}; used when
     * {@code EXIT_PAYLOAD} was not negotiated.
     *
     * @param from the process that sends the exit signal
     * @param to the process it is sent to
     * @param reason the exit reason
     * @param traceToken the sequential trace token, or null
     */
    record Exit2(Pid from, Pid to, Term reason, Term traceToken) implements ControlMessage {

        /** The operation code without a trace token. */
        public static final int OP = 8;

        /** The operation code with a trace token. */
        public static final int OP_TT = 18;

        /** Creates the message. */
        public Exit2 {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }

        /**
         * Creates the message without a trace token.
         *
         * @param from the process that sends the exit signal
         * @param to the process it is sent to
         * @param reason the exit reason
         */
        public Exit2(Pid from, Pid to, Term reason) {
            this(from, to, reason, null);
        }

        @Override
        public int op() {
            return traceToken == null ? OP : OP_TT;
        }

        @Override
        public boolean hasPayload() {
            return false;
        }

        @Override
        public Tuple toTerm() {
            return traceToken == null
                    ? tuple(Int.of(OP), from, to, reason)
                    : tuple(Int.of(OP_TT), from, to, traceToken, reason);
        }
    }

    /**
     * {@code MONITOR_P}: {@code from} monitors a process, by pid or by registered name.
     *
     * @param from the monitoring process
     * @param toProc the monitored process: a {@link Pid}, or an {@link Atom} for a name
     * @param ref the monitor reference
     */
    record MonitorP(Pid from, Term toProc, Ref ref) implements ControlMessage {

        /** The operation code. */
        public static final int OP = 19;

        /**
         * Creates the message.
         *
         * @throws IllegalArgumentException if {@code toProc} is neither a pid nor an atom
         */
        public MonitorP {
            Objects.requireNonNull(from, "from");
            ControlTerms.requireProc(toProc, "toProc");
            Objects.requireNonNull(ref, "ref");
        }

        @Override
        public int op() {
            return OP;
        }

        @Override
        public boolean hasPayload() {
            return false;
        }

        @Override
        public Tuple toTerm() {
            return tuple(Int.of(OP), from, toProc, ref);
        }
    }

    /**
     * {@code DEMONITOR_P}: {@code from} removes a monitor it set with {@link MonitorP}.
     *
     * @param from the monitoring process
     * @param toProc the monitored process: a {@link Pid}, or an {@link Atom} for a name
     * @param ref the monitor reference
     */
    record DemonitorP(Pid from, Term toProc, Ref ref) implements ControlMessage {

        /** The operation code. */
        public static final int OP = 20;

        /**
         * Creates the message.
         *
         * @throws IllegalArgumentException if {@code toProc} is neither a pid nor an atom
         */
        public DemonitorP {
            Objects.requireNonNull(from, "from");
            ControlTerms.requireProc(toProc, "toProc");
            Objects.requireNonNull(ref, "ref");
        }

        @Override
        public int op() {
            return OP;
        }

        @Override
        public boolean hasPayload() {
            return false;
        }

        @Override
        public Tuple toTerm() {
            return tuple(Int.of(OP), from, toProc, ref);
        }
    }

    /**
     * {@code MONITOR_P_EXIT}: a monitored process ended; used when {@code EXIT_PAYLOAD} was not
     * negotiated.
     *
     * @param fromProc the monitored process, as the monitor named it: a {@link Pid}, or an {@link
     *     Atom} for a name
     * @param to the monitoring process
     * @param ref the monitor reference
     * @param reason the exit reason
     */
    record MonitorPExit(Term fromProc, Pid to, Ref ref, Term reason) implements ControlMessage {

        /** The operation code. */
        public static final int OP = 21;

        /**
         * Creates the message.
         *
         * @throws IllegalArgumentException if {@code fromProc} is neither a pid nor an atom
         */
        public MonitorPExit {
            ControlTerms.requireProc(fromProc, "fromProc");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public int op() {
            return OP;
        }

        @Override
        public boolean hasPayload() {
            return false;
        }

        @Override
        public Tuple toTerm() {
            return tuple(Int.of(OP), fromProc, to, ref, reason);
        }
    }

    /**
     * {@code SEND_SENDER} / {@code SEND_SENDER_TT}: a message to a pid, with its sender; used once
     * {@code SEND_SENDER} is negotiated. Followed by the message.
     *
     * @param from the sending process
     * @param to the receiving process
     * @param traceToken the sequential trace token, or null
     */
    record SendSender(Pid from, Pid to, Term traceToken) implements ControlMessage {

        /** The operation code without a trace token. */
        public static final int OP = 22;

        /** The operation code with a trace token. */
        public static final int OP_TT = 23;

        /** Creates the message. */
        public SendSender {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        /**
         * Creates the message without a trace token.
         *
         * @param from the sending process
         * @param to the receiving process
         */
        public SendSender(Pid from, Pid to) {
            this(from, to, null);
        }

        @Override
        public int op() {
            return traceToken == null ? OP : OP_TT;
        }

        @Override
        public boolean hasPayload() {
            return true;
        }

        @Override
        public Tuple toTerm() {
            return traceToken == null ? tuple(Int.of(OP), from, to) : tuple(Int.of(OP_TT), from, to, traceToken);
        }
    }

    /**
     * {@code PAYLOAD_EXIT} / {@code PAYLOAD_EXIT_TT}: a link broke because {@code from} ended.
     * Followed by the exit reason.
     *
     * @param from the process that ended
     * @param to the linked process
     * @param traceToken the sequential trace token, or null
     */
    record PayloadExit(Pid from, Pid to, Term traceToken) implements ControlMessage {

        /** The operation code without a trace token. */
        public static final int OP = 24;

        /** The operation code with a trace token. */
        public static final int OP_TT = 25;

        /** Creates the message. */
        public PayloadExit {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        /**
         * Creates the message without a trace token.
         *
         * @param from the process that ended
         * @param to the linked process
         */
        public PayloadExit(Pid from, Pid to) {
            this(from, to, null);
        }

        @Override
        public int op() {
            return traceToken == null ? OP : OP_TT;
        }

        @Override
        public boolean hasPayload() {
            return true;
        }

        @Override
        public Tuple toTerm() {
            return traceToken == null ? tuple(Int.of(OP), from, to) : tuple(Int.of(OP_TT), from, to, traceToken);
        }
    }

    /**
     * {@code PAYLOAD_EXIT2} / {@code PAYLOAD_EXIT2_TT}: {@code exit(To, Reason)} called by {@code
     * from}. Followed by the exit reason.
     *
     * @param from the process that sends the exit signal
     * @param to the process it is sent to
     * @param traceToken the sequential trace token, or null
     */
    record PayloadExit2(Pid from, Pid to, Term traceToken) implements ControlMessage {

        /** The operation code without a trace token. */
        public static final int OP = 26;

        /** The operation code with a trace token. */
        public static final int OP_TT = 27;

        /** Creates the message. */
        public PayloadExit2 {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        /**
         * Creates the message without a trace token.
         *
         * @param from the process that sends the exit signal
         * @param to the process it is sent to
         */
        public PayloadExit2(Pid from, Pid to) {
            this(from, to, null);
        }

        @Override
        public int op() {
            return traceToken == null ? OP : OP_TT;
        }

        @Override
        public boolean hasPayload() {
            return true;
        }

        @Override
        public Tuple toTerm() {
            return traceToken == null ? tuple(Int.of(OP), from, to) : tuple(Int.of(OP_TT), from, to, traceToken);
        }
    }

    /**
     * {@code PAYLOAD_MONITOR_P_EXIT}: a monitored process ended (the {@code DOWN} of a monitor).
     * Followed by the exit reason.
     *
     * @param fromProc the monitored process, echoed as the monitor named it: a {@link Pid}, or an
     *     {@link Atom} for a name
     * @param to the monitoring process
     * @param ref the monitor reference
     */
    record PayloadMonitorPExit(Term fromProc, Pid to, Ref ref) implements ControlMessage {

        /** The operation code. */
        public static final int OP = 28;

        /**
         * Creates the message.
         *
         * @throws IllegalArgumentException if {@code fromProc} is neither a pid nor an atom
         */
        public PayloadMonitorPExit {
            ControlTerms.requireProc(fromProc, "fromProc");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(ref, "ref");
        }

        @Override
        public int op() {
            return OP;
        }

        @Override
        public boolean hasPayload() {
            return true;
        }

        @Override
        public Tuple toTerm() {
            return tuple(Int.of(OP), fromProc, to, ref);
        }
    }

    /**
     * {@code SPAWN_REQUEST} / {@code SPAWN_REQUEST_TT}: {@code spawn_request/5} and everything
     * built on it ({@code spawn/4}, {@code erpc}, {@code rpc}). Followed by the argument list.
     *
     * @param reqId the request id, also the monitor reference if a monitor was asked for
     * @param from the parent process to be
     * @param groupLeader the group leader of the new process
     * @param module the module of the entry point
     * @param function the function of the entry point
     * @param arity the arity of the entry point, 0 to 255
     * @param options the spawn options, a proper list
     * @param traceToken the sequential trace token, or null
     */
    record SpawnRequest(
            Ref reqId,
            Pid from,
            Pid groupLeader,
            Atom module,
            Atom function,
            int arity,
            TermList options,
            Term traceToken)
            implements ControlMessage {

        /** The operation code without a trace token. */
        public static final int OP = 29;

        /** The operation code with a trace token. */
        public static final int OP_TT = 30;

        /** The highest arity a function may have. */
        public static final int MAX_ARITY = 255;

        /**
         * Creates the message.
         *
         * @throws IllegalArgumentException if the arity is out of range or the options are not a
         *     proper list
         */
        public SpawnRequest {
            Objects.requireNonNull(reqId, "reqId");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(groupLeader, "groupLeader");
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(function, "function");
            if (arity < 0 || arity > MAX_ARITY) {
                throw new IllegalArgumentException("arity must be 0.." + MAX_ARITY + ", got " + arity);
            }
            if (!Objects.requireNonNull(options, "options").isProper()) {
                throw new IllegalArgumentException("spawn options must be a proper list");
            }
        }

        /**
         * Creates the message without a trace token.
         *
         * @param reqId the request id
         * @param from the parent process to be
         * @param groupLeader the group leader of the new process
         * @param module the module of the entry point
         * @param function the function of the entry point
         * @param arity the arity of the entry point, 0 to 255
         * @param options the spawn options, a proper list
         */
        public SpawnRequest(
                Ref reqId, Pid from, Pid groupLeader, Atom module, Atom function, int arity, TermList options) {
            this(reqId, from, groupLeader, module, function, arity, options, null);
        }

        @Override
        public int op() {
            return traceToken == null ? OP : OP_TT;
        }

        @Override
        public boolean hasPayload() {
            return true;
        }

        @Override
        public Tuple toTerm() {
            Tuple mfa = tuple(module, function, Int.of(arity));
            return traceToken == null
                    ? tuple(Int.of(OP), reqId, from, groupLeader, mfa, options)
                    : tuple(Int.of(OP_TT), reqId, from, groupLeader, mfa, options, traceToken);
        }
    }

    /**
     * {@code SPAWN_REPLY} / {@code SPAWN_REPLY_TT}: the answer to a {@link SpawnRequest}.
     *
     * @param reqId the request id of the request
     * @param to the process that asked
     * @param flags {@link #FLAG_LINK} and {@link #FLAG_MONITOR}, or:ed: what was set up
     * @param result the new process's {@link Pid} on success, an {@link Atom} such as {@code
     *     notsup} or {@code badarg} on failure
     * @param traceToken the sequential trace token, or null
     */
    record SpawnReply(Ref reqId, Pid to, int flags, Term result, Term traceToken) implements ControlMessage {

        /** The operation code without a trace token. */
        public static final int OP = 31;

        /** The operation code with a trace token. */
        public static final int OP_TT = 32;

        /** Flag: a link between the asking process and the new one was set up. */
        public static final int FLAG_LINK = 1;

        /** Flag: a monitor from the asking process to the new one was set up. */
        public static final int FLAG_MONITOR = 2;

        /**
         * Creates the message.
         *
         * @throws IllegalArgumentException if the flags are negative or the result is neither a
         *     pid nor an atom
         */
        public SpawnReply {
            Objects.requireNonNull(reqId, "reqId");
            Objects.requireNonNull(to, "to");
            if (flags < 0) {
                throw new IllegalArgumentException("flags must not be negative, got " + flags);
            }
            ControlTerms.requireProc(result, "result");
        }

        /**
         * Creates the message without a trace token.
         *
         * @param reqId the request id of the request
         * @param to the process that asked
         * @param flags what was set up
         * @param result the new pid, or an atom naming the failure
         */
        public SpawnReply(Ref reqId, Pid to, int flags, Term result) {
            this(reqId, to, flags, result, null);
        }

        @Override
        public int op() {
            return traceToken == null ? OP : OP_TT;
        }

        @Override
        public boolean hasPayload() {
            return false;
        }

        @Override
        public Tuple toTerm() {
            return traceToken == null
                    ? tuple(Int.of(OP), reqId, to, Int.of(flags), result)
                    : tuple(Int.of(OP_TT), reqId, to, Int.of(flags), result, traceToken);
        }
    }

    /**
     * {@code ALIAS_SEND} / {@code ALIAS_SEND_TT}: a message to a process alias. Followed by the
     * message.
     *
     * @param from the sending process
     * @param alias the alias reference
     * @param traceToken the sequential trace token, or null
     */
    record AliasSend(Pid from, Ref alias, Term traceToken) implements ControlMessage {

        /** The operation code without a trace token. */
        public static final int OP = 33;

        /** The operation code with a trace token. */
        public static final int OP_TT = 34;

        /** Creates the message. */
        public AliasSend {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(alias, "alias");
        }

        /**
         * Creates the message without a trace token.
         *
         * @param from the sending process
         * @param alias the alias reference
         */
        public AliasSend(Pid from, Ref alias) {
            this(from, alias, null);
        }

        @Override
        public int op() {
            return traceToken == null ? OP : OP_TT;
        }

        @Override
        public boolean hasPayload() {
            return true;
        }

        @Override
        public Tuple toTerm() {
            return traceToken == null ? tuple(Int.of(OP), from, alias) : tuple(Int.of(OP_TT), from, alias, traceToken);
        }
    }

    /**
     * {@code UNLINK_ID}: the new link protocol's unlink; the receiver answers with {@link
     * UnlinkIdAck} carrying the same id.
     *
     * @param id the unlink id, an unsigned 64-bit value (OTP uses 1 to 2<sup>64</sup>-1); read it
     *     with {@link Long#toUnsignedString(long)} or {@link Long#compareUnsigned(long, long)}
     * @param from the unlinking process
     * @param to the process unlinked from
     */
    record UnlinkId(long id, Pid from, Pid to) implements ControlMessage {

        /** The operation code. */
        public static final int OP = 35;

        /** Creates the message. */
        public UnlinkId {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public int op() {
            return OP;
        }

        @Override
        public boolean hasPayload() {
            return false;
        }

        @Override
        public Tuple toTerm() {
            return tuple(Int.of(OP), unsigned(id), from, to);
        }
    }

    /**
     * {@code UNLINK_ID_ACK}: acknowledges an {@link UnlinkId}.
     *
     * @param id the id of the acknowledged unlink, an unsigned 64-bit value
     * @param from the acknowledging process (the one that was unlinked from)
     * @param to the process that unlinked
     */
    record UnlinkIdAck(long id, Pid from, Pid to) implements ControlMessage {

        /** The operation code. */
        public static final int OP = 36;

        /** Creates the message. */
        public UnlinkIdAck {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public int op() {
            return OP;
        }

        @Override
        public boolean hasPayload() {
            return false;
        }

        @Override
        public Tuple toTerm() {
            return tuple(Int.of(OP), unsigned(id), from, to);
        }
    }

    private static Int unsigned(long value) {
        return value >= 0 ? Int.of(value) : Int.of(new BigInteger(Long.toUnsignedString(value)));
    }
}

package dev.nodemesh.dist;

import dev.nodemesh.dist.ControlMessage.AliasSend;
import dev.nodemesh.dist.ControlMessage.DemonitorP;
import dev.nodemesh.dist.ControlMessage.Exit;
import dev.nodemesh.dist.ControlMessage.Exit2;
import dev.nodemesh.dist.ControlMessage.GroupLeader;
import dev.nodemesh.dist.ControlMessage.Link;
import dev.nodemesh.dist.ControlMessage.MonitorP;
import dev.nodemesh.dist.ControlMessage.MonitorPExit;
import dev.nodemesh.dist.ControlMessage.PayloadExit;
import dev.nodemesh.dist.ControlMessage.PayloadExit2;
import dev.nodemesh.dist.ControlMessage.PayloadMonitorPExit;
import dev.nodemesh.dist.ControlMessage.RegSend;
import dev.nodemesh.dist.ControlMessage.Send;
import dev.nodemesh.dist.ControlMessage.SendSender;
import dev.nodemesh.dist.ControlMessage.SpawnReply;
import dev.nodemesh.dist.ControlMessage.SpawnRequest;
import dev.nodemesh.dist.ControlMessage.Unlink;
import dev.nodemesh.dist.ControlMessage.UnlinkId;
import dev.nodemesh.dist.ControlMessage.UnlinkIdAck;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.BitString;
import dev.nodemesh.term.ExternalFun;
import dev.nodemesh.term.Float64;
import dev.nodemesh.term.Fun;
import dev.nodemesh.term.Int;
import dev.nodemesh.term.LocalTerm;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Port;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.TermMap;
import dev.nodemesh.term.Tuple;
import java.math.BigInteger;

/**
 * Reads control tuples received from a peer into {@link ControlMessage}s. Every operation has a
 * {@link Shape} (its name and element names, as in the protocol documentation); the error messages
 * are built from it and name the element and the kind of term found, never the term itself.
 */
final class ControlTerms {

    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private static final Shape LINK = new Shape("LINK", Link.OP, "FromPid", "ToPid");
    private static final Shape SEND = new Shape("SEND", Send.OP, "Unused", "ToPid");
    private static final Shape SEND_TT = new Shape("SEND_TT", Send.OP_TT, "Unused", "ToPid", "TraceToken");
    private static final Shape EXIT = new Shape("EXIT", Exit.OP, "FromPid", "ToPid", "Reason");
    private static final Shape EXIT_TT = new Shape("EXIT_TT", Exit.OP_TT, "FromPid", "ToPid", "TraceToken", "Reason");
    private static final Shape UNLINK = new Shape("UNLINK", Unlink.OP, "FromPid", "ToPid");
    private static final Shape REG_SEND = new Shape("REG_SEND", RegSend.OP, "FromPid", "Unused", "ToName");
    private static final Shape REG_SEND_TT =
            new Shape("REG_SEND_TT", RegSend.OP_TT, "FromPid", "Unused", "ToName", "TraceToken");
    private static final Shape GROUP_LEADER = new Shape("GROUP_LEADER", GroupLeader.OP, "FromPid", "ToPid");
    private static final Shape EXIT2 = new Shape("EXIT2", Exit2.OP, "FromPid", "ToPid", "Reason");
    private static final Shape EXIT2_TT =
            new Shape("EXIT2_TT", Exit2.OP_TT, "FromPid", "ToPid", "TraceToken", "Reason");
    private static final Shape MONITOR_P = new Shape("MONITOR_P", MonitorP.OP, "FromPid", "ToProc", "Ref");
    private static final Shape DEMONITOR_P = new Shape("DEMONITOR_P", DemonitorP.OP, "FromPid", "ToProc", "Ref");
    private static final Shape MONITOR_P_EXIT =
            new Shape("MONITOR_P_EXIT", MonitorPExit.OP, "FromProc", "ToPid", "Ref", "Reason");
    private static final Shape SEND_SENDER = new Shape("SEND_SENDER", SendSender.OP, "FromPid", "ToPid");
    private static final Shape SEND_SENDER_TT =
            new Shape("SEND_SENDER_TT", SendSender.OP_TT, "FromPid", "ToPid", "TraceToken");
    private static final Shape PAYLOAD_EXIT = new Shape("PAYLOAD_EXIT", PayloadExit.OP, "FromPid", "ToPid");
    private static final Shape PAYLOAD_EXIT_TT =
            new Shape("PAYLOAD_EXIT_TT", PayloadExit.OP_TT, "FromPid", "ToPid", "TraceToken");
    private static final Shape PAYLOAD_EXIT2 = new Shape("PAYLOAD_EXIT2", PayloadExit2.OP, "FromPid", "ToPid");
    private static final Shape PAYLOAD_EXIT2_TT =
            new Shape("PAYLOAD_EXIT2_TT", PayloadExit2.OP_TT, "FromPid", "ToPid", "TraceToken");
    private static final Shape PAYLOAD_MONITOR_P_EXIT =
            new Shape("PAYLOAD_MONITOR_P_EXIT", PayloadMonitorPExit.OP, "FromProc", "ToPid", "Ref");
    private static final Shape SPAWN_REQUEST = new Shape(
            "SPAWN_REQUEST", SpawnRequest.OP, "ReqId", "From", "GroupLeader", "{Module, Function, Arity}", "OptList");
    private static final Shape SPAWN_REQUEST_TT = new Shape(
            "SPAWN_REQUEST_TT",
            SpawnRequest.OP_TT,
            "ReqId",
            "From",
            "GroupLeader",
            "{Module, Function, Arity}",
            "OptList",
            "Token");
    private static final Shape SPAWN_REPLY = new Shape("SPAWN_REPLY", SpawnReply.OP, "ReqId", "To", "Flags", "Result");
    private static final Shape SPAWN_REPLY_TT =
            new Shape("SPAWN_REPLY_TT", SpawnReply.OP_TT, "ReqId", "To", "Flags", "Result", "Token");
    private static final Shape ALIAS_SEND = new Shape("ALIAS_SEND", AliasSend.OP, "FromPid", "Alias");
    private static final Shape ALIAS_SEND_TT = new Shape("ALIAS_SEND_TT", AliasSend.OP_TT, "FromPid", "Alias", "Token");
    private static final Shape UNLINK_ID = new Shape("UNLINK_ID", UnlinkId.OP, "Id", "FromPid", "ToPid");
    private static final Shape UNLINK_ID_ACK = new Shape("UNLINK_ID_ACK", UnlinkIdAck.OP, "Id", "FromPid", "ToPid");

    private ControlTerms() {}

    static ControlMessage read(Term term) {
        if (!(term instanceof Tuple tuple) || tuple.size() == 0) {
            throw new DistProtocolException(
                    "a control message must be a tuple whose first element is the operation, got " + kind(term));
        }
        if (!(tuple.get(0) instanceof Int opTerm) || !opTerm.isInt()) {
            throw new DistProtocolException(
                    "the first element of a control message must be the operation code, got " + kind(tuple.get(0)));
        }
        int op = opTerm.intValue();
        try {
            return read(op, tuple);
        } catch (IllegalArgumentException e) {
            // defensive: the shapes check everything the records' constructors check
            throw new DistProtocolException("control message " + op + ": " + e.getMessage(), e);
        }
    }

    private static ControlMessage read(int op, Tuple t) {
        switch (op) {
            case Link.OP:
                return new Link(LINK.check(t).pid(t, 1), LINK.pid(t, 2));
            case Send.OP:
                return new Send(SEND.check(t).any(t, 1), SEND.pid(t, 2), null);
            case Send.OP_TT:
                return new Send(SEND_TT.check(t).any(t, 1), SEND_TT.pid(t, 2), t.get(3));
            case Exit.OP:
                return new Exit(EXIT.check(t).pid(t, 1), EXIT.pid(t, 2), t.get(3), null);
            case Exit.OP_TT:
                return new Exit(EXIT_TT.check(t).pid(t, 1), EXIT_TT.pid(t, 2), t.get(4), t.get(3));
            case Unlink.OP:
                return new Unlink(UNLINK.check(t).pid(t, 1), UNLINK.pid(t, 2));
            case RegSend.OP:
                return new RegSend(REG_SEND.check(t).pid(t, 1), t.get(2), REG_SEND.atom(t, 3), null);
            case RegSend.OP_TT:
                return new RegSend(REG_SEND_TT.check(t).pid(t, 1), t.get(2), REG_SEND_TT.atom(t, 3), t.get(4));
            case GroupLeader.OP:
                return new GroupLeader(GROUP_LEADER.check(t).pid(t, 1), GROUP_LEADER.pid(t, 2));
            case Exit2.OP:
                return new Exit2(EXIT2.check(t).pid(t, 1), EXIT2.pid(t, 2), t.get(3), null);
            case Exit2.OP_TT:
                return new Exit2(EXIT2_TT.check(t).pid(t, 1), EXIT2_TT.pid(t, 2), t.get(4), t.get(3));
            case MonitorP.OP:
                return new MonitorP(MONITOR_P.check(t).pid(t, 1), MONITOR_P.proc(t, 2), MONITOR_P.ref(t, 3));
            case DemonitorP.OP:
                return new DemonitorP(DEMONITOR_P.check(t).pid(t, 1), DEMONITOR_P.proc(t, 2), DEMONITOR_P.ref(t, 3));
            case MonitorPExit.OP:
                return new MonitorPExit(
                        MONITOR_P_EXIT.check(t).proc(t, 1),
                        MONITOR_P_EXIT.pid(t, 2),
                        MONITOR_P_EXIT.ref(t, 3),
                        t.get(4));
            case SendSender.OP:
                return new SendSender(SEND_SENDER.check(t).pid(t, 1), SEND_SENDER.pid(t, 2), null);
            case SendSender.OP_TT:
                return new SendSender(SEND_SENDER_TT.check(t).pid(t, 1), SEND_SENDER_TT.pid(t, 2), t.get(3));
            case PayloadExit.OP:
                return new PayloadExit(PAYLOAD_EXIT.check(t).pid(t, 1), PAYLOAD_EXIT.pid(t, 2), null);
            case PayloadExit.OP_TT:
                return new PayloadExit(PAYLOAD_EXIT_TT.check(t).pid(t, 1), PAYLOAD_EXIT_TT.pid(t, 2), t.get(3));
            case PayloadExit2.OP:
                return new PayloadExit2(PAYLOAD_EXIT2.check(t).pid(t, 1), PAYLOAD_EXIT2.pid(t, 2), null);
            case PayloadExit2.OP_TT:
                return new PayloadExit2(PAYLOAD_EXIT2_TT.check(t).pid(t, 1), PAYLOAD_EXIT2_TT.pid(t, 2), t.get(3));
            case PayloadMonitorPExit.OP:
                return new PayloadMonitorPExit(
                        PAYLOAD_MONITOR_P_EXIT.check(t).proc(t, 1),
                        PAYLOAD_MONITOR_P_EXIT.pid(t, 2),
                        PAYLOAD_MONITOR_P_EXIT.ref(t, 3));
            case SpawnRequest.OP:
                return spawnRequest(SPAWN_REQUEST.check(t), t, null);
            case SpawnRequest.OP_TT:
                return spawnRequest(SPAWN_REQUEST_TT.check(t), t, t.get(6));
            case SpawnReply.OP:
                return spawnReply(SPAWN_REPLY.check(t), t, null);
            case SpawnReply.OP_TT:
                return spawnReply(SPAWN_REPLY_TT.check(t), t, t.get(5));
            case AliasSend.OP:
                return new AliasSend(ALIAS_SEND.check(t).pid(t, 1), ALIAS_SEND.ref(t, 2), null);
            case AliasSend.OP_TT:
                return new AliasSend(ALIAS_SEND_TT.check(t).pid(t, 1), ALIAS_SEND_TT.ref(t, 2), t.get(3));
            case UnlinkId.OP:
                return new UnlinkId(UNLINK_ID.check(t).u64(t, 1), UNLINK_ID.pid(t, 2), UNLINK_ID.pid(t, 3));
            case UnlinkIdAck.OP:
                return new UnlinkIdAck(
                        UNLINK_ID_ACK.check(t).u64(t, 1), UNLINK_ID_ACK.pid(t, 2), UNLINK_ID_ACK.pid(t, 3));
            default:
                throw new DistProtocolException("unknown or unsupported control message operation " + op);
        }
    }

    private static SpawnRequest spawnRequest(Shape shape, Tuple t, Term traceToken) {
        Ref reqId = shape.ref(t, 1);
        Pid from = shape.pid(t, 2);
        Pid groupLeader = shape.pid(t, 3);
        Term mfa = t.get(4);
        if (!(mfa instanceof Tuple entry)
                || entry.size() != 3
                || !(entry.get(0) instanceof Atom module)
                || !(entry.get(1) instanceof Atom function)
                || !(entry.get(2) instanceof Int arity)
                || !arity.isInt()
                || arity.intValue() < 0
                || arity.intValue() > SpawnRequest.MAX_ARITY) {
            throw shape.wrong(4, "a tuple of two atoms and an arity 0.." + SpawnRequest.MAX_ARITY, mfa);
        }
        if (!(t.get(5) instanceof TermList options) || !options.isProper()) {
            throw shape.wrong(5, "a proper list", t.get(5));
        }
        return new SpawnRequest(reqId, from, groupLeader, module, function, arity.intValue(), options, traceToken);
    }

    private static SpawnReply spawnReply(Shape shape, Tuple t, Term traceToken) {
        Ref reqId = shape.ref(t, 1);
        Pid to = shape.pid(t, 2);
        if (!(t.get(3) instanceof Int flags) || !flags.isInt() || flags.intValue() < 0) {
            throw shape.wrong(3, "a non-negative integer", t.get(3));
        }
        return new SpawnReply(reqId, to, flags.intValue(), shape.proc(t, 4), traceToken);
    }

    /**
     * Checks that a process designation is a pid or an atom (a registered name).
     *
     * @param proc the term
     * @param name the record component, for the message
     * @throws IllegalArgumentException if it is neither
     */
    static void requireProc(Term proc, String name) {
        if (!(proc instanceof Pid) && !(proc instanceof Atom)) {
            throw new IllegalArgumentException(name + " must be a pid or an atom, got " + kind(proc));
        }
    }

    /**
     * Describes the kind of a term for an error message, without its value.
     *
     * @param term the term, or null
     * @return for example {@code "a tuple of 3 elements"}
     */
    static String kind(Term term) {
        if (term == null) {
            return "nothing";
        } else if (term instanceof Atom) {
            return "an atom";
        } else if (term instanceof Int) {
            return "an integer";
        } else if (term instanceof Float64) {
            return "a float";
        } else if (term instanceof Tuple tuple) {
            return "a tuple of " + tuple.size() + " elements";
        } else if (term instanceof TermList list) {
            return list.isProper() ? "a list" : "an improper list";
        } else if (term instanceof TermMap) {
            return "a map";
        } else if (term instanceof Binary) {
            return "a binary";
        } else if (term instanceof BitString) {
            return "a bitstring";
        } else if (term instanceof Pid) {
            return "a pid";
        } else if (term instanceof Port) {
            return "a port";
        } else if (term instanceof Ref) {
            return "a reference";
        } else if (term instanceof ExternalFun || term instanceof Fun) {
            return "a fun";
        } else if (term instanceof LocalTerm) {
            return "a local term";
        }
        return "an unknown term";
    }

    /** One operation's tuple layout: its name, code and element names, for checks and messages. */
    private static final class Shape {

        private final String name;
        private final String[] elements;
        private final String layout;

        Shape(String name, int op, String... elements) {
            this.name = name;
            this.elements = new String[elements.length + 1];
            this.elements[0] = Integer.toString(op);
            System.arraycopy(elements, 0, this.elements, 1, elements.length);
            this.layout = "{" + String.join(", ", this.elements) + "}";
        }

        Shape check(Tuple t) {
            if (t.size() != elements.length) {
                throw new DistProtocolException(name + " must be " + layout + " (" + elements.length
                        + " elements), got " + t.size() + " elements");
            }
            return this;
        }

        Pid pid(Tuple t, int index) {
            if (t.get(index) instanceof Pid pid) {
                return pid;
            }
            throw wrong(index, "a pid", t.get(index));
        }

        Atom atom(Tuple t, int index) {
            if (t.get(index) instanceof Atom atom) {
                return atom;
            }
            throw wrong(index, "an atom", t.get(index));
        }

        Ref ref(Tuple t, int index) {
            if (t.get(index) instanceof Ref ref) {
                return ref;
            }
            throw wrong(index, "a reference", t.get(index));
        }

        Term proc(Tuple t, int index) {
            Term proc = t.get(index);
            if (proc instanceof Pid || proc instanceof Atom) {
                return proc;
            }
            throw wrong(index, "a pid or an atom", proc);
        }

        Term any(Tuple t, int index) {
            return t.get(index);
        }

        long u64(Tuple t, int index) {
            if (t.get(index) instanceof Int id && id.signum() >= 0) {
                if (id.isLong()) {
                    return id.longValue();
                }
                BigInteger big = id.bigValue();
                if (big.compareTo(TWO_TO_64) < 0) {
                    return big.longValue();
                }
            }
            throw wrong(index, "an integer 0..2^64-1", t.get(index));
        }

        DistProtocolException wrong(int index, String expected, Term found) {
            return new DistProtocolException(
                    name + " " + layout + ": " + elements[index] + " must be " + expected + ", got " + kind(found));
        }
    }
}

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
import dev.nodemesh.term.Int;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.TermList;
import dev.nodemesh.term.Tuple;
import java.util.List;

/** One instance of every control message, with and without a trace token, and a payload for each. */
final class ControlSamples {

    static final Pid A = new Pid(Atom.of("a@host"), 42, 0, 3);
    static final Pid B = new Pid(Atom.of("b@host"), 7, 1, 1_700_000_000);
    static final Ref REF = Ref.of(Atom.of("a@host"), 3, 0x1234, 0x5678, 0x9abc);
    /** A seq_trace token: {Flags, Label, Serial, From, LastCnt}. */
    static final Term TOKEN = Tuple.of(Int.of(2), Atom.of("label"), Int.of(5), A, Int.of(4));

    private ControlSamples() {}

    /** A sample, its expected op, whether it has a payload, and its expected tuple. */
    record Sample(ControlMessage message, int op, boolean payload, Tuple tuple) {
        @Override
        public String toString() {
            return message.getClass().getSimpleName() + "/" + op;
        }

        Term payloadTerm() {
            return payload ? Tuple.of(Atom.of("hello"), Binary.of("world"), A) : null;
        }
    }

    private static Tuple t(Term... elements) {
        return Tuple.of(elements);
    }

    private static Int i(long value) {
        return Int.of(value);
    }

    static List<Sample> all() {
        Atom reason = Atom.of("killed");
        Atom name = Atom.of("echo");
        TermList options = TermList.of(Atom.of("monitor"), Tuple.of(Atom.of("priority"), Atom.of("high")));
        Tuple mfa = t(Atom.of("erpc"), Atom.of("execute_call"), i(4));
        return List.of(
                new Sample(new Link(A, B), 1, false, t(i(1), A, B)),
                new Sample(new Send(B), 2, true, t(i(2), Atom.EMPTY, B)),
                new Sample(new Send(TermList.EMPTY, B, TOKEN), 12, true, t(i(12), TermList.EMPTY, B, TOKEN)),
                new Sample(new Exit(A, B, reason), 3, false, t(i(3), A, B, reason)),
                new Sample(new Exit(A, B, reason, TOKEN), 13, false, t(i(13), A, B, TOKEN, reason)),
                new Sample(new Unlink(A, B), 4, false, t(i(4), A, B)),
                new Sample(new RegSend(A, name), 6, true, t(i(6), A, Atom.EMPTY, name)),
                new Sample(
                        new RegSend(A, Atom.UNDEFINED, name, TOKEN),
                        16,
                        true,
                        t(i(16), A, Atom.UNDEFINED, name, TOKEN)),
                new Sample(new GroupLeader(A, B), 7, false, t(i(7), A, B)),
                new Sample(new Exit2(A, B, reason), 8, false, t(i(8), A, B, reason)),
                new Sample(new Exit2(A, B, reason, TOKEN), 18, false, t(i(18), A, B, TOKEN, reason)),
                new Sample(new MonitorP(A, B, REF), 19, false, t(i(19), A, B, REF)),
                new Sample(new MonitorP(A, name, REF), 19, false, t(i(19), A, name, REF)),
                new Sample(new DemonitorP(A, name, REF), 20, false, t(i(20), A, name, REF)),
                new Sample(new MonitorPExit(B, A, REF, reason), 21, false, t(i(21), B, A, REF, reason)),
                new Sample(new SendSender(A, B), 22, true, t(i(22), A, B)),
                new Sample(new SendSender(A, B, TOKEN), 23, true, t(i(23), A, B, TOKEN)),
                new Sample(new PayloadExit(A, B), 24, true, t(i(24), A, B)),
                new Sample(new PayloadExit(A, B, TOKEN), 25, true, t(i(25), A, B, TOKEN)),
                new Sample(new PayloadExit2(A, B), 26, true, t(i(26), A, B)),
                new Sample(new PayloadExit2(A, B, TOKEN), 27, true, t(i(27), A, B, TOKEN)),
                new Sample(new PayloadMonitorPExit(name, A, REF), 28, true, t(i(28), name, A, REF)),
                new Sample(
                        new SpawnRequest(REF, A, B, Atom.of("erpc"), Atom.of("execute_call"), 4, options),
                        29,
                        true,
                        t(i(29), REF, A, B, mfa, options)),
                new Sample(
                        new SpawnRequest(REF, A, B, Atom.of("erpc"), Atom.of("execute_call"), 4, options, TOKEN),
                        30,
                        true,
                        t(i(30), REF, A, B, mfa, options, TOKEN)),
                new Sample(new SpawnReply(REF, A, 2, B), 31, false, t(i(31), REF, A, i(2), B)),
                new Sample(
                        new SpawnReply(REF, A, 0, Atom.of("notsup"), TOKEN),
                        32,
                        false,
                        t(i(32), REF, A, i(0), Atom.of("notsup"), TOKEN)),
                new Sample(new AliasSend(A, REF), 33, true, t(i(33), A, REF)),
                new Sample(new AliasSend(A, REF, TOKEN), 34, true, t(i(34), A, REF, TOKEN)),
                new Sample(new UnlinkId(4, A, B), 35, false, t(i(35), i(4), A, B)),
                new Sample(new UnlinkIdAck(4, B, A), 36, false, t(i(36), i(4), B, A)));
    }
}

package dev.nodemesh.dist;

import static dev.nodemesh.term.etf.EtfTags.ATOM_CACHE_REF;
import static dev.nodemesh.term.etf.EtfTags.NEW_PID_EXT;
import static dev.nodemesh.term.etf.EtfTags.SMALL_INTEGER_EXT;
import static dev.nodemesh.term.etf.EtfTags.SMALL_TUPLE_EXT;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.etf.EtfEncoder;
import io.netty.buffer.ByteBuf;

/**
 * Writes the distribution header and the control message of the packets that carry messages
 * ({@code SEND_SENDER}, {@code SEND}, {@code REG_SEND}, without trace tokens) with their atoms
 * through the connection's {@link SendAtomCache}: the node names of the pids, the unused {@code
 * ''} and the registered name become two-byte references. Other control messages are left to the
 * general encoder, with full atoms.
 */
final class CachedControlWriter {

    private static final EtfEncoder ENCODER = EtfEncoder.standard();

    private CachedControlWriter() {}

    /**
     * Tells whether {@link #write} takes a control message.
     *
     * @param control the control message
     * @return whether it is a message send without a trace token
     */
    static boolean takes(ControlMessage control) {
        if (control instanceof ControlMessage.SendSender sendSender) {
            return sendSender.traceToken() == null;
        }
        if (control instanceof ControlMessage.Send send) {
            return send.traceToken() == null && send.unused() instanceof Atom;
        }
        if (control instanceof ControlMessage.RegSend regSend) {
            return regSend.traceToken() == null && regSend.unused() instanceof Atom;
        }
        return false;
    }

    /**
     * Gathers the control message's atoms into the cache, then writes the header and the control
     * message; the caller commits or aborts the cache's packet.
     *
     * @param control a control message {@link #takes} takes
     * @param cache the connection's cache, with no packet under way
     * @param out where the packet goes, after its length
     */
    static void write(ControlMessage control, SendAtomCache cache, ByteBuf out) {
        if (control instanceof ControlMessage.SendSender sendSender) {
            int from = cache.ref(sendSender.from().node());
            int to = cache.ref(sendSender.to().node());
            cache.writeHeader(out);
            tupleHead(3, ControlMessage.SendSender.OP, out);
            pid(sendSender.from(), from, out);
            pid(sendSender.to(), to, out);
        } else if (control instanceof ControlMessage.Send send) {
            Atom unused = (Atom) send.unused();
            int unusedRef = cache.ref(unused);
            int to = cache.ref(send.to().node());
            cache.writeHeader(out);
            tupleHead(3, ControlMessage.Send.OP, out);
            atom(unused, unusedRef, out);
            pid(send.to(), to, out);
        } else {
            ControlMessage.RegSend regSend = (ControlMessage.RegSend) control;
            Atom unused = (Atom) regSend.unused();
            int from = cache.ref(regSend.from().node());
            int unusedRef = cache.ref(unused);
            int name = cache.ref(regSend.toName());
            cache.writeHeader(out);
            tupleHead(4, ControlMessage.RegSend.OP, out);
            pid(regSend.from(), from, out);
            atom(unused, unusedRef, out);
            atom(regSend.toName(), name, out);
        }
    }

    private static void tupleHead(int arity, int op, ByteBuf out) {
        out.writeByte(SMALL_TUPLE_EXT);
        out.writeByte(arity);
        out.writeByte(SMALL_INTEGER_EXT);
        out.writeByte(op);
    }

    private static void pid(Pid pid, int nodeRef, ByteBuf out) {
        if (nodeRef < 0) {
            ENCODER.encodeBody(pid, out);
            return;
        }
        out.writeByte(NEW_PID_EXT);
        atom(pid.node(), nodeRef, out);
        out.writeInt(pid.id());
        out.writeInt(pid.serial());
        out.writeInt(pid.creation());
    }

    /** An atom as a reference to the header's entry, or in full (the general encoder) when it has none. */
    private static void atom(Atom atom, int ref, ByteBuf out) {
        if (ref < 0) {
            ENCODER.encodeBody(atom, out);
            return;
        }
        out.writeByte(ATOM_CACHE_REF);
        out.writeByte(ref);
    }
}

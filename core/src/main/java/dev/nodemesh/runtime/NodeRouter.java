package dev.nodemesh.runtime;

import dev.nodemesh.ConnectionFailure;
import dev.nodemesh.NodeDownReason;
import dev.nodemesh.NodeName;
import dev.nodemesh.UndeliverableReason;
import dev.nodemesh.dist.Connection;
import dev.nodemesh.dist.ConnectionListener;
import dev.nodemesh.dist.ControlMessage;
import dev.nodemesh.dist.DisconnectReason;
import dev.nodemesh.dist.DistMessage;
import dev.nodemesh.dist.InboundListener;
import dev.nodemesh.process.LocalProcess;
import dev.nodemesh.process.ProcessTable;
import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Term;
import java.util.ArrayList;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes what peers send: messages to the local processes, links, monitors and exit signals to
 * {@link Links} and {@link Monitors} (which refuse a link or monitor of a process that does not
 * exist with {@code noproc}, and one beyond the peer's bound with {@code system_limit}; the
 * router sends the refusal back on the connection the request came on); answers what else OTP
 * expects an answer to (an unlink is always acknowledged, a spawn request gets {@code notsup}).
 * Connections coming up and going down are handed, in this order, to the status listeners, the
 * node watchers, the monitors and the links.
 */
final class NodeRouter implements InboundListener, ConnectionListener {

    private static final Logger log = LoggerFactory.getLogger(NodeRouter.class);
    private static final Atom NOTSUP = Atom.of("notsup");

    private final NodeRuntime node;

    /**
     * Per network thread: the handler drains that deliveries during the current read asked for;
     * they are submitted once the read is complete, so a read of many messages wakes a dispatch
     * thread once, not once per message.
     */
    private final ThreadLocal<ArrayList<Runnable>> deferredDrains = ThreadLocal.withInitial(ArrayList::new);

    NodeRouter(NodeRuntime node) {
        this.node = node;
    }

    @Override
    public void readComplete(Connection from) {
        ArrayList<Runnable> drains = deferredDrains.get();
        if (drains.isEmpty()) {
            return;
        }
        for (int i = 0; i < drains.size(); i++) {
            drains.get(i).run();
        }
        drains.clear();
    }

    @Override
    public void onMessage(Connection from, DistMessage message) {
        ProcessTable processes = node.processes();
        ControlMessage control = message.control();
        if (control instanceof ControlMessage.SendSender send) {
            deliver(processes.find(send.to()), message, UndeliverableReason.NO_SUCH_PROCESS, send.to(), from);
        } else if (control instanceof ControlMessage.RegSend send) {
            deliver(processes.whereis(send.toName()), message, UndeliverableReason.NO_SUCH_NAME, send.toName(), from);
        } else if (control instanceof ControlMessage.Send send) {
            deliver(processes.find(send.to()), message, UndeliverableReason.NO_SUCH_PROCESS, send.to(), from);
        } else if (control instanceof ControlMessage.UnlinkId unlink) {
            from.send(new ControlMessage.UnlinkIdAck(unlink.id(), unlink.to(), unlink.from()), null);
            node.links().remoteUnlink(unlink);
        } else if (control instanceof ControlMessage.UnlinkIdAck ack) {
            node.links().unlinkAcknowledged(ack);
        } else if (control instanceof ControlMessage.Link link) {
            Term refusal = node.links().remoteLink(link, from.peer());
            if (refusal != null) {
                refused(from, refusal, "links", node.links().maxPerPeer(), "maxLinksPerPeer");
                from.send(new ControlMessage.PayloadExit(link.to(), link.from()), refusal);
            }
        } else if (control instanceof ControlMessage.PayloadExit exit) {
            node.links().remoteExit(exit.from(), exit.to(), message.payload());
        } else if (control instanceof ControlMessage.Exit exit) {
            node.links().remoteExit(exit.from(), exit.to(), exit.reason());
        } else if (control instanceof ControlMessage.PayloadExit2 exit) {
            node.exitSignal(exit.from(), exit.to(), message.payload());
        } else if (control instanceof ControlMessage.Exit2 exit) {
            node.exitSignal(exit.from(), exit.to(), exit.reason());
        } else if (control instanceof ControlMessage.MonitorP monitor) {
            Term refusal = node.monitors().remoteMonitor(monitor, from.peer());
            if (refusal != null) {
                refused(from, refusal, "monitors", node.monitors().maxPerPeer(), "maxMonitorsPerPeer");
                from.send(
                        new ControlMessage.PayloadMonitorPExit(monitor.toProc(), monitor.from(), monitor.ref()),
                        refusal);
            }
        } else if (control instanceof ControlMessage.DemonitorP demonitor) {
            node.monitors().remoteDemonitor(demonitor, from.peer());
        } else if (control instanceof ControlMessage.PayloadMonitorPExit exit) {
            node.monitors().fire(exit.ref(), message.payload(), from.peer());
        } else if (control instanceof ControlMessage.MonitorPExit exit) {
            node.monitors().fire(exit.ref(), exit.reason(), from.peer());
        } else if (control instanceof ControlMessage.SpawnRequest spawn) {
            from.send(new ControlMessage.SpawnReply(spawn.reqId(), spawn.from(), 0, NOTSUP), null);
        } else {
            log.debug("ignoring {} from {}", control, from.peer());
        }
    }

    private void deliver(
            Optional<LocalProcess> target, DistMessage message, UndeliverableReason missing, Term to, Connection from) {
        Term payload = message.payload();
        if (payload == null) {
            return;
        }
        if (target.isEmpty()) {
            node.undeliverable(missing, to, from.peer());
        } else if (target.get() instanceof MailboxProcess mailbox) {
            mailbox.deliverDeferringDrain(payload, message.payloadSize(), deferredDrains.get());
        } else {
            target.get().deliver(payload);
        }
    }

    private static void refused(Connection from, Term refusal, String what, int bound, String setting) {
        if (refusal == ExitReasons.SYSTEM_LIMIT) {
            PeerLimitLog.refused(from, what, bound, setting);
        }
    }

    @Override
    public void connectionUp(Connection connection) {
        node.events().nodeUp(NodeName.parse(connection.peer().name()), connection.visible());
        node.nodeWatchers().nodeUp(connection.peer(), connection.visible());
    }

    @Override
    public void attemptFailed(Atom peer, boolean incoming, String kind, String detail) {
        node.events()
                .connectionFailed(new ConnectionFailure(
                        Optional.ofNullable(peer).map(p -> NodeName.parse(p.name())), incoming, kind, detail));
    }

    @Override
    public void connectionDown(Connection connection, DisconnectReason reason) {
        Atom peer = connection.peer();
        node.events().nodeDown(NodeName.parse(peer.name()), NodeDownReason.valueOf(reason.name()));
        node.nodeWatchers().nodeDown(peer, connection.visible(), reason);
        node.monitors().peerDown(peer);
        node.links().peerDown(peer);
    }
}

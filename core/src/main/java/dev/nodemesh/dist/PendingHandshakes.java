package dev.nodemesh.dist;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The accepted connections still shaking hands, and the policy that admits a new one: at most
 * {@code maxPending} in all and {@code maxPerSource} from one address, so that strangers opening
 * sockets cannot make the node hold more; when a bound is reached, the oldest <em>silent</em>
 * handshake (one whose peer has not sent its name yet) makes room for the newcomer, so that idle
 * sockets cannot lock real peers out. A source at its own bound can only displace its own silent
 * handshakes. Only when no silent handshake can go is the newcomer refused.
 *
 * <p>Every operation takes constant time. Thread-safe.
 */
final class PendingHandshakes {

    /** The outcome of {@link #admit}. */
    record Admission(boolean admitted, Channel evicted, String reason) {

        static final Admission ADMITTED = new Admission(true, null, null);
    }

    private final int maxPending;
    private final int maxPerSource;
    private final Map<Channel, Pending> pending = new HashMap<>();
    private final LinkedHashSet<Channel> silent = new LinkedHashSet<>();
    private final Map<InetAddress, Source> sources = new HashMap<>();

    /**
     * Creates an empty table.
     *
     * @param maxPending how many handshakes may be pending in all
     * @param maxPerSource how many may be pending from one address
     */
    PendingHandshakes(int maxPending, int maxPerSource) {
        if (maxPending < 1 || maxPerSource < 1) {
            throw new IllegalArgumentException(
                    "pending handshake bounds must be at least 1, got " + maxPending + " and " + maxPerSource);
        }
        this.maxPending = maxPending;
        this.maxPerSource = maxPerSource;
    }

    /**
     * Admits a new accepted connection, making room by evicting the oldest silent handshake (of
     * the same source when the source is at its bound) if needed. The evicted channel no longer
     * counts; the caller closes it.
     *
     * @param channel the new connection
     * @param source its remote address
     * @return whether it is admitted, and the channel evicted for it, or why it is refused
     */
    synchronized Admission admit(Channel channel, InetAddress source) {
        Source from = sources.get(source);
        Channel victim = null;
        if (from != null && from.count >= maxPerSource) {
            victim = first(from.silent);
            if (victim == null) {
                return new Admission(
                        false, null, maxPerSource + " handshakes from " + source.getHostAddress() + " already pending");
            }
        } else if (pending.size() >= maxPending) {
            victim = first(silent);
            if (victim == null) {
                return new Admission(false, null, maxPending + " handshakes already pending, none of them silent");
            }
        }
        if (victim != null) {
            release(victim);
        }
        if (from == null) {
            from = new Source();
            sources.put(source, from);
        }
        Pending entry = new Pending(source);
        pending.put(channel, entry);
        silent.add(channel);
        from.count++;
        from.silent.add(channel);
        return victim == null ? Admission.ADMITTED : new Admission(true, victim, null);
    }

    /**
     * Notes that a connection's peer has sent its name: it can no longer be evicted.
     *
     * @param channel the connection
     */
    synchronized void spoke(Channel channel) {
        Pending entry = pending.get(channel);
        if (entry != null && silent.remove(channel)) {
            sources.get(entry.source).silent.remove(channel);
        }
    }

    /**
     * Forgets a connection whose handshake ended, either way. Idempotent.
     *
     * @param channel the connection
     * @return whether it was pending
     */
    synchronized boolean release(Channel channel) {
        Pending entry = pending.remove(channel);
        if (entry == null) {
            return false;
        }
        silent.remove(channel);
        Source from = sources.get(entry.source);
        from.silent.remove(channel);
        if (--from.count == 0) {
            sources.remove(entry.source);
        }
        return true;
    }

    /**
     * Returns how many handshakes are pending.
     *
     * @return the count
     */
    synchronized int size() {
        return pending.size();
    }

    /**
     * Returns how many handshakes are pending from one address.
     *
     * @param source the address
     * @return the count
     */
    synchronized int pendingFrom(InetAddress source) {
        Source from = sources.get(source);
        return from == null ? 0 : from.count;
    }

    private static Channel first(LinkedHashSet<Channel> channels) {
        Iterator<Channel> oldest = channels.iterator();
        return oldest.hasNext() ? oldest.next() : null;
    }

    private record Pending(InetAddress source) {}

    private static final class Source {
        int count;
        final LinkedHashSet<Channel> silent = new LinkedHashSet<>();
    }
}

package dev.nodemesh.autoconfigure.discovery;

import dev.nodemesh.NodeName;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the discovery strategies for the cluster's members at a fixed interval and tells the {@link
 * MemberConnector} about members that appear and vanish.
 *
 * <p>What comes from outside is bounded: at most {@code maxMembers} members per strategy and poll
 * (the rest are left out, in name order, with one warning). A strategy that fails keeps the members
 * it gave last, and its failure is logged once when it starts and once when it ends, not at every
 * poll. This node is never among the members. Strategies whose members cannot change (the static
 * list) are asked once, at start, and their members are dialled until they answer, as before
 * discovery; only the others cost a polling thread, and their members are kept connected: dialled
 * again when their connection goes down, as long as they are listed.
 */
public final class DiscoveryPoller {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryPoller.class);

    private final List<DiscoveryStrategy> strategies;

    private final NodeName self;

    private final Duration interval;

    private final int maxMembers;

    private final MemberConnector connector;

    private final Map<DiscoveryStrategy, Set<DiscoveredNode>> lastAnswers = new HashMap<>();

    private final Map<DiscoveryStrategy, String> failures = new HashMap<>();

    private final Map<DiscoveryStrategy, Boolean> truncated = new HashMap<>();

    private final Map<NodeName, DiscoveredNode> members = new LinkedHashMap<>();

    /** The members listed by a strategy that changes: kept connected, not only dialled once. */
    private final Set<NodeName> kept = new HashSet<>();

    private ScheduledExecutorService scheduler;

    private boolean stopped;

    /**
     * Creates the poller.
     *
     * @param strategies the sources of members
     * @param self this node, left out of the members
     * @param interval the wait between polls
     * @param maxMembers the most members taken from one strategy at one poll
     * @param connector what to do with members that appear and vanish
     */
    public DiscoveryPoller(
            List<DiscoveryStrategy> strategies,
            NodeName self,
            Duration interval,
            int maxMembers,
            MemberConnector connector) {
        this.strategies = List.copyOf(strategies);
        this.self = Objects.requireNonNull(self, "self");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the discovery interval must be positive; got " + interval);
        }
        if (maxMembers < 1) {
            throw new IllegalArgumentException("the most members per poll must be 1 or more; got " + maxMembers);
        }
        this.maxMembers = maxMembers;
        this.connector = Objects.requireNonNull(connector, "connector");
    }

    /**
     * Asks every strategy once and, when some can change, starts polling them in the background.
     * The fixed strategies are asked on the calling thread; the others on the polling thread.
     */
    public synchronized void start() {
        if (stopped || scheduler != null) {
            return;
        }
        List<DiscoveryStrategy> changing =
                strategies.stream().filter(DiscoveryStrategy::changes).toList();
        if (changing.size() < strategies.size()) {
            poll(strategies.stream().filter(s -> !s.changes()).toList());
        }
        if (changing.isEmpty()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "nodemesh-discovery");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> poll(changing), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops polling and closes the strategies; polls under way end at once. */
    public void stop() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            stopping = scheduler;
            scheduler = null;
        }
        if (stopping != null) {
            stopping.shutdownNow();
            try {
                stopping.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (DiscoveryStrategy strategy : strategies) {
            try {
                strategy.close();
            } catch (RuntimeException e) {
                log.warn("discovery strategy {} did not close cleanly: {}", strategy.name(), e.toString());
            }
        }
    }

    /**
     * Returns the members of the last poll, without this node.
     *
     * @return the members, by name
     */
    public synchronized Set<NodeName> members() {
        return Set.copyOf(members.keySet());
    }

    private void poll(List<DiscoveryStrategy> asked) {
        for (DiscoveryStrategy strategy : asked) {
            Set<DiscoveredNode> answer = ask(strategy);
            if (answer != null) {
                synchronized (this) {
                    lastAnswers.put(strategy, answer);
                }
            }
        }
        update();
    }

    /** The strategy's members, bounded, or null when it failed (and the failure is logged once). */
    private Set<DiscoveredNode> ask(DiscoveryStrategy strategy) {
        Set<DiscoveredNode> answer;
        try {
            answer = Objects.requireNonNull(strategy.members(), "members");
        } catch (DiscoveryException | RuntimeException e) {
            String failure = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!failure.equals(failures.put(strategy, failure))) {
                log.warn(
                        "discovery {} fails: {}; keeping its last {} members",
                        strategy.name(),
                        failure,
                        last(strategy));
            }
            return null;
        }
        if (failures.remove(strategy) != null) {
            log.info("discovery {} answers again: {} members", strategy.name(), answer.size());
        }
        boolean tooMany = answer.size() > maxMembers;
        if (!Boolean.valueOf(tooMany).equals(truncated.put(strategy, tooMany)) && tooMany) {
            log.warn(
                    "discovery {} gave {} members, more than the {} taken per poll; the first {} by name are used",
                    strategy.name(),
                    answer.size(),
                    maxMembers,
                    maxMembers);
        }
        if (!tooMany) {
            return answer;
        }
        Set<DiscoveredNode> bounded = new LinkedHashSet<>();
        answer.stream()
                .sorted(Comparator.comparing(DiscoveredNode::name))
                .limit(maxMembers)
                .forEach(bounded::add);
        return bounded;
    }

    private synchronized int last(DiscoveryStrategy strategy) {
        return lastAnswers.getOrDefault(strategy, Set.of()).size();
    }

    /**
     * Tells the connector the difference between the members known and those of the answers; the
     * members of strategies that change are to be kept connected.
     */
    private void update() {
        Map<NodeName, DiscoveredNode> current = new LinkedHashMap<>();
        Set<NodeName> keep = new HashSet<>();
        List<DiscoveredNode> appeared;
        List<NodeName> vanished;
        synchronized (this) {
            if (stopped) {
                return;
            }
            for (DiscoveryStrategy strategy : strategies) {
                for (DiscoveredNode member : lastAnswers.getOrDefault(strategy, Set.of())) {
                    if (!member.name().equals(self)) {
                        current.merge(member.name(), member, (a, b) -> a.hasPort() ? a : b);
                        if (strategy.changes()) {
                            keep.add(member.name());
                        }
                    }
                }
            }
            appeared = current.values().stream()
                    .filter(member -> !member.equals(members.get(member.name()))
                            || keep.contains(member.name()) != kept.contains(member.name()))
                    .toList();
            vanished = members.keySet().stream()
                    .filter(name -> !current.containsKey(name))
                    .toList();
            members.clear();
            members.putAll(current);
            kept.clear();
            kept.addAll(keep);
        }
        for (NodeName name : vanished) {
            log.info("discovery: {} is no longer a member", name);
            connector.forget(name);
        }
        for (DiscoveredNode member : appeared) {
            connector.connect(member, keep.contains(member.name()));
        }
    }
}

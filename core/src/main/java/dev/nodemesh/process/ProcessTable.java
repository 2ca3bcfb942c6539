package dev.nodemesh.process;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The processes of one node: allocates pids and references, finds a process by pid or by
 * registered name. Thread-safe; lookups take no lock.
 */
public final class ProcessTable {

    private final Atom node;
    private final int creation;
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final AtomicLong nextRef =
            new AtomicLong(ThreadLocalRandom.current().nextLong() >>> 1);
    private final int refSalt = ThreadLocalRandom.current().nextInt();
    private final Map<Integer, LocalProcess> byId = new ConcurrentHashMap<>();
    private final Map<Atom, LocalProcess> byName = new ConcurrentHashMap<>();

    /**
     * Creates the table of a node.
     *
     * @param node the node's name
     * @param creation the node's creation, part of every pid and reference it makes
     */
    public ProcessTable(Atom node, int creation) {
        this.node = node;
        this.creation = creation;
    }

    /**
     * Returns the node this table belongs to.
     *
     * @return the node name
     */
    public Atom node() {
        return node;
    }

    /**
     * Returns the node's creation.
     *
     * @return the creation
     */
    public int creation() {
        return creation;
    }

    /**
     * Allocates a pid, builds a process for it and adds the process to the table.
     *
     * @param factory builds the process from its new pid
     * @param <P> the process type
     * @return the process
     */
    public <P extends LocalProcess> P spawn(Function<Pid, P> factory) {
        int id = nextId.getAndIncrement() & 0x7fffffff;
        Pid pid = new Pid(node, id, 0, creation);
        P process = factory.apply(pid);
        byId.put(id, process);
        return process;
    }

    /**
     * Makes a new reference, unique for this node incarnation.
     *
     * @return the reference
     */
    public Ref newRef() {
        long n = nextRef.incrementAndGet();
        return Ref.of(node, creation, (int) n & 0x3ffff, (int) (n >>> 18), refSalt);
    }

    /**
     * Finds a live local process by pid; a pid of another node or another incarnation finds
     * nothing.
     *
     * @param pid the pid
     * @return the process, if it lives here
     */
    public Optional<LocalProcess> find(Pid pid) {
        if (pid.creation() != creation || !pid.node().equals(node)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byId.get(pid.id()));
    }

    /**
     * Finds a process by registered name.
     *
     * @param name the name
     * @return the process, if one is registered under it
     */
    public Optional<LocalProcess> whereis(Atom name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Registers a live process under a name.
     *
     * @param name the name
     * @param process the process
     * @return false when the name is already taken
     */
    public boolean register(Atom name, LocalProcess process) {
        if (!byId.containsKey(process.pid().id())) {
            throw new IllegalStateException("process " + process.pid() + " is not alive");
        }
        return byName.putIfAbsent(name, process) == null;
    }

    /**
     * Removes a registration.
     *
     * @param name the name
     * @return whether it was registered
     */
    public boolean unregister(Atom name) {
        return byName.remove(name) != null;
    }

    /**
     * Removes a process that has ended, with every name it was registered under.
     *
     * @param process the process
     */
    public void remove(LocalProcess process) {
        byId.remove(process.pid().id(), process);
        byName.values().removeIf(p -> p == process);
    }

    /**
     * Returns the registered names with their processes.
     *
     * @return a snapshot
     */
    public Map<Atom, LocalProcess> registered() {
        return Map.copyOf(byName);
    }

    /**
     * Returns every live process.
     *
     * @return a snapshot
     */
    public List<LocalProcess> all() {
        return List.copyOf(byId.values());
    }

    /**
     * Returns how many processes are alive.
     *
     * @return the count
     */
    public int size() {
        return byId.size();
    }
}

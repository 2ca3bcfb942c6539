package dev.nodemesh.process;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Pid;
import dev.nodemesh.term.Ref;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The processes of one node: allocates pids and references, finds a process by pid or by
 * registered name. Thread-safe; lookups take no lock.
 *
 * <p>A process is one entry keyed by its pid's id. A registered process's entry also carries its
 * names, so that removing a process costs the same whatever the number of registered names (not
 * a scan of every name), and an anonymous process pays nothing for registration (see {@code
 * docs/benchmarks.md}, "Idle mailboxes").
 */
public final class ProcessTable {

    private final Atom node;
    private final int creation;
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final AtomicLong nextRef =
            new AtomicLong(ThreadLocalRandom.current().nextLong() >>> 1);
    private final int refSalt = ThreadLocalRandom.current().nextInt();
    /** Per pid id: the {@link LocalProcess}, or a {@link Named} when the process has names. */
    private final Map<Integer, Object> byId = new ConcurrentHashMap<>();

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
        Object entry = byId.get(pid.id());
        return entry == null ? Optional.empty() : Optional.of(processOf(entry));
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
     * Registers a live process under a name. A process may have several names.
     *
     * @param name the name
     * @param process the process
     * @return false when the name is already taken
     * @throws IllegalStateException when the process is not in the table
     */
    public boolean register(Atom name, LocalProcess process) {
        Objects.requireNonNull(name, "name");
        int id = process.pid().id();
        if (!isEntryOf(byId.get(id), process)) {
            throw new IllegalStateException("process " + process.pid() + " is not alive");
        }
        if (byName.putIfAbsent(name, process) != null) {
            return false;
        }
        // Recorded under the process's entry, atomically with its removal: either remove() sees
        // the name, or the process is gone here and the name is taken back.
        Object entry = byId.computeIfPresent(id, (k, e) -> isEntryOf(e, process) ? Named.with(e, name) : e);
        if (!isEntryOf(entry, process)) {
            byName.remove(name, process);
            throw new IllegalStateException("process " + process.pid() + " is not alive");
        }
        return true;
    }

    /**
     * Removes a registration.
     *
     * @param name the name
     * @return whether it was registered
     */
    public boolean unregister(Atom name) {
        LocalProcess process = byName.remove(name);
        if (process == null) {
            return false;
        }
        byId.computeIfPresent(
                process.pid().id(),
                (k, e) -> e instanceof Named named && named.process == process ? named.without(name) : e);
        return true;
    }

    /**
     * Removes a process that has ended, with every name it was registered under.
     *
     * @param process the process
     */
    public void remove(LocalProcess process) {
        int id = process.pid().id();
        while (true) {
            Object entry = byId.get(id);
            if (!isEntryOf(entry, process)) {
                return;
            }
            if (byId.remove(id, entry)) { // fails only when a registration replaced the entry
                if (entry instanceof Named named) {
                    named.forEachName(name -> byName.remove(name, process));
                }
                return;
            }
        }
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
        return byId.values().stream().map(ProcessTable::processOf).toList();
    }

    /**
     * Returns how many processes are alive.
     *
     * @return the count
     */
    public int size() {
        return byId.size();
    }

    private static LocalProcess processOf(Object entry) {
        return entry instanceof Named named ? named.process : (LocalProcess) entry;
    }

    private static boolean isEntryOf(Object entry, LocalProcess process) {
        return entry != null && processOf(entry) == process;
    }

    /**
     * The entry of a process that has names: the process and its names, one {@link Atom} or, for
     * a process with several, an {@code Atom[]}. Immutable; replaced on every change.
     */
    private static final class Named {

        final LocalProcess process;
        private final Object names;

        private Named(LocalProcess process, Object names) {
            this.process = process;
            this.names = names;
        }

        /** Returns the entry with one more name: {@code entry} is the process or its Named. */
        static Named with(Object entry, Atom name) {
            if (!(entry instanceof Named named)) {
                return new Named((LocalProcess) entry, name);
            }
            Atom[] current = named.names instanceof Atom one ? new Atom[] {one} : (Atom[]) named.names;
            Atom[] more = Arrays.copyOf(current, current.length + 1);
            more[current.length] = name;
            return new Named(named.process, more);
        }

        /** Returns the entry without a name: the bare process when it was the last one. */
        Object without(Atom name) {
            if (names instanceof Atom one) {
                return one.equals(name) ? process : this;
            }
            Atom[] current = (Atom[]) names;
            Atom[] fewer = Arrays.stream(current).filter(n -> !n.equals(name)).toArray(Atom[]::new);
            if (fewer.length == current.length) {
                return this;
            }
            return fewer.length == 1 ? new Named(process, fewer[0]) : new Named(process, fewer);
        }

        void forEachName(Consumer<Atom> action) {
            if (names instanceof Atom one) {
                action.accept(one);
            } else {
                for (Atom name : (Atom[]) names) {
                    action.accept(name);
                }
            }
        }
    }
}

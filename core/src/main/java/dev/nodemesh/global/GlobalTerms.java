package dev.nodemesh.global;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.ExternalFun;

/** The atoms of {@code global}'s protocol, defined once. */
final class GlobalTerms {

    /** The name the name server is registered under on every node. */
    static final Atom SERVER = Atom.of("global_name_server");

    /** The protocol version this node speaks: 8, the version of OTP 25 to 28. */
    static final int VERSION = 8;

    /** The first version that sends {@code init_connect_ack} and tags {@code lock_set}. */
    static final int VERIFY_CONNECT_VERSION = 8;

    /** The resource id of global's own lock. */
    static final Atom GLOBAL = Atom.of("global");

    static final Atom INIT_CONNECT = Atom.of("init_connect");
    static final Atom INIT_CONNECT_ACK = Atom.of("init_connect_ack");
    static final Atom CANCEL_CONNECT = Atom.of("cancel_connect");
    static final Atom LOCKER = Atom.of("locker");
    static final Atom NO_LONGER_A_PID = Atom.of("no_longer_a_pid");
    static final Atom LOCK_SET = Atom.of("lock_set");
    static final Atom EXCHANGE = Atom.of("exchange");
    static final Atom RESOLVED = Atom.of("resolved");
    static final Atom NEW_NODES = Atom.of("new_nodes");
    static final Atom IN_SYNC = Atom.of("in_sync");
    static final Atom UNUSED = Atom.of("unused");
    static final Atom LOST_CONNECTION = Atom.of("lost_connection");
    static final Atom REMOVE_CONNECTION = Atom.of("remove_connection");
    static final Atom SET_LOCK = Atom.of("set_lock");
    static final Atom DEL_LOCK = Atom.of("del_lock");
    static final Atom REGISTER = Atom.of("register");
    static final Atom REGISTER_EXT = Atom.of("register_ext");
    static final Atom UNREGISTER = Atom.of("unregister");
    static final Atom GET_KNOWN = Atom.of("get_known");
    static final Atom GET_PROTOCOL_VERSION = Atom.of("get_protocol_version");
    static final Atom INSERT = Atom.of("insert");
    static final Atom DELETE = Atom.of("delete");
    static final Atom VSN = Atom.of("vsn");
    static final Atom LOCK = Atom.of("lock");
    static final Atom YES = Atom.of("yes");
    static final Atom KILL = Atom.of("kill");

    /**
     * The resolver nodemesh registers its names with, and the one it applies to every conflict:
     * {@code fun global:random_exit_name/3}.
     */
    static final ExternalFun RANDOM_EXIT_NAME = new ExternalFun(GLOBAL, Atom.of("random_exit_name"), 3);

    private GlobalTerms() {}
}

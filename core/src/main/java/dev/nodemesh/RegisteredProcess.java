package dev.nodemesh;

import dev.nodemesh.term.Pid;
import java.util.OptionalInt;

/**
 * A snapshot of one registered process of this node and its mailbox.
 *
 * @param name the registered name
 * @param pid its pid
 * @param mailboxSize the messages waiting in its mailbox (0 for the node's own system processes,
 *     which handle messages as they come)
 * @param capacity how many messages its mailbox may hold; empty for the system processes
 * @param droppedMessages the messages its full mailbox dropped since it was created
 */
public record RegisteredProcess(String name, Pid pid, int mailboxSize, OptionalInt capacity, long droppedMessages) {}

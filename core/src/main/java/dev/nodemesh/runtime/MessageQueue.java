package dev.nodemesh.runtime;

import dev.nodemesh.term.Term;
import java.util.function.Predicate;

/**
 * A mailbox's queue: messages in arrival order, each with its size in bytes, and the sum of those
 * sizes. Two parallel ring arrays (power-of-two length), so queueing a message allocates nothing
 * once the arrays have grown. Not thread-safe: the mailbox's lock guards it.
 */
final class MessageQueue {

    private Term[] messages = new Term[4];
    private int[] sizes = new int[4];
    private int head;
    private int count;
    private long bytes;

    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The sum of the sizes of the queued messages. */
    long bytes() {
        return bytes;
    }

    void addLast(Term message, int size) {
        if (count == messages.length) {
            grow();
        }
        int slot = (head + count) & (messages.length - 1);
        messages[slot] = message;
        sizes[slot] = size;
        count++;
        bytes += size;
    }

    /** Takes the oldest message; null when empty. */
    Term pollFirst() {
        return count == 0 ? null : removeAt(0);
    }

    /** Takes the oldest message that matches, leaving the others in order; null when none does. */
    Term removeFirst(Predicate<? super Term> matcher) {
        int mask = messages.length - 1;
        for (int i = 0; i < count; i++) {
            if (matcher.test(messages[(head + i) & mask])) {
                return removeAt(i);
            }
        }
        return null;
    }

    /** Removes the i-th oldest message, closing the gap by moving the younger ones down. */
    private Term removeAt(int index) {
        int mask = messages.length - 1;
        int slot = (head + index) & mask;
        Term message = messages[slot];
        bytes -= sizes[slot];
        if (index == 0) {
            messages[slot] = null;
            head = (head + 1) & mask;
        } else {
            for (int i = index; i < count - 1; i++) {
                int to = (head + i) & mask;
                int from = (head + i + 1) & mask;
                messages[to] = messages[from];
                sizes[to] = sizes[from];
            }
            messages[(head + count - 1) & mask] = null;
        }
        count--;
        return message;
    }

    /** Doubles the arrays, the oldest message moving to slot 0: two bulk copies, the ring's two runs. */
    private void grow() {
        int length = messages.length;
        Term[] biggerMessages = new Term[length * 2];
        int[] biggerSizes = new int[length * 2];
        int firstRun = Math.min(count, length - head);
        System.arraycopy(messages, head, biggerMessages, 0, firstRun);
        System.arraycopy(sizes, head, biggerSizes, 0, firstRun);
        System.arraycopy(messages, 0, biggerMessages, firstRun, count - firstRun);
        System.arraycopy(sizes, 0, biggerSizes, firstRun, count - firstRun);
        messages = biggerMessages;
        sizes = biggerSizes;
        head = 0;
    }
}

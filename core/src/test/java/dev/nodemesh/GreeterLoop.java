package dev.nodemesh;

import dev.nodemesh.term.Atom;
import dev.nodemesh.term.Binary;
import dev.nodemesh.term.Term;
import dev.nodemesh.term.Tuple;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A gen_server written as a blocking receive loop on its own thread, on a registered mailbox:
 *
 * <ul>
 *   <li>call {@code {:greet, name}} → {@code "Hello, name!"};
 *   <li>call {@code :hang} → no reply;
 *   <li>call {@code :stop} → the mailbox closes with reason {@code :stopped}, without replying;
 *   <li>any other call → {@code {:unknown, request}};
 *   <li>casts and plain messages are recorded.
 * </ul>
 *
 * Closing closes the mailbox, which ends the loop, and joins the thread.
 */
final class GreeterLoop implements AutoCloseable {

    private static final Atom GREET = Atom.of("greet");

    final Mailbox mailbox;
    final BlockingQueue<GenServerRequest.Call> calls = new LinkedBlockingQueue<>();
    final BlockingQueue<Term> casts = new LinkedBlockingQueue<>();
    final BlockingQueue<Term> others = new LinkedBlockingQueue<>();
    private final Thread thread;

    GreeterLoop(Node node, String name) {
        this.mailbox = node.createMailbox(name);
        this.thread = new Thread(this::run, "greeter-" + node.name());
        this.thread.start();
    }

    private void run() {
        try {
            while (true) {
                Term message = mailbox.receive();
                GenServerRequest request = GenServerRequest.parse(message).orElse(null);
                if (request instanceof GenServerRequest.Call call) {
                    calls.add(call);
                    answer(call);
                } else if (request instanceof GenServerRequest.Cast cast) {
                    casts.add(cast.request());
                } else {
                    others.add(message);
                }
            }
        } catch (IllegalStateException | InterruptedException closed) {
            // the mailbox was closed: the loop ends
        }
    }

    private void answer(GenServerRequest.Call call) {
        Term request = call.request();
        if (request instanceof Tuple t && t.isTagged(GREET, 2) && t.get(1) instanceof Binary who) {
            call.reply(mailbox, Binary.of("Hello, " + who.utf8() + "!"));
        } else if (Atom.of("stop").equals(request)) {
            mailbox.close(Atom.of("stopped"));
        } else if (!Atom.of("hang").equals(request)) {
            call.reply(mailbox, Tuple.of(Atom.of("unknown"), request));
        }
    }

    @Override
    public void close() throws InterruptedException {
        mailbox.close();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}

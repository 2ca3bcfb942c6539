package dev.nodemesh.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Reads a process's stream to its end on a daemon thread, keeping all it read. */
final class StreamCollector {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Thread thread;

    private StreamCollector(InputStream in) {
        this.thread = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (in) {
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            synchronized (bytes) {
                                bytes.write(buffer, 0, n);
                            }
                        }
                    } catch (IOException ignored) {
                        // the process went away; what was read is kept
                    }
                },
                "erl-output");
        thread.setDaemon(true);
    }

    static StreamCollector start(InputStream in) {
        StreamCollector collector = new StreamCollector(in);
        collector.thread.start();
        return collector;
    }

    String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    String awaitText() throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(10));
        return text();
    }
}

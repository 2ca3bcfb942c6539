package dev.nodemesh.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A process a test started (see {@link ErlLauncher}): closing kills it and its children and
 * waits for them, so no test leaves an erl behind.
 */
public final class ExternalProcess implements AutoCloseable {

    private final Process process;

    /**
     * Guards a started process.
     *
     * @param process the process to kill on close
     */
    public ExternalProcess(Process process) {
        this.process = process;
    }

    /**
     * Returns the guarded process.
     *
     * @return the process
     */
    public Process process() {
        return process;
    }

    /**
     * Hands each line the process prints on standard output to the sink, on a daemon thread,
     * until the process closes it.
     *
     * @param sink receives each line, without its line terminator
     */
    public void readLines(Consumer<String> sink) {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            sink.accept(line);
                        }
                    } catch (IOException ignored) {
                        // the process went away
                    }
                },
                "output-of-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            for (ProcessHandle child : children) {
                child.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (ExecutionException | TimeoutException e) {
            // a child that outlives a SIGKILL by five seconds is the kernel's to reap
        }
    }
}

package dev.nodemesh.testsupport;

import java.util.concurrent.TimeUnit;

/** Kills a process and its children when closed, so no test leaves an erl behind. */
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

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}

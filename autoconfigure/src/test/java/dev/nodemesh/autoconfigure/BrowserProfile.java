package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.fail;

import dev.nodemesh.testsupport.ErlangRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the browser tests share: the skip-or-fail rule for a missing tool, and a temporary
 * directory for the browser's profiles, whose processes can be listed, killed and the directory
 * deleted.
 */
final class BrowserProfile implements AutoCloseable {

    private final Path directory;

    private BrowserProfile(Path directory) {
        this.directory = directory;
    }

    /** Makes a new, empty profile directory. */
    static BrowserProfile create(String prefix) throws IOException {
        return new BrowserProfile(Files.createTempDirectory(prefix));
    }

    /**
     * Skips the calling test with the message, or fails it when {@code CI} is {@code true}.
     *
     * @param missing what is missing and how to install it
     */
    static void skipOrFail(String missing) {
        if (ErlangRuntime.isCi()) {
            fail(missing + " (CI=true, so this is a failure, not a skip)");
        }
        Assumptions.abort(missing);
    }

    Path directory() {
        return directory;
    }

    /** The processes that run with a profile in this directory. */
    List<ProcessHandle> leftovers() {
        String marker = directory.toString();
        return ProcessHandle.allProcesses()
                .filter(process -> process.info()
                        .commandLine()
                        .map(line -> line.contains(marker))
                        .orElse(false))
                .toList();
    }

    /** Kills what still runs with a profile in this directory, and deletes it. */
    @Override
    public void close() {
        for (ProcessHandle process : leftovers()) {
            process.destroyForcibly();
            process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the browser profiles in " + directory, e);
        }
    }
}

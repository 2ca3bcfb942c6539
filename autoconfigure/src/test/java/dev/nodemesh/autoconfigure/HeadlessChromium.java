package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.fail;

import dev.nodemesh.testsupport.ErlangRuntime;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, run headless once per page: {@code --dump-dom} for the DOM after the
 * page's script ran, {@code --screenshot} for a picture. Each run has a throw-away profile under one
 * temporary directory; {@link #close()} kills whatever still runs with that profile and deletes it.
 *
 * <p>Without {@code chromium} on the PATH the calling test is skipped with a message that says how
 * to install it; when the environment variable {@code CI} is {@code true} it fails instead.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private final Path executable;

    private final BrowserProfile profile;

    private final Path profiles;

    private int runs;

    private HeadlessChromium(Path executable, BrowserProfile profile) {
        this.executable = executable;
        this.profile = profile;
        this.profiles = profile.directory();
    }

    /** Finds chromium, skipping (or, on CI, failing) the calling test when it is not installed. */
    static HeadlessChromium require() throws IOException {
        Optional<Path> found = ErlangRuntime.findOnPath("chromium");
        if (found.isEmpty()) {
            BrowserProfile.skipOrFail("'chromium' is not on the PATH: this test renders the cluster view in a real"
                    + " browser. Install it with: apt-get install -y chromium");
        }
        return new HeadlessChromium(found.get(), BrowserProfile.create("nodemesh-chromium-"));
    }

    /**
     * Loads a page, lets its script run for a virtual time (chromium waits for the page's fetches)
     * and returns the DOM then, serialized.
     */
    String dumpDom(URI page, Duration virtualTime) throws IOException, InterruptedException {
        Path out = profiles.resolve("dom-" + runs + ".html");
        run(out, page, virtualTime, "--dump-dom");
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Loads a page, lets its script run for a virtual time and saves a PNG of the window. */
    void screenshot(URI page, Duration virtualTime, Path png, int width, int height)
            throws IOException, InterruptedException {
        Path out = profiles.resolve("screenshot-" + runs + ".log");
        run(
                out,
                page,
                virtualTime,
                "--screenshot=" + png.toAbsolutePath(),
                "--window-size=" + width + "," + height,
                "--hide-scrollbars");
    }

    private void run(Path stdout, URI page, Duration virtualTime, String... mode)
            throws IOException, InterruptedException {
        Path profile = profiles.resolve("profile-" + runs++);
        List<String> command = new ArrayList<>(List.of(
                executable.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=" + virtualTime.toMillis()));
        command.addAll(List.of(mode));
        command.add(page.toString());
        Process chromium = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(profiles.resolve("stderr-" + runs + ".log").toFile())
                .start();
        if (!chromium.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly().waitFor();
            fail("chromium did not finish within " + RUN_TIMEOUT + " on " + page);
        }
        if (chromium.exitValue() != 0) {
            fail("chromium exited with " + chromium.exitValue() + " on " + page + ": "
                    + Files.readString(profiles.resolve("stderr-" + runs + ".log")));
        }
    }

    /**
     * Returns the processes that still run with one of this browser's profiles (none once every run
     * has finished).
     */
    List<ProcessHandle> leftovers() {
        return profile.leftovers();
    }

    /** Kills what still runs with this browser's profiles, and deletes them. */
    @Override
    public void close() {
        profile.close();
    }
}

package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.fail;

import dev.nodemesh.testsupport.ErlangRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One page in Debian's {@code chromium}, driven by Playwright ({@code playwright-core} from npm,
 * run by Node.js) through {@code src/test/playwright/cluster-view-driver.mjs}: the page stays open
 * while the test acts on the cluster, so what the test sees is the page updating itself.
 *
 * <p>Without {@code node}, {@code chromium} or the installed {@code playwright-core} (.ci/run runs
 * {@code npm ci} in {@code autoconfigure/src/test/playwright}) the calling test is skipped with a
 * message that says how to install what is missing; when {@code CI} is {@code true} it fails.
 */
final class PlaywrightPage implements AutoCloseable {

    static final Path DRIVER_DIR = Path.of("src/test/playwright");

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);

    private final Process node;
    private final Writer commands;
    private final BufferedReader answers;
    private final BrowserProfile profile;

    private PlaywrightPage(Process node, BrowserProfile profile) {
        this.node = node;
        this.profile = profile;
        this.commands = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts Node.js with the driver and launches chromium, or skips (on CI: fails) the test. */
    static PlaywrightPage launch() throws IOException {
        Optional<Path> nodeJs = ErlangRuntime.findOnPath("node");
        Optional<Path> chromium = ErlangRuntime.findOnPath("chromium");
        String missing = null;
        if (nodeJs.isEmpty()) {
            missing = "'node' (Node.js 18 or later) is not on the PATH; install it with: apt-get install -y nodejs npm";
        } else if (chromium.isEmpty()) {
            missing = "'chromium' is not on the PATH; install it with: apt-get install -y chromium";
        } else if (!Files.isDirectory(DRIVER_DIR.resolve("node_modules/playwright-core"))) {
            missing = "playwright-core is not installed; run: npm ci --prefix autoconfigure/src/test/playwright";
        }
        if (missing != null) {
            BrowserProfile.skipOrFail(
                    "this test drives the cluster view in a real browser with Playwright: " + missing);
        }
        BrowserProfile profile = BrowserProfile.create("nodemesh-playwright-");
        Process process = new ProcessBuilder(nodeJs.get().toString(), "cluster-view-driver.mjs")
                .directory(DRIVER_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        PlaywrightPage page = new PlaywrightPage(process, profile);
        try {
            page.call("launch", chromium.get().toString(), profile.directory().toString());
        } catch (RuntimeException | AssertionError e) {
            page.close();
            throw e;
        }
        return page;
    }

    /** Loads a page. */
    void open(String url) {
        call("open", url);
    }

    /** Waits until an element matches the selector. */
    void waitFor(String selector, Duration timeout) {
        call("waitFor", selector, Long.toString(timeout.toMillis()));
    }

    /** Waits until no element matches the selector. */
    void waitGone(String selector, Duration timeout) {
        call("waitGone", selector, Long.toString(timeout.toMillis()));
    }

    /** Waits until an element matching the selector has a numeric attribute above the bound. */
    void waitAttributeAbove(String selector, String attribute, double bound, Duration timeout) {
        call("waitAttrAbove", selector, attribute, Double.toString(bound), Long.toString(timeout.toMillis()));
    }

    /** Counts the elements that match the selector. */
    int count(String selector) {
        return Integer.parseInt(call("count", selector));
    }

    /** Returns the inner HTML of the first element that matches the selector. */
    String html(String selector) {
        return call("html", selector);
    }

    /** Returns the dialogs opened and the script errors seen since launch, empty when none. */
    String problems() {
        return call("problems");
    }

    /** Saves a PNG of the page at the given viewport size. */
    void screenshot(Path png, int width, int height) {
        call("screenshot", png.toAbsolutePath().toString(), Integer.toString(width), Integer.toString(height));
    }

    private String call(String... fields) {
        try {
            commands.write(String.join("\t", fields) + "\n");
            commands.flush();
            String answer = answers.readLine();
            if (answer == null) {
                fail("the Playwright driver ended during '" + fields[0] + "'");
            }
            int tab = answer.indexOf('\t');
            String value = tab < 0 ? "" : answer.substring(tab + 1);
            if (!answer.startsWith("ok")) {
                fail("Playwright: " + fields[0] + " " + List.of(fields).subList(1, fields.length) + " failed: "
                        + value);
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("talking to the Playwright driver", e);
        }
    }

    /** Closes the browser and Node.js, and deletes the profile. */
    @Override
    public void close() {
        try {
            if (node.isAlive()) {
                try {
                    call("close");
                } catch (RuntimeException | AssertionError ignored) {
                    // ending the process below is enough
                }
            }
            if (!node.waitFor(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            profile.close();
        }
    }

    /** Processes still running with this page's profile (none after {@link #close()}). */
    List<ProcessHandle> leftovers() {
        return profile.leftovers();
    }
}

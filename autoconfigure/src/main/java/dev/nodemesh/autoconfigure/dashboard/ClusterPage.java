package dev.nodemesh.autoconfigure.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The cluster view's page: one self-contained HTML document (inline script and style, no external
 * asset), read once from the class path. Its Content-Security-Policy allows only its own script, by
 * hash, and requests to its own origin: an injected element could neither run script nor load
 * anything.
 */
public final class ClusterPage {

    /** Where the page lies on the class path. */
    static final String RESOURCE = "cluster.html";

    /** The placeholder in the page's Content-Security-Policy that takes the script's hash. */
    static final String SCRIPT_HASH = "{{script-hash}}";

    private static final String SCRIPT_START = "<script>";

    private static final String SCRIPT_END = "</script>";

    private final String html;

    private ClusterPage(String html) {
        this.html = html;
    }

    /**
     * Reads the page from the class path.
     *
     * @return the page
     * @throws IllegalStateException when the page is missing or malformed
     */
    public static ClusterPage load() {
        try (InputStream in = ClusterPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the cluster view's page " + RESOURCE + " is not on the class path");
            }
            return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the cluster view's page", e);
        }
    }

    /**
     * Takes a page template whose one inline script is allowed by the hash that replaces {@value
     * #SCRIPT_HASH}.
     *
     * @param template the page
     * @return the page with its script's hash
     */
    static ClusterPage of(String template) {
        int start = template.indexOf(SCRIPT_START);
        int end = template.indexOf(SCRIPT_END, start);
        if (start < 0 || end < 0 || !template.contains(SCRIPT_HASH)) {
            throw new IllegalStateException("the cluster view's page needs one <script> and the placeholder "
                    + SCRIPT_HASH + " in its Content-Security-Policy");
        }
        String script = template.substring(start + SCRIPT_START.length(), end);
        return new ClusterPage(template.replace(SCRIPT_HASH, "sha256-" + sha256(script)));
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * Returns the page.
     *
     * @return the HTML document
     */
    public String html() {
        return html;
    }
}

package dev.nodemesh;

/**
 * Which permissions a cookie file may have for {@link Cookie#fromFile(java.nio.file.Path, CookieFilePermissions)}
 * to read it. A file that its group or others may <em>write</em> is refused under every rule: whoever
 * can change the cookie can lock the node out, or let a node of theirs in.
 */
public enum CookieFilePermissions {

    /**
     * The file gives nothing to its group or to others ({@code chmod 400} or {@code 600}), as
     * {@code erl} requires of {@code ~/.erlang.cookie}. The default.
     */
    OWNER_ONLY,

    /**
     * The file may also be readable (and executable) by its group and others, as a secret mounted
     * read-only by Kubernetes ({@code 0644}) or Docker ({@code 0444}) is; it must still not be
     * writable by them. Every user of the host (or of the container) who can reach the file can then
     * read the cookie: use it only where the file system holding it is private to the application.
     */
    ALLOW_READABLE
}

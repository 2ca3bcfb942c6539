package dev.nodemesh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The shared secret nodes prove to each other when they connect: only nodes with the same cookie
 * talk.
 *
 * <p>A cookie is given {@linkplain #of(String) explicitly} (like {@code erl -setcookie}) or read
 * from a file, by default {@code ~/.erlang.cookie}, which is created when missing exactly as
 * {@code erl} creates it. A cookie file is read as {@code erl} reads it, so a node started with
 * nodemesh and one started with {@code erl} on the same account share the cookie; files that
 * {@code erl} refuses are refused, among them any file its owner's group or others may access.
 *
 * <p>The value is never printed: {@link #toString()} shows only where it came from.
 */
public final class Cookie {

    /** The longest cookie, in characters (bytes): a cookie is an atom to {@code erl}. */
    public static final int MAX_LENGTH = 255;

    /** The length of the cookie {@code erl} writes to a new {@code ~/.erlang.cookie}. */
    static final int GENERATED_LENGTH = 20;

    /** The name of the default cookie file, in the home directory. */
    static final String DEFAULT_FILE_NAME = ".erlang.cookie";

    /** Longer files cannot hold a cookie (erl would fail on it too); they are not read. */
    private static final long MAX_FILE_SIZE = 4096;

    private static final Set<PosixFilePermission> OWNER_READ_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ);

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] value;
    private final String source;

    private Cookie(byte[] value, String source) {
        this.value = value;
        this.source = source;
    }

    /**
     * Makes a cookie from its value, like {@code erl -setcookie}.
     *
     * @param value 1 to {@value #MAX_LENGTH} printable ASCII characters without spaces ({@code !}
     *     to {@code ~})
     * @return the cookie
     * @throws IllegalArgumentException if the value is empty, too long or has other characters;
     *     the message never shows the value
     */
    public static Cookie of(String value) {
        String rule = "a cookie is 1 to " + MAX_LENGTH + " printable ASCII characters without spaces (! to ~),"
                + " such as " + example();
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(
                    "invalid cookie: it is " + (value == null ? "null" : "empty") + "; " + rule);
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "invalid cookie: it has " + value.length() + " characters, more than " + MAX_LENGTH + "; " + rule);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException("invalid cookie: the character at index " + i + " is "
                        + (Character.isWhitespace(c) ? "white space" : "not printable ASCII") + "; " + rule);
            }
        }
        return new Cookie(value.getBytes(StandardCharsets.US_ASCII), "explicit");
    }

    /**
     * Reads a cookie file as {@code erl} reads {@code ~/.erlang.cookie}.
     *
     * <p>The cookie is the file's first line: printable ASCII characters, spaces included, followed
     * by nothing but line breaks and spaces (which are dropped). On a file system with POSIX
     * permissions the file must be accessible by its owner only ({@code erl} refuses it otherwise:
     * "Cookie file ... must be accessible by owner only"); for a secret mounted read-only that
     * others may read, see {@link #fromFile(Path, CookieFilePermissions)}.
     *
     * @param file the cookie file
     * @return the cookie
     * @throws IllegalStateException if the file is missing, is not a regular file, may be accessed
     *     by group or others, cannot be read, is empty or holds no valid cookie; the message says
     *     what to do (such as {@code chmod 400 file}) and never shows the file's content
     */
    public static Cookie fromFile(Path file) {
        return fromFile(file, CookieFilePermissions.OWNER_ONLY);
    }

    /**
     * Reads a cookie file as {@link #fromFile(Path)} does, with the given rule for its permissions.
     * {@link CookieFilePermissions#ALLOW_READABLE} reads a secret that Kubernetes or Docker mounts
     * read-only with mode {@code 0644} or {@code 0444}:
     *
     * <pre>{@code
     * Cookie.fromFile(Path.of("/run/secrets/erlang.cookie"), CookieFilePermissions.ALLOW_READABLE)
     * }</pre>
     *
     * <p>A file its group or others may write is refused under every rule.
     *
     * @param file the cookie file
     * @param permissions which permissions the file may have
     * @return the cookie
     * @throws IllegalStateException as {@link #fromFile(Path)}, with the permissions checked by the
     *     given rule
     */
    public static Cookie fromFile(Path file, CookieFilePermissions permissions) {
        if (file == null) {
            throw new IllegalArgumentException("cookie file must not be null");
        }
        if (permissions == null) {
            throw new IllegalArgumentException("cookie file permissions must not be null");
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("cookie file " + file + " does not exist; create it holding the cookie"
                    + " (readable by its owner only: chmod 400 " + file + "), or give the cookie explicitly");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read cookie file " + file + ": " + e, e);
        }
        if (!attributes.isRegularFile()) {
            throw new IllegalStateException("cookie file " + file + " is not a regular file"
                    + (attributes.isDirectory() ? " but a directory" : "") + "; it must be a file holding the cookie");
        }
        checkPermissions(file, permissions);
        if (attributes.size() > MAX_FILE_SIZE) {
            throw new IllegalStateException("cookie file " + file + " has " + attributes.size()
                    + " bytes, too many for a cookie of at most " + MAX_LENGTH + " characters");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (AccessDeniedException e) {
            throw new IllegalStateException("cannot read cookie file " + file + ": permission denied; it must be"
                    + " readable by the user running this JVM (as its owner, run: chmod 400 " + file + ")");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read cookie file " + file + ": " + e, e);
        }
        return new Cookie(parseFile(content, file), "file:" + file);
    }

    /** The cookie in a file's content, by the rules of OTP's {@code auth:check_cookie}. */
    private static byte[] parseFile(byte[] content, Path file) {
        int end = 0;
        while (end < content.length && content[end] >= ' ' && content[end] <= '~') {
            end++;
        }
        for (int i = end; i < content.length; i++) {
            byte b = content[i];
            if (b != '\n' && b != '\r' && b != ' ') {
                throw new IllegalStateException("cookie file " + file + " has a character erl does not accept"
                        + " at byte " + i + " (" + describe(b) + "); a cookie is one line of printable ASCII");
            }
        }
        if (end == 0) {
            throw new IllegalStateException("cookie file " + file + " is empty; write a cookie into it," + " such as "
                    + example() + ", or delete it to have a new one made");
        }
        if (end > MAX_LENGTH) {
            throw new IllegalStateException(
                    "cookie file " + file + " holds a cookie of " + end + " characters, more than " + MAX_LENGTH);
        }
        byte[] cookie = new byte[end];
        System.arraycopy(content, 0, cookie, 0, end);
        return cookie;
    }

    private static String describe(byte b) {
        if (b == '\t') {
            return "a tab";
        }
        return b < 0 ? "a byte beyond ASCII" : "a control character";
    }

    private static void checkPermissions(Path file, CookieFilePermissions rule) {
        if (!isPosix(file)) {
            return; // like erl, which checks the mode on Unix only
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the permissions of cookie file " + file + ": " + e, e);
        }
        boolean writableByOthers = permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE);
        if (rule == CookieFilePermissions.ALLOW_READABLE && writableByOthers) {
            throw new IllegalStateException("cookie file " + file + " may be written by its group or others (its"
                    + " permissions are " + PosixFilePermissions.toString(permissions) + "), which is never accepted,"
                    + " not even for a shared read-only secret; run: chmod go-w " + file);
        }
        if (rule == CookieFilePermissions.OWNER_ONLY && !Collections.disjoint(permissions, GROUP_OR_OTHERS)) {
            throw new IllegalStateException("cookie file " + file + " must be accessible by its owner only,"
                    + " but its permissions are " + PosixFilePermissions.toString(permissions)
                    + " (erl refuses it too); run: chmod 400 " + file);
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Reads the default cookie file, {@code .erlang.cookie} in the home directory (the {@code HOME}
     * environment variable, as {@code erl} uses, else the {@code user.home} system property).
     *
     * <p>When the file is missing it is created as {@code erl} creates it: 20 random uppercase
     * letters {@code A}–{@code Z} (from {@link SecureRandom}), no line break, readable by the owner
     * only ({@code 0400}). The file never exists with other permissions, nor with part of its
     * content: it is written under another name and then linked in place, so nodes starting at the
     * same time all read the one cookie that was created first.
     *
     * @return the cookie
     * @throws IllegalStateException if the file cannot be created or read, or is refused as by
     *     {@link #fromFile(Path)}
     */
    public static Cookie fromDefaultFile() {
        String home = System.getenv("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        if (home == null || home.isEmpty()) {
            throw new IllegalStateException("cannot find the home directory for " + DEFAULT_FILE_NAME
                    + " (neither HOME nor user.home is set); give the cookie explicitly or read it from a file");
        }
        return fromDefaultFile(Path.of(home));
    }

    /**
     * Reads {@code .erlang.cookie} in the given home directory, creating it when missing; see
     * {@link #fromDefaultFile()}.
     *
     * @param home the home directory
     * @return the cookie
     */
    static Cookie fromDefaultFile(Path home) {
        Path file = home.resolve(DEFAULT_FILE_NAME);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            create(file);
        }
        return fromFile(file);
    }

    /**
     * Creates a cookie file as erl does, unless one appears meanwhile. The cookie is written to a
     * fresh file in the same directory, created with owner-read-only permissions, then hard-linked
     * to the cookie file's name, which fails if that exists; where hard links are not supported
     * it is moved there instead.
     */
    private static void create(Path file) {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("cannot create cookie file " + file + ": the directory " + directory
                    + " does not exist; give the cookie explicitly or read it from another file");
        }
        byte[] cookie = generate();
        Path temporary = directory.resolve(DEFAULT_FILE_NAME + "." + Long.toUnsignedString(RANDOM.nextLong(), 36));
        boolean posix = isPosix(file);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_ONLY)}
                : new FileAttribute<?>[0];
        try {
            try (FileChannel channel = FileChannel.open(
                    temporary, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
                ByteBuffer buffer = ByteBuffer.wrap(cookie);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix) {
                // the umask may have taken more away, never less; make it exactly owner-read
                Files.setPosixFilePermissions(temporary, OWNER_READ_ONLY);
            }
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException e) {
                // another node created it first; everyone reads that one
            } catch (UnsupportedOperationException | IOException e) {
                moveUnlessPresent(temporary, file);
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot create cookie file " + file + ": " + e
                            + "; give the cookie explicitly or read it from another file",
                    e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // a stray temporary file holds a cookie nobody uses, readable by its owner only
            }
        }
    }

    private static void moveUnlessPresent(Path temporary, Path file) throws IOException {
        try {
            Files.move(temporary, file);
        } catch (FileAlreadyExistsException e) {
            // another node created it first
        }
    }

    /** Makes a cookie as erl does: {@value #GENERATED_LENGTH} random letters A to Z. */
    static byte[] generate() {
        byte[] cookie = new byte[GENERATED_LENGTH];
        for (int i = 0; i < cookie.length; i++) {
            cookie[i] = (byte) ('A' + RANDOM.nextInt(26));
        }
        return cookie;
    }

    private static String example() {
        return new String(generate(), StandardCharsets.US_ASCII);
    }

    /**
     * Returns the cookie's bytes: its ASCII characters, as the handshake digests them.
     *
     * @return a copy of the value
     */
    public byte[] bytes() {
        return value.clone();
    }

    /**
     * Tells where the cookie came from.
     *
     * @return {@code explicit}, or {@code file:} followed by the file's path
     */
    public String source() {
        return source;
    }

    /**
     * Shows where the cookie came from, never its value.
     *
     * @return such as {@code Cookie[file:/home/me/.erlang.cookie]} or {@code Cookie[explicit]}
     */
    @Override
    public String toString() {
        return "Cookie[" + source + "]";
    }
}

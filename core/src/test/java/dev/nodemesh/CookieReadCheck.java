package dev.nodemesh;

import dev.nodemesh.testsupport.ErlLauncher;
import dev.nodemesh.testsupport.ErlangRuntime;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Reads a cookie file with {@link Cookie#fromFile(Path)} in a child JVM running as user {@code
 * nobody} (uid and gid 65534, no supplementary groups), for the checks root cannot make: root
 * reads every file. The child prints {@code read} or the exception's class and message.
 *
 * <p>The child's class path is a copy of nodemesh's classes and of this class in a directory
 * {@code nobody} can read, so it does not depend on the permissions of the build directory.
 */
final class CookieReadCheck {

    /** The uid and gid of {@code nobody} on Debian and most Linux distributions. */
    static final int NOBODY = 65534;

    private CookieReadCheck() {}

    /**
     * The child's entry point.
     *
     * @param args the cookie file
     */
    public static void main(String[] args) {
        // standard output is this child's only channel to the test that started it, which reads
        // one line from it; a logger would add its own formatting to that line
        try {
            Cookie.fromFile(Path.of(args[0]));
            System.out.println("read");
        } catch (RuntimeException e) {
            System.out.println(e.getClass().getName() + ": " + e.getMessage());
        }
    }

    /**
     * Tells whether this JVM runs as root (so the check needs another user).
     *
     * @return whether the effective user is root
     */
    static boolean runningAsRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Reads the cookie file as {@code nobody}; skips the calling test (fails it on CI) when
     * {@code setpriv} is not installed.
     *
     * @param file the cookie file; every directory above it must be searchable by others
     * @param scratch a directory for the copied classes
     * @return what the child printed, stripped
     */
    static String readAsNobody(Path file, Path scratch) {
        Path setpriv = requireSetpriv();
        String classPath = copyClasses(scratch);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return ErlLauncher.command(List.of(
                        setpriv.toString(),
                        "--reuid=" + NOBODY,
                        "--regid=" + NOBODY,
                        "--clear-groups",
                        java.toString(),
                        "-Xshare:off",
                        "-cp",
                        classPath,
                        CookieReadCheck.class.getName(),
                        file.toString()))
                .run(Duration.ofSeconds(60))
                .strip();
    }

    private static Path requireSetpriv() {
        Optional<Path> setpriv = ErlangRuntime.findOnPath("setpriv");
        if (setpriv.isEmpty()) {
            String message = "'setpriv' is not on the PATH: this check runs a JVM as another user;"
                    + " install it with: apt-get install -y util-linux";
            if (ErlangRuntime.isCi()) {
                throw new AssertionError(message + " (CI=true, so this is a failure, not a skip)");
            }
            Assumptions.abort(message);
        }
        return setpriv.get();
    }

    /** Copies nodemesh's classes and this class where everyone may read them; returns the class path. */
    private static String copyClasses(Path scratch) {
        try {
            Path target = Files.createDirectories(scratch.resolve("classes"));
            Path nodemesh = codeSource(Cookie.class);
            String classPath = target.toString();
            if (Files.isDirectory(nodemesh)) {
                copyTree(nodemesh, target);
            } else {
                Path jar = Files.copy(nodemesh, scratch.resolve(nodemesh.getFileName()));
                classPath += File.pathSeparator + jar;
            }
            String checkClass = CookieReadCheck.class.getName().replace('.', '/') + ".class";
            Files.copy(
                    codeSource(CookieReadCheck.class).resolve(checkClass),
                    target.resolve(checkClass),
                    StandardCopyOption.REPLACE_EXISTING);
            try (Stream<Path> all = Files.walk(scratch)) {
                for (Path path : (Iterable<Path>) all::iterator) {
                    Files.setPosixFilePermissions(
                            path, PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            return classPath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(source)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
    }
}

package dev.nodemesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.nodemesh.testsupport.ErlLauncher;
import dev.nodemesh.testsupport.Interop;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cookies: explicit, from a file read as erl reads it, and the default file created as erl does. */
class CookieTest {

    private static final String SECRET = "SECRETXYZZY";

    @TempDir
    Path dir;

    @Test
    void explicitCookie() {
        Cookie cookie = Cookie.of(SECRET);

        assertThat(cookie.bytes()).isEqualTo(SECRET.getBytes(StandardCharsets.US_ASCII));
        assertThat(cookie.source()).isEqualTo("explicit");
        assertThat(cookie).hasToString("Cookie[explicit]");
    }

    @Test
    void explicitCookieMayUseEveryPrintableAsciiCharacterButSpace() {
        StringBuilder all = new StringBuilder();
        for (char c = '!'; c <= '~'; c++) {
            all.append(c);
        }
        assertThat(Cookie.of(all.toString()).bytes()).hasSize(94);
        assertThat(Cookie.of("A".repeat(255)).bytes()).hasSize(255);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                  | it is empty",
                "'SECRET XYZZY'      | the character at index 6 is white space",
                "'SECRETXYZZY\t'     | the character at index 11 is white space",
                "SECRÉTXYZZY         | the character at index 4 is not printable ASCII",
                "'SECRET\u0001XYZZY' | the character at index 6 is not printable ASCII",
            })
    void explicitCookieRefusesWhatIsNotSafeWithoutShowingIt(String value, String reason) {
        Throwable thrown = catchThrowable(() -> Cookie.of(value));

        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid cookie: " + reason + "; a cookie is 1 to 255 printable ASCII"
                        + " characters without spaces (! to ~), such as ")
                .hasMessageNotContaining("SECRET")
                .hasMessageNotContaining("XYZZY");
        assertThat(Cookie.of(thrown.getMessage().substring(thrown.getMessage().lastIndexOf(' ') + 1)))
                .isNotNull();
    }

    @Test
    void explicitCookieRefusesNullAndTooLong() {
        assertThatThrownBy(() -> Cookie.of(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid cookie: it is null;");
        assertThatThrownBy(() -> Cookie.of("S".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid cookie: it has 256 characters, more than 255;")
                .hasMessageNotContaining("SSSS");
    }

    @Test
    void bytesAreACopy() {
        Cookie cookie = Cookie.of(SECRET);
        cookie.bytes()[0] = 'X';

        assertThat(cookie.bytes()).isEqualTo(SECRET.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void cookieFromFile() throws IOException {
        Path file = cookieFile(SECRET + "\n", "r--------");

        Cookie cookie = Cookie.fromFile(file);

        assertThat(cookie.bytes()).isEqualTo(SECRET.getBytes(StandardCharsets.US_ASCII));
        assertThat(cookie.source()).isEqualTo("file:" + file);
        assertThat(cookie).hasToString("Cookie[file:" + file + "]");
        assertThat(cookie.toString()).doesNotContain(SECRET);
    }

    /** Read as OTP's auth module does: a line of printable ASCII, then only line breaks and spaces. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "'ABC'              | 'ABC'",
                "'ABC\n'            | 'ABC'",
                "'ABC\r\n'          | 'ABC'",
                "'ABC\r\n \n  '     | 'ABC'",
                "'ABC\n\n\n'        | 'ABC'",
                "'AB C'             | 'AB C'",
                "'  ABC  \n\n'      | '  ABC  '",
                "'a!~$%^&*()'       | 'a!~$%^&*()'",
            })
    void fileIsTrimmedAsErlTrimsIt(String content, String cookie) throws IOException {
        assertThat(Cookie.fromFile(cookieFile(content, "r--------")).bytes())
                .isEqualTo(cookie.getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                  | is empty; write a cookie into it, such as ",
                "'\n'                | is empty",
                "'\r\n  \n'          | is empty",
                "'SECRET\nXYZZY'     | has a character erl does not accept at byte 7 (a control character);"
                        + " a cookie is one line of printable ASCII",
                "'SECRET\tXYZZY'     | at byte 6 (a tab)",
                "'\nSECRETXYZZY'     | at byte 1 (a control character)",
                "'SECRÉTXYZZY'       | at byte 4 (a byte beyond ASCII)",
                "'SECRET\u0007XYZZY' | at byte 6 (a control character)",
            })
    void fileWithoutAValidCookieIsRefusedWithoutShowingIt(String content, String message) throws IOException {
        Path file = cookieFile(content, "r--------");

        assertThatThrownBy(() -> Cookie.fromFile(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cookie file " + file + " ")
                .hasMessageContaining(message)
                .hasMessageNotContaining("SECRET")
                .hasMessageNotContaining("XYZZY");
    }

    @Test
    void fileWithANulByteIsRefused() throws IOException {
        Path file = cookieFile("SECRET\0XYZZY\n", "r--------");

        assertThatThrownBy(() -> Cookie.fromFile(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cookie file " + file + " has a character erl does not accept at byte 6 (a control"
                        + " character); a cookie is one line of printable ASCII");
    }

    @Test
    void fileCookieHasAtMost255Characters() throws IOException {
        assertThat(Cookie.fromFile(cookieFile("A".repeat(255) + "\n", "r--------"))
                        .bytes())
                .hasSize(255);

        Path tooLong = cookieFile("A".repeat(256), "r--------");
        assertThatThrownBy(() -> Cookie.fromFile(tooLong))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cookie file " + tooLong + " holds a cookie of 256 characters, more than 255");

        Path huge = cookieFile("A".repeat(100) + "\n".repeat(5000), "r--------");
        assertThatThrownBy(() -> Cookie.fromFile(huge))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cookie file " + huge + " has 5100 bytes, too many for a cookie of at most 255"
                        + " characters");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "r--r-----",
                "r-----r--",
                "rw-r--r--",
                "r--r--r--",
                "rw-rw-rw-",
                "r---w----",
                "r------w-",
                "r----x---",
                "r-------x"
            })
    void fileThatGroupOrOthersMayAccessIsRefused(String permissions) throws IOException {
        Path file = cookieFile(SECRET, permissions);

        assertThatThrownBy(() -> Cookie.fromFile(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cookie file " + file + " must be accessible by its owner only, but its permissions are "
                        + permissions + " (erl refuses it too); run: chmod 400 " + file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"r--------", "rw-------", "rwx------", "r-x------"})
    void fileOnlyItsOwnerMayAccessIsRead(String permissions) throws IOException {
        assertThat(Cookie.fromFile(cookieFile(SECRET, permissions)).bytes())
                .isEqualTo(SECRET.getBytes(StandardCharsets.US_ASCII));
    }

    /** Kubernetes mounts a secret 0644 by default, Docker 0444; both owned by root and read by the app. */
    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "r--r--r--", "r--r-----", "r-----r--", "r-xr-xr-x", "r--------"})
    void readOnlySharedFileIsReadWhenAllowed(String permissions) throws IOException {
        Path file = cookieFile(SECRET, permissions);

        Cookie cookie = Cookie.fromFile(file, CookieFilePermissions.ALLOW_READABLE);

        assertThat(cookie.bytes()).isEqualTo(SECRET.getBytes(StandardCharsets.US_ASCII));
        assertThat(cookie.source()).isEqualTo("file:" + file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-rw-rw-", "rw-r--rw-", "rw-rw-r--", "r---w----", "r------w-"})
    void fileOthersMayWriteIsRefusedEvenWhenReadableIsAllowed(String permissions) throws IOException {
        Path file = cookieFile(SECRET, permissions);

        assertThatThrownBy(() -> Cookie.fromFile(file, CookieFilePermissions.ALLOW_READABLE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cookie file " + file + " may be written by its group or others (its permissions are "
                        + permissions + "), which is never accepted, not even for a shared read-only secret;"
                        + " run: chmod go-w " + file);
    }

    @Test
    void ownerOnlyIsTheDefaultRule() throws IOException {
        Path file = cookieFile(SECRET, "rw-r--r--");

        assertThatThrownBy(() -> Cookie.fromFile(file, CookieFilePermissions.OWNER_ONLY))
                .hasMessageContaining("must be accessible by its owner only");
        assertThatThrownBy(() -> Cookie.fromFile(file, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingFileIsRefused() {
        Path file = dir.resolve("no-such-cookie");

        assertThatThrownBy(() -> Cookie.fromFile(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cookie file " + file + " does not exist; create it holding the cookie (readable by"
                        + " its owner only: chmod 400 " + file + "), or give the cookie explicitly");
    }

    @Test
    void directoryIsRefused() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("cookie-dir"));

        assertThatThrownBy(() -> Cookie.fromFile(directory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cookie file " + directory + " is not a regular file but a directory; it must be a file"
                        + " holding the cookie");
    }

    @Test
    void unreadableFileIsRefused() throws IOException {
        Path file = cookieFile(SECRET, "---------");
        String expected = "cannot read cookie file " + file + ": permission denied; it must be readable by the"
                + " user running this JVM (as its owner, run: chmod 400 " + file + ")";

        if (CookieReadCheck.runningAsRoot()) {
            // root reads every file: the check runs in a JVM of its own as user nobody
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertThat(CookieReadCheck.readAsNobody(file, Files.createDirectory(dir.resolve("nobody"))))
                    .isEqualTo(IllegalStateException.class.getName() + ": " + expected);
        } else {
            assertThatThrownBy(() -> Cookie.fromFile(file))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(expected);
        }
    }

    @Test
    void missingDefaultFileIsCreatedAsErlCreatesIt() throws IOException {
        Cookie cookie = Cookie.fromDefaultFile(dir);

        Path file = dir.resolve(".erlang.cookie");
        assertThat(Files.getPosixFilePermissions(file)).containsExactly(PosixFilePermission.OWNER_READ);
        byte[] content = Files.readAllBytes(file);
        assertThat(new String(content, StandardCharsets.US_ASCII)).matches("[A-Z]{20}");
        assertThat(cookie.bytes()).isEqualTo(content);
        assertThat(cookie).hasToString("Cookie[file:" + file + "]");
        assertThat(filesIn(dir)).containsExactly(".erlang.cookie");

        assertThat(Cookie.fromDefaultFile(dir).bytes()).isEqualTo(content);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void existingDefaultFileIsReadNotReplaced() throws IOException {
        Path file = cookieFile(dir.resolve(".erlang.cookie"), SECRET + "\n", "r--------");

        assertThat(Cookie.fromDefaultFile(dir).bytes()).isEqualTo(SECRET.getBytes(StandardCharsets.US_ASCII));
        assertThat(Files.readString(file)).isEqualTo(SECRET + "\n");
    }

    @Test
    void groupReadableDefaultFileIsRefusedNotReplaced() throws IOException {
        Path file = cookieFile(dir.resolve(".erlang.cookie"), SECRET, "rw-r--r--");

        assertThatThrownBy(() -> Cookie.fromDefaultFile(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith("run: chmod 400 " + file);
        assertThat(Files.readString(file)).isEqualTo(SECRET);
    }

    @Test
    void defaultFileInAMissingDirectoryIsNotCreated() {
        Path home = dir.resolve("no-such-home");

        assertThatThrownBy(() -> Cookie.fromDefaultFile(home))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot create cookie file " + home.resolve(".erlang.cookie") + ": the directory " + home
                        + " does not exist; give the cookie explicitly or read it from another file");
    }

    @Test
    void nodesStartingTogetherShareTheOneCookieCreated() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return new String(Cookie.fromDefaultFile(dir).bytes(), StandardCharsets.US_ASCII);
                }));
            }
            start.countDown();
            Set<String> cookies = new HashSet<>();
            for (Future<String> result : results) {
                cookies.add(result.get(30, TimeUnit.SECONDS));
            }
            assertThat(cookies).hasSize(1);
            assertThat(Files.readString(dir.resolve(".erlang.cookie")))
                    .isEqualTo(cookies.iterator().next());
            assertThat(filesIn(dir)).containsExactly(".erlang.cookie");
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void generatedCookiesAreRandomUppercaseLetters() {
        Set<String> cookies = new HashSet<>();
        Set<Character> letters = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String cookie = new String(Cookie.generate(), StandardCharsets.US_ASCII);
            assertThat(cookie).matches("[A-Z]{20}");
            cookies.add(cookie);
            cookie.chars().forEach(c -> letters.add((char) c));
        }
        assertThat(cookies).hasSize(200);
        assertThat(letters).hasSize(26);
    }

    /** A zip file system has no POSIX permissions: nothing to check, and no hard links to create with. */
    @Test
    void withoutPosixPermissionsTheCheckIsSkipped() throws IOException {
        URI zip = URI.create("jar:" + dir.resolve("home.zip").toUri());
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            Path home = fs.getPath("/");
            assertThat(fs.supportedFileAttributeViews()).doesNotContain("posix");

            Cookie created = Cookie.fromDefaultFile(home);

            byte[] content = Files.readAllBytes(home.resolve(".erlang.cookie"));
            assertThat(new String(content, StandardCharsets.US_ASCII)).matches("[A-Z]{20}");
            assertThat(created.bytes()).isEqualTo(content);
            try (Stream<Path> files = Files.list(home)) {
                assertThat(files.map(path -> path.getFileName().toString())).containsExactly(".erlang.cookie");
            }
            Files.writeString(home.resolve("other"), SECRET + "\n");
            assertThat(Cookie.fromFile(home.resolve("other")).bytes())
                    .isEqualTo(SECRET.getBytes(StandardCharsets.US_ASCII));
        }
    }

    // ---- against a real erl, with HOME pointing at the test's directory and no EPMD ----

    @Interop
    @Test
    void erlUsesTheCookieFileNodemeshCreated() {
        Cookie cookie = Cookie.fromDefaultFile(dir);

        String erlCookie = erlCookie(dir);

        assertThat(erlCookie).isEqualTo(new String(cookie.bytes(), StandardCharsets.US_ASCII));
        assertThat(filesIn(dir)).containsExactly(".erlang.cookie");
    }

    @Interop
    @Test
    void nodemeshUsesTheCookieFileErlCreated() throws IOException {
        String erlCookie = erlCookie(dir);

        Path file = dir.resolve(".erlang.cookie");
        assertThat(Files.getPosixFilePermissions(file)).containsExactly(PosixFilePermission.OWNER_READ);
        assertThat(Files.readString(file)).isEqualTo(erlCookie).matches("[A-Z]{20}");
        assertThat(Cookie.fromDefaultFile(dir).bytes()).isEqualTo(erlCookie.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The files erl accepts are the ones nodemesh accepts, with the same cookie. One erl reads them
     * in turn: each is moved to {@code ~/.erlang.cookie} and distribution is started and stopped.
     */
    @Interop
    @Test
    void readsCookieFilesAsErlDoes() throws IOException {
        String[][] cases = {
            {"ABC\n", "r--------"},
            {"  ABC  \n\n", "r--------"},
            {"AB C", "r--------"},
            {"ABC\r\n \n", "r--------"},
            {"a!~$%^&*()'\"\\", "r--------"},
            {"ABC\nDEF\n", "r--------"},
            {"", "r--------"},
            {"\n", "r--------"},
            {"ABC\tX", "r--------"},
            {"\nABC", "r--------"},
            {"ABÉ", "r--------"},
            {"A".repeat(255), "r--------"},
            {"A".repeat(256), "r--------"},
            {"ABC", "r--r-----"},
            {"ABC", "r-----r--"},
            {"ABC", "rw-------"},
            {"ABC", "rwx------"},
            {"ABC", "r----x---"},
            {"ABC", "-------w-"},
            {null, "rwx------"}, // a directory
        };
        Path home = Files.createDirectory(dir.resolve("home"));
        List<String> ours = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < cases.length; i++) {
            Path file = Files.createDirectories(dir.resolve("case" + i)).resolve(".erlang.cookie");
            if (cases[i][0] == null) {
                Files.createDirectory(file);
            } else {
                cookieFile(file, cases[i][0], cases[i][1]);
            }
            sources.add("\"" + file + "\"");
            String outcome;
            try {
                outcome = "ok " + new String(Cookie.fromFile(file).bytes(), StandardCharsets.US_ASCII);
            } catch (IllegalStateException e) {
                outcome = "refused";
            }
            ours.add(outcome);
        }

        String output = ErlLauncher.erl()
                .home(home)
                .withoutEpmd()
                .erlFlags(List.of())
                .runExpressions("logger:set_primary_config(level, none), "
                        + "Cookie = filename:join(os:getenv(\"HOME\"), \".erlang.cookie\"), "
                        + "[begin _ = file:delete(Cookie), _ = file:del_dir(Cookie), ok = file:rename(F, Cookie),"
                        + " case net_kernel:start(probe, #{name_domain => shortnames, dist_listen => false}) of"
                        + " {ok, _} -> C = erlang:get_cookie(), ok = net_kernel:stop(),"
                        + " io:format(\"ok ~s~n\", [atom_to_list(C)]);"
                        + " _ -> io:format(\"refused~n\") end end || F <- "
                        + sources.stream().collect(Collectors.joining(",", "[", "]")) + "]");

        List<String> erl = output.lines().collect(Collectors.toList());
        assertThat(erl).hasSize(cases.length);
        for (int i = 0; i < cases.length; i++) {
            assertThat(ours.get(i))
                    .as("%s %s", cases[i][1], escaped(cases[i][0]))
                    .isEqualTo(erl.get(i));
        }
    }

    /** Starts a real erl with distribution (listening nowhere) and returns its cookie. */
    private static String erlCookie(Path home) {
        String output = ErlLauncher.erl()
                .home(home)
                .withoutEpmd()
                .erlFlags(List.of("-sname", "probe", "-dist_listen", "false"))
                .runExpressions("io:format(\"~s~n\", [atom_to_list(erlang:get_cookie())])");
        return output.strip();
    }

    private Path cookieFile(String content, String permissions) throws IOException {
        return cookieFile(Files.createTempFile(dir, "cookie", ""), content, permissions);
    }

    private static Path cookieFile(Path file, String content, String permissions) throws IOException {
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private static List<String> filesIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).collect(Collectors.toList());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escaped(String text) {
        return text == null
                ? "(a directory)"
                : text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }
}

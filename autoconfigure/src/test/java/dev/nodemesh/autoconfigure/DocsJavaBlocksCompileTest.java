package dev.nodemesh.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.testsupport.Slow;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every {@code ```java} block of README.md and docs/*.md against the real classes, so a
 * renamed class or method breaks the build instead of a reader's copy-paste.
 *
 * <p>A block with a {@code package} line is a whole file and compiles as written, imports and
 * all. Any other block is a fragment: it gets the imports of {@link #FRAGMENT_IMPORTS} and is
 * put inside a class, as members when it starts with a declaration (an annotation, {@code class},
 * {@code record}, ...) or else as the body of a method. The class offers {@code log}, and a
 * method body the variables fragments use without declaring them ({@code chip}, {@code node},
 * {@code term}, {@code byteBuf}, {@code timeout}, {@code workerPid}). A block that elides code with {@code { ... }} is
 * skipped. Tagged slow: javac takes a few seconds.
 */
@Slow
class DocsJavaBlocksCompileTest {

    /** The packages a fragment may use without importing them. */
    static final List<String> FRAGMENT_IMPORTS = List.of(
            "dev.nodemesh.*",
            "dev.nodemesh.term.*",
            "dev.nodemesh.term.etf.*",
            "dev.nodemesh.term.mapping.*",
            "dev.nodemesh.tls.*",
            "dev.nodemesh.spring.*",
            "dev.nodemesh.autoconfigure.*",
            "dev.nodemesh.autoconfigure.event.*",
            "io.netty.buffer.ByteBuf",
            "io.netty.handler.ssl.*",
            "java.io.File",
            "java.net.InetAddress",
            "java.nio.file.Path",
            "java.security.KeyStore",
            "java.time.*",
            "java.time.temporal.ChronoUnit",
            "java.util.*",
            "java.util.concurrent.CompletableFuture",
            "javax.net.ssl.KeyManagerFactory",
            "javax.net.ssl.TrustManagerFactory",
            "org.slf4j.Logger",
            "org.slf4j.LoggerFactory",
            "org.springframework.boot.ApplicationArguments",
            "org.springframework.boot.ApplicationRunner",
            "org.springframework.context.annotation.Bean",
            "org.springframework.context.event.EventListener",
            "org.springframework.stereotype.Component",
            "org.springframework.stereotype.Service",
            "org.springframework.web.bind.annotation.*");

    private static final String LOG = "static final Logger log = LoggerFactory.getLogger(Snippet.class);\n";

    /** The variables a method-body fragment may use; declarations among members could clash. */
    private static final String VARIABLES =
            "Node chip; Node node; Term term; ByteBuf byteBuf; Duration timeout; Pid workerPid;\n";

    private static final Pattern DECLARATION =
            Pattern.compile("^(@|((public|static|final|abstract|sealed) )*(record|class|enum|interface) ).*");

    record Block(String file, int line, String code) {

        String where() {
            return file + ":" + line;
        }
    }

    @Test
    void everyJavaBlockInTheDocsCompiles(@TempDir Path sources) throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Block> blocks = new ArrayList<>(blocks(root, root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            for (Path doc :
                    docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                blocks.addAll(blocks(root, doc));
            }
        }
        assertThat(blocks).as("java blocks found in the docs").hasSizeGreaterThan(20);

        List<Path> files = new ArrayList<>();
        List<Block> compiled = new ArrayList<>();
        for (Block block : blocks) {
            if (block.code().contains("{ ... }")) {
                continue;
            }
            String name = "Block" + compiled.size();
            Path file = sources.resolve(name + ".java");
            Files.writeString(file, source(block, name.toLowerCase(Locale.ROOT)));
            files.add(file);
            compiled.add(block);
        }

        List<String> errors = compile(files, sources.resolve("classes"), compiled);
        assertThat(errors).as("docs blocks that do not compile").isEmpty();
    }

    private static String source(Block block, String packageName) {
        if (block.code().lines().anyMatch(line -> line.startsWith("package "))) {
            return block.code();
        }
        StringBuilder out =
                new StringBuilder("package snippets.").append(packageName).append(";\n");
        FRAGMENT_IMPORTS.forEach(name -> out.append("import ").append(name).append(";\n"));
        out.append("@SuppressWarnings(\"all\")\nclass Snippet {\n").append(LOG);
        String firstLine = block.code()
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("//"))
                .findFirst()
                .orElse("");
        if (DECLARATION.matcher(firstLine).matches()) {
            out.append(block.code());
        } else {
            out.append(VARIABLES)
                    .append("void run() throws Exception {\n")
                    .append(block.code())
                    .append("\n}\n");
        }
        return out.append("}\n").toString();
    }

    private static List<String> compile(List<Path> files, Path classes, List<Block> blocks) throws IOException {
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (StandardJavaFileManager fileManager =
                javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options =
                    List.of("--release", "17", "-proc:none", "-classpath", classPath, "-d", classes.toString());
            javac.getTask(
                            new StringWriter(),
                            fileManager,
                            diagnostics,
                            options,
                            null,
                            fileManager.getJavaFileObjectsFromPaths(files))
                    .call();
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
            if (diagnostic.getKind() != Diagnostic.Kind.ERROR || diagnostic.getSource() == null) {
                continue;
            }
            String name = Path.of(diagnostic.getSource().toUri()).getFileName().toString();
            Block block =
                    blocks.get(Integer.parseInt(name.substring("Block".length(), name.length() - ".java".length())));
            errors.add(block.where() + " (generated line " + diagnostic.getLineNumber() + "): "
                    + diagnostic.getMessage(Locale.ROOT));
        }
        return errors;
    }

    /** The {@code ```java} blocks of a Markdown file, with the line each starts on. */
    private static List<Block> blocks(Path root, Path markdown) throws IOException {
        List<String> lines = Files.readAllLines(markdown);
        List<Block> blocks = new ArrayList<>();
        String file = root.relativize(markdown).toString();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```java")) {
                int start = i + 1;
                StringBuilder code = new StringBuilder();
                while (++i < lines.size() && !lines.get(i).strip().equals("```")) {
                    code.append(lines.get(i)).append('\n');
                }
                blocks.add(new Block(file, start, code.toString()));
            }
        }
        return blocks;
    }
}

package dev.nodemesh.term;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares {@link TermSyntax} with a real Elixir 1.14: every literal of
 * {@code elixir-literals.txt} is evaluated by {@code elixir}, printed with
 * {@code inspect(term, limit: :infinity, printable_limit: :infinity, width: :infinity)} and with
 * {@code io_lib:format("~tp")}, and must format the same after our parser read it. One VM runs
 * for the whole class.
 */
@Interop
class ElixirSyntaxInteropTest {

    private static final String SCRIPT =
            """
            opts = [limit: :infinity, printable_limit: :infinity, width: :infinity]
            emit = fn kind, parts -> IO.puts(Enum.join([kind | Enum.map(parts, &Base.encode64/1)], " ")) end
            tp = fn t -> :unicode.characters_to_binary(:io_lib.format(~c"~1000000tp", [t])) end
            "@LITERALS@" |> File.read!() |> String.split("\\n", trim: true) |> Enum.each(fn line ->
              {term, _} = Code.eval_string(Base.decode64!(line))
              emit.("literal", [inspect(term, opts), tp.(term)])
            end)
            "@FLOATS@" |> File.read!() |> String.split("\\n", trim: true) |> Enum.each(fn line ->
              <<f::float>> = <<String.to_integer(line)::64>>
              emit.("float", [inspect(f, opts), tp.(f)])
            end)
            defmodule Probe do
              def closure(y), do: fn x -> {x, y} end
            end
            for t <- [self(), spawn(fn -> :ok end), make_ref(), hd(Port.list()), &Enum.map/2, &:m."a b"/3] do
              emit.("runtime", [inspect(t, opts), tp.(t), :erlang.term_to_binary(t)])
            end
            for t <- [Probe.closure(1), fn -> :ok end] do
              emit.("fun", [inspect(t, opts), tp.(t), :erlang.term_to_binary(t)])
            end
            """;

    /** The one literal whose Erlang rendering differs from erl on purpose. */
    private static final String NON_ASCII_FUN = "&:m.ü/1";

    @TempDir
    static Path dir;

    private static List<String> literals;
    private static List<Double> floats;
    private static final List<String[]> LITERAL_OUTPUT = new ArrayList<>();
    private static final List<String[]> FLOAT_OUTPUT = new ArrayList<>();
    private static final List<String[]> RUNTIME_OUTPUT = new ArrayList<>();
    private static final List<String[]> FUN_OUTPUT = new ArrayList<>();

    @BeforeAll
    static void runElixir() throws IOException {
        literals = corpus("elixir-literals.txt");
        floats = RuntimeTerms.floatSample();
        Path literalFile = dir.resolve("literals.txt");
        Path floatFile = dir.resolve("floats.txt");
        Files.write(literalFile, literals.stream().map(RuntimeTerms::encode64).toList());
        Files.write(
                floatFile,
                floats.stream()
                        .map(d -> Long.toString(Double.doubleToRawLongBits(d)))
                        .toList());
        String out = ErlangRuntime.elixir(
                SCRIPT.replace("@LITERALS@", literalFile.toString()).replace("@FLOATS@", floatFile.toString()));
        for (String line : out.split("\n")) {
            String[] parts = line.split(" ");
            switch (parts[0]) {
                case "literal" -> LITERAL_OUTPUT.add(decoded(parts));
                case "float" -> FLOAT_OUTPUT.add(decoded(parts));
                case "runtime" -> RUNTIME_OUTPUT.add(parts);
                case "fun" -> FUN_OUTPUT.add(parts);
                default -> throw new AssertionError("unexpected output line: " + line);
            }
        }
        assertThat(LITERAL_OUTPUT).hasSameSizeAs(literals);
        assertThat(FLOAT_OUTPUT).hasSameSizeAs(floats);
    }

    static List<String> corpus(String resource) {
        try (InputStream in = ElixirSyntaxInteropTest.class.getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("//"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] decoded(String[] parts) {
        String[] texts = new String[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
            texts[i - 1] = RuntimeTerms.decode64(parts[i]);
        }
        return texts;
    }

    @Test
    void everyLiteralFormatsAsIexInspectsIt() {
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < literals.size(); i++) {
            String literal = literals.get(i);
            softly.assertThat(TermSyntax.ELIXIR.format(TermSyntax.ELIXIR.parse(literal)))
                    .as(literal)
                    .isEqualTo(LITERAL_OUTPUT.get(i)[0]);
        }
        softly.assertAll();
    }

    @Test
    void everyLiteralFormatsInErlangSyntaxAsIoLibPrintsIt() {
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < literals.size(); i++) {
            String literal = literals.get(i);
            String ours = TermSyntax.ERLANG.format(TermSyntax.ELIXIR.parse(literal));
            String erl = LITERAL_OUTPUT.get(i)[1];
            if (literal.equals(NON_ASCII_FUN)) {
                // erl writes the UTF-8 bytes of a fun's name as Latin-1 characters; we write the name
                softly.assertThat(ours).as(literal).isEqualTo("fun m:ü/1");
                softly.assertThat(erl).as(literal).isEqualTo("fun m:" + utf8AsLatin1("ü") + "/1");
            } else {
                softly.assertThat(ours).as(literal).isEqualTo(erl);
            }
        }
        softly.assertAll();
    }

    private static String utf8AsLatin1(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void iexOutputParsesBackToTheSameTerm() {
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < literals.size(); i++) {
            String literal = literals.get(i);
            softly.assertThat(TermSyntax.ELIXIR.parse(LITERAL_OUTPUT.get(i)[0]))
                    .as(literal)
                    .isEqualTo(TermSyntax.ELIXIR.parse(literal));
        }
        softly.assertAll();
    }

    @Test
    void floatsFormatAsIexAndIoLibPrintThem() {
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < floats.size(); i++) {
            Float64 f = Float64.of(floats.get(i));
            softly.assertThat(TermSyntax.ELIXIR.format(f))
                    .as("bits %x", Double.doubleToRawLongBits(f.value()))
                    .isEqualTo(FLOAT_OUTPUT.get(i)[0]);
            softly.assertThat(TermSyntax.ERLANG.format(f))
                    .as("bits %x", Double.doubleToRawLongBits(f.value()))
                    .isEqualTo(FLOAT_OUTPUT.get(i)[1]);
        }
        softly.assertAll();
    }

    @Test
    void pidsReferencesPortsAndExternalFunsFormatAsTheRuntimePrintsThem() {
        assertThat(RUNTIME_OUTPUT).hasSize(6);
        for (String[] parts : RUNTIME_OUTPUT) {
            Term term = RuntimeTerms.fromExternalFormat(Base64.getDecoder().decode(parts[3]));
            assertThat(TermSyntax.ELIXIR.format(term)).isEqualTo(RuntimeTerms.decode64(parts[1]));
            assertThat(TermSyntax.ERLANG.format(term)).isEqualTo(RuntimeTerms.decode64(parts[2]));
        }
    }

    @Test
    void localFunsFormatAsIexPrintsThemWithoutTheFunctionName() {
        assertThat(FUN_OUTPUT).hasSize(2);
        String[] closure = FUN_OUTPUT.get(0);
        Term fun = RuntimeTerms.fromExternalFormat(Base64.getDecoder().decode(closure[3]));
        String ours = TermSyntax.ELIXIR.format(fun);
        // iex appends the defining function, which the external format does not carry:
        // #Function<0.123/1 in Probe.closure/1> where we print #Function<0.123/1 in Probe>
        assertThat(ours).matches("#Function<\\d+\\.\\d+/1 in Probe>");
        assertThat(RuntimeTerms.decode64(closure[1])).isEqualTo(ours.replace(">", ".closure/1>"));
        assertThat(TermSyntax.ERLANG.format(fun)).isEqualTo(RuntimeTerms.decode64(closure[2]));

        String[] evaluated = FUN_OUTPUT.get(1);
        Term anonymous = RuntimeTerms.fromExternalFormat(Base64.getDecoder().decode(evaluated[3]));
        assertThat(TermSyntax.ERLANG.format(anonymous)).isEqualTo(RuntimeTerms.decode64(evaluated[2]));
    }
}

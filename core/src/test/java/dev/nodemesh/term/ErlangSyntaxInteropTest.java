package dev.nodemesh.term;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import java.io.IOException;
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
 * Compares {@link TermSyntax#ERLANG} with a real OTP 25: every literal of
 * {@code erlang-literals.txt} is evaluated by {@code erl} and printed with
 * {@code io_lib:format("~1000000tp")} (the {@code ~tp} of a default runtime, without line breaks),
 * and must format the same after our parser read it. One VM runs for the whole class.
 */
@Interop
class ErlangSyntaxInteropTest {

    private static final String SCRIPT =
            """
            Emit = fun(Kind, Parts) ->
                io:format("~s~n", [lists:join(" ", [Kind | [base64:encode(P) || P <- Parts]])])
            end,
            Tp = fun(T) -> unicode:characters_to_binary(io_lib:format("~1000000tp", [T])) end,
            Eval = fun(Text) ->
                {ok, Tokens, _} = erl_scan:string(Text ++ "."),
                {ok, Exprs} = erl_parse:parse_exprs(Tokens),
                {value, V, _} = erl_eval:exprs(Exprs, []),
                V
            end,
            {ok, Literals} = file:read_file("@LITERALS@"),
            lists:foreach(
                fun(Line) -> Emit("literal", [Tp(Eval(unicode:characters_to_list(base64:decode(Line))))]) end,
                binary:split(Literals, <<"\\n">>, [global, trim_all])),
            {ok, Floats} = file:read_file("@FLOATS@"),
            lists:foreach(
                fun(Line) -> <<F/float>> = <<(binary_to_integer(Line)):64>>, Emit("float", [Tp(F)]) end,
                binary:split(Floats, <<"\\n">>, [global, trim_all])),
            lists:foreach(
                fun(T) -> Emit("runtime", [Tp(T), term_to_binary(T)]) end,
                [self(), spawn(fun() -> ok end), make_ref(), hd(erlang:ports()), fun lists:map/2,
                 fun(X) -> X end])
            """;

    @TempDir
    static Path dir;

    private static List<String> literals;
    private static List<Double> floats;
    private static final List<String> LITERAL_OUTPUT = new ArrayList<>();
    private static final List<String> FLOAT_OUTPUT = new ArrayList<>();
    private static final List<String[]> RUNTIME_OUTPUT = new ArrayList<>();

    @BeforeAll
    static void runErl() throws IOException {
        literals = ElixirSyntaxInteropTest.corpus("erlang-literals.txt");
        floats = RuntimeTerms.floatSample();
        Path literalFile = dir.resolve("literals.txt");
        Path floatFile = dir.resolve("floats.txt");
        Files.write(literalFile, literals.stream().map(RuntimeTerms::encode64).toList());
        Files.write(
                floatFile,
                floats.stream()
                        .map(d -> Long.toString(Double.doubleToRawLongBits(d)))
                        .toList());
        String out = ErlangRuntime.eval(
                SCRIPT.replace("@LITERALS@", literalFile.toString()).replace("@FLOATS@", floatFile.toString()));
        for (String line : out.split("\n")) {
            String[] parts = line.split(" ");
            switch (parts[0]) {
                case "literal" -> LITERAL_OUTPUT.add(RuntimeTerms.decode64(parts[1]));
                case "float" -> FLOAT_OUTPUT.add(RuntimeTerms.decode64(parts[1]));
                case "runtime" -> RUNTIME_OUTPUT.add(parts);
                default -> throw new AssertionError("unexpected output line: " + line);
            }
        }
        assertThat(LITERAL_OUTPUT).hasSameSizeAs(literals);
        assertThat(FLOAT_OUTPUT).hasSameSizeAs(floats);
    }

    @Test
    void everyLiteralFormatsAsIoLibPrintsIt() {
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < literals.size(); i++) {
            String literal = literals.get(i);
            String ours = TermSyntax.ERLANG.format(TermSyntax.ERLANG.parse(literal));
            String erl = LITERAL_OUTPUT.get(i);
            if (literal.startsWith("fun ") && !isAscii(literal)) {
                // erl writes the UTF-8 bytes of a fun's names as Latin-1 characters; we write the names
                softly.assertThat(erl).as(literal).isEqualTo(utf8AsLatin1(ours));
            } else {
                softly.assertThat(ours).as(literal).isEqualTo(erl);
            }
        }
        softly.assertAll();
    }

    @Test
    void erlOutputParsesBackToTheSameTerm() {
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < literals.size(); i++) {
            String literal = literals.get(i);
            if (literal.startsWith("fun ") && !isAscii(literal)) {
                continue;
            }
            softly.assertThat(TermSyntax.ERLANG.parse(LITERAL_OUTPUT.get(i)))
                    .as(literal)
                    .isEqualTo(TermSyntax.ERLANG.parse(literal));
        }
        softly.assertAll();
    }

    @Test
    void floatsFormatAsErlPrintsThem() {
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < floats.size(); i++) {
            Float64 f = Float64.of(floats.get(i));
            softly.assertThat(TermSyntax.ERLANG.format(f))
                    .as("bits %x", Double.doubleToRawLongBits(f.value()))
                    .isEqualTo(FLOAT_OUTPUT.get(i));
        }
        softly.assertAll();
    }

    @Test
    void pidsReferencesPortsAndFunsFormatAsErlPrintsThem() {
        assertThat(RUNTIME_OUTPUT).hasSize(6);
        for (String[] parts : RUNTIME_OUTPUT) {
            Term term = RuntimeTerms.fromExternalFormat(Base64.getDecoder().decode(parts[2]));
            assertThat(TermSyntax.ERLANG.format(term)).isEqualTo(RuntimeTerms.decode64(parts[1]));
        }
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    private static String utf8AsLatin1(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}

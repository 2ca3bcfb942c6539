package dev.nodemesh.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@Interop
class ErlLauncherTest {

    @Test
    void anErlNodeGetsItsNameCookieAndNoEpmdOfItsOwn() {
        List<String> command = ErlLauncher.erl()
                .name("dale@localhost")
                .cookie("secret")
                .erlFlags("-noshell", "-hidden")
                .eval("halt().")
                .commandLine();

        assertThat(command.get(0)).endsWith("erl");
        assertThat(command.subList(1, command.size()))
                .containsExactly(
                        "-sname",
                        "dale@localhost",
                        "-setcookie",
                        "secret",
                        "-start_epmd",
                        "false",
                        "-noshell",
                        "-hidden",
                        "-eval",
                        "halt().");
    }

    @Test
    void elixirGetsItsEmulatorFlagsInOneErlArgument() {
        List<String> command = ErlLauncher.elixir()
                .name("chip@localhost")
                .cookie("secret")
                .erlFlags("-kernel", "inet_dist_use_interface", "{127,0,0,1}")
                .eval("IO.puts(1)")
                .commandLine();

        assertThat(command.subList(1, command.size()))
                .containsExactly(
                        "--sname",
                        "chip@localhost",
                        "--cookie",
                        "secret",
                        "--erl",
                        "-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}",
                        "-e",
                        "IO.puts(1)");
    }

    @Test
    void otherCommandsTakeNoNodeSettings() {
        ErlLauncher epmd = ErlLauncher.command(List.of("epmd", "-names"));

        assertThat(epmd.commandLine()).containsExactly("epmd", "-names");
        assertThatThrownBy(() -> epmd.name("x@localhost")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> epmd.epmdPort(4369)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingKillsTheNodeAndWaitsForIt() {
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessHandle handle;
        try (ExternalProcess erl = ErlLauncher.erl()
                .withoutEpmd()
                .erlFlags("-noshell", "-noinput")
                .eval("io:format(\"up~n\"), receive after infinity -> ok end.")
                .mergeStderr()
                .start()) {
            erl.readLines(lines::add);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> lines.contains("up"));
            handle = erl.process().toHandle();
        }
        assertThat(handle.isAlive()).isFalse();
    }

    @Test
    void runReturnsStandardOutputAndFailsOnAnError() {
        assertThat(ErlLauncher.erl().runExpressions("io:format(\"~p\", [6 * 7])"))
                .isEqualTo("42");
        assertThatThrownBy(() -> ErlLauncher.erl().runExpressions("error(boom)"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("boom");
    }
}

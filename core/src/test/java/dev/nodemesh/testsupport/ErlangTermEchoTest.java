package dev.nodemesh.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@Interop
class ErlangTermEchoTest {

    @Test
    void realErlReEncodesAnAtomWithUtf8Tags() {
        try (ErlangTermEcho echo = ErlangTermEcho.start()) {
            // ATOM_EXT 'ok' comes back as SMALL_ATOM_UTF8_EXT under minor_version 2
            byte[] answer = echo.roundTrip(new byte[] {(byte) 131, 100, 0, 2, 'o', 'k'});
            assertThat(answer).containsExactly(131, 119, 2, 'o', 'k');
        }
    }

    @Test
    void evalReturnsWhatErlPrints() {
        assertThat(ErlangRuntime.eval("io:format(\"~w\", [term_to_binary(42)])"))
                .isEqualTo("<<131,97,42>>");
    }
}

package dev.nodemesh.term.etf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodemesh.term.etf.GoldenCorpus.Entry;
import dev.nodemesh.testsupport.ErlangRuntime;
import dev.nodemesh.testsupport.Interop;
import io.netty.buffer.ByteBufUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Re-runs the corpus generator on the installed OTP and checks the committed corpus is current:
 * every stable entry must have the same bytes, and the volatile entries must still be there.
 * Skipped without {@code erl}, failed on CI without it.
 */
@Interop
class EtfCorpusGeneratorTest {

    @Test
    void committedCorpusMatchesWhatTheGeneratorWritesNow() {
        Path erl = ErlangRuntime.requireErl();
        Path escript = erl.resolveSibling("escript");
        assertThat(Files.isExecutable(escript)).as("escript next to %s", erl).isTrue();
        assertThat(GoldenCorpus.SCRIPT).exists();

        String output =
                ErlangRuntime.run(List.of(escript.toString(), GoldenCorpus.SCRIPT.toString()), Duration.ofSeconds(60));
        Map<String, Entry> fresh = GoldenCorpus.parse(output);
        Map<String, Entry> committed = GoldenCorpus.load();

        assertThat(fresh.keySet())
                .as(
                        "labels; regenerate with: escript %s > src/test/resources%s",
                        GoldenCorpus.SCRIPT, GoldenCorpus.RESOURCE)
                .containsExactlyElementsOf(committed.keySet());
        for (Entry now : fresh.values()) {
            Entry then = committed.get(now.label());
            assertThat(now.encode()).as("mode of %s", now.label()).isEqualTo(then.encode());
            assertThat(now.stable()).as("stability of %s", now.label()).isEqualTo(then.stable());
            if (now.stable()) {
                assertThat(ByteBufUtil.hexDump(now.bytes()))
                        .as("bytes of %s", now.label())
                        .isEqualTo(ByteBufUtil.hexDump(then.bytes()));
                assertThat(now.canonical())
                        .as("canonical bytes of %s", now.label())
                        .isEqualTo(then.canonical());
            }
        }
    }
}

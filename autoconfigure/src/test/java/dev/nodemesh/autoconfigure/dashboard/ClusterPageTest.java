package dev.nodemesh.autoconfigure.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The page's Content-Security-Policy allows exactly its own script. */
class ClusterPageTest {

    @Test
    void theHashShouldBeThatOfTheScript() {
        ClusterPage page = ClusterPage.of(
                "<meta content=\"script-src '" + ClusterPage.SCRIPT_HASH + "'\"><script>alert(1)</script>");

        // printf 'alert(1)' | openssl dgst -sha256 -binary | base64
        assertThat(page.html()).contains("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
    }

    @Test
    void theShippedPageShouldCarryItsScriptsHash() {
        assertThat(ClusterPage.load().html()).containsPattern("script-src 'sha256-[A-Za-z0-9+/]{43}='");
    }

    @Test
    void aPageWithoutScriptOrPlaceholderShouldBeRefused() {
        assertThatThrownBy(() -> ClusterPage.of("<p>no script</p>")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ClusterPage.of("<script>x</script>")).isInstanceOf(IllegalStateException.class);
    }
}

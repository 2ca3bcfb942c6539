package dev.nodemesh.testsupport;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * The jqwik counterpart of {@link ErlangRuntime#requireErl()} for a whole container: skips its
 * properties when {@code erl} is not installed, except on CI ({@code CI=true}), where they run
 * and fail. (An assumption aborted in a jqwik lifecycle method counts as an error, not a skip.)
 *
 * <pre>{@code
 * @AddLifecycleHook(SkipWithoutErl.class)
 * class MyInteropProperties { ... }
 * }</pre>
 */
public final class SkipWithoutErl implements SkipExecutionHook {

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        if (ErlangRuntime.isCi() || ErlangRuntime.findOnPath("erl").isPresent()) {
            return SkipResult.doNotSkip();
        }
        return SkipResult.skip("'erl' is not on the PATH: this interop test needs a real Erlang/OTP 25+ runtime."
                + " Install it with: apt-get install -y erlang-nox");
    }
}

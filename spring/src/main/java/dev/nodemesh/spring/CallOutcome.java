package dev.nodemesh.spring;

import dev.nodemesh.CallException;
import dev.nodemesh.CallTimeoutException;
import dev.nodemesh.term.Atom;
import java.util.concurrent.CompletionException;

/** How a {@link NodeTemplate} call ended, the {@code outcome} tag of its observation. */
enum CallOutcome {
    SUCCESS,
    TIMEOUT,
    NOPROC,
    NOCONNECTION,
    ERROR;

    private static final Atom NOPROC_REASON = Atom.of("noproc");
    private static final Atom NOCONNECTION_REASON = Atom.of("noconnection");

    /** The tag value: the lower-case name. */
    String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The outcome of a call that failed (or, for null, succeeded). */
    static CallOutcome of(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause == null) {
            return SUCCESS;
        }
        if (cause instanceof CallTimeoutException) {
            return TIMEOUT;
        }
        if (cause instanceof CallException call) {
            if (NOPROC_REASON.equals(call.reason())) {
                return NOPROC;
            }
            if (NOCONNECTION_REASON.equals(call.reason())) {
                return NOCONNECTION;
            }
        }
        return ERROR;
    }
}

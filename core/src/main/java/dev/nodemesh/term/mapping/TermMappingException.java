package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Term;

/**
 * Thrown when a value cannot be mapped: a term that does not fit the requested Java type, a Java
 * value that has no term form, or a Java type the mapper cannot handle.
 *
 * <p>The message is {@code path: reason}, for instance {@code greeting.count: expected integer,
 * got "three"}. The {@link #path() path} leads from the value passed to the mapper to the
 * offending part: record components by Java name ({@code greeting.count}), list and array
 * elements by index ({@code items[2]}), map values by key ({@code scores["bob"]}, {@code
 * opts[:limit]}), and a map key itself as {@code [key]}. It is empty when the top-level value is
 * at fault; the message is then just the reason.
 */
public final class TermMappingException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final int LONGEST_PATH_SHOWN = 160;

    /** Where the failure is; empty for the top level. */
    private final String path;

    /** What went wrong, without the path. */
    private final String reason;

    /**
     * Creates an exception at the top level; converters throw this and the mapper adds the path.
     *
     * @param reason what went wrong, such as {@code expected ISO-8601 date, got 42}
     */
    public TermMappingException(String reason) {
        this("", reason, null);
    }

    /**
     * Creates an exception at the top level with a cause.
     *
     * @param reason what went wrong
     * @param cause the underlying failure
     */
    public TermMappingException(String reason, Throwable cause) {
        this("", reason, cause);
    }

    TermMappingException(String path, String reason, Throwable cause) {
        super(message(path, reason), cause);
        this.path = path;
        this.reason = reason;
    }

    /**
     * Returns an exception saying what was expected and which term came instead: {@code expected
     * <what>, got <term>}.
     *
     * @param what the expected shape, such as {@code "integer"} or {@code "ISO-8601 date"}
     * @param got the term that did not fit
     * @return the exception, to throw
     */
    public static TermMappingException expected(String what, Term got) {
        return new TermMappingException("expected " + what + ", got " + Render.value(got));
    }

    /**
     * Returns where the failure is, relative to the value given to the mapper.
     *
     * @return the path, such as {@code items[2].name}; empty for the top level
     */
    public String path() {
        return path;
    }

    /**
     * Returns what went wrong, without the path.
     *
     * @return the reason, such as {@code expected integer, got "three"}
     */
    public String reason() {
        return reason;
    }

    private static String message(String path, String reason) {
        if (path.isEmpty()) {
            return reason;
        }
        if (path.length() <= LONGEST_PATH_SHOWN) {
            return path + ": " + reason;
        }
        int half = LONGEST_PATH_SHOWN / 2;
        return path.substring(0, half) + "..." + path.substring(path.length() - half) + ": " + reason;
    }
}

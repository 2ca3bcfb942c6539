package dev.nodemesh.term.mapping;

import dev.nodemesh.term.Term;
import java.util.Arrays;

/**
 * The state of one mapping call: where in the value it is (for error paths), how deep, and
 * whether a miss throws or only reports {@link #MISS}.
 *
 * <p>The path is kept as a stack of labels and turned into text only when a failure is
 * reported, so a successful call, and a miss while probing, never build a string.
 */
final class Cursor {

    /** Returned by decoders, while probing, for a term that does not fit. */
    static final Object MISS = new Object() {
        @Override
        public String toString() {
            return "MISS";
        }
    };

    private static final Object MAP_KEY = new Object();
    private static final Object[] NO_LABELS = new Object[0];
    private static final int[] NO_INDICES = new int[0];

    private final boolean probing;
    private final boolean encoding;
    private final int maxDepth;
    private int depth;
    private Object[] labels = NO_LABELS;
    private int[] indices = NO_INDICES;

    private Cursor(boolean probing, boolean encoding, int maxDepth) {
        this.probing = probing;
        this.encoding = encoding;
        this.maxDepth = maxDepth;
    }

    static Cursor encoding(int maxDepth) {
        return new Cursor(false, true, maxDepth);
    }

    static Cursor decoding(int maxDepth) {
        return new Cursor(false, false, maxDepth);
    }

    static Cursor probing(int maxDepth) {
        return new Cursor(true, false, maxDepth);
    }

    boolean isProbing() {
        return probing;
    }

    /**
     * Returns a probing cursor for trying one candidate type at the current position: it may go
     * as deep as this cursor still may, and reports a miss as {@link #MISS}.
     */
    Cursor probeHere() {
        return new Cursor(true, encoding, Math.max(1, maxDepth - depth));
    }

    /** Steps into a record component. */
    void enterField(String name) {
        push(name, -1);
    }

    /** Steps into a list, array or tuple element. */
    void enterIndex(int index) {
        push(null, index);
    }

    /** Steps into the value under a map key. */
    void enterValue(Term key) {
        push(key, -1);
    }

    /** Steps into a map key. */
    void enterKey() {
        push(MAP_KEY, -1);
    }

    void leave() {
        depth--;
    }

    private void push(Object label, int index) {
        if (depth >= maxDepth) {
            throw tooDeep();
        }
        if (depth == labels.length) {
            int size = Math.max(8, depth * 2);
            labels = Arrays.copyOf(labels, size);
            indices = Arrays.copyOf(indices, size);
        }
        labels[depth] = label;
        indices[depth] = index;
        depth++;
    }

    private RuntimeException tooDeep() {
        if (probing) {
            return TooDeep.INSTANCE;
        }
        String reason = "nested deeper than " + maxDepth + " levels";
        return error(encoding ? reason + "; is there a cycle in the object graph?" : reason);
    }

    /** Reports a term that does not fit: {@code expected <expected>, got <term>}. */
    Object mismatch(String expected, Term got) {
        if (probing) {
            return MISS;
        }
        throw new TermMappingException(path(), "expected " + expected + ", got " + Render.value(got), null);
    }

    /** Reports a failure with a reason of its own. */
    Object fail(String reason, Throwable cause) {
        if (probing) {
            return MISS;
        }
        throw new TermMappingException(path(), reason, cause);
    }

    /** Reports a failure thrown below this point (by a converter), adding the path so far. */
    Object rethrow(TermMappingException inner) {
        if (probing) {
            return MISS;
        }
        throw relocate(inner);
    }

    /** Returns an exception at the current path, for failures that do not depend on probing. */
    TermMappingException error(String reason) {
        return new TermMappingException(path(), reason, null);
    }

    TermMappingException error(String reason, Throwable cause) {
        return new TermMappingException(path(), reason, cause);
    }

    /** Moves an exception whose path is relative to the current position to the full path. */
    TermMappingException relocate(TermMappingException inner) {
        String here = path();
        String below = inner.path();
        String full;
        if (below.isEmpty()) {
            full = here;
        } else if (here.isEmpty() || below.startsWith("[")) {
            full = here + below;
        } else {
            full = here + "." + below;
        }
        return new TermMappingException(full, inner.reason(), inner);
    }

    String path() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            Object label = labels[i];
            if (label instanceof String name) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(name);
            } else if (label instanceof Term key) {
                out.append('[').append(Render.key(key)).append(']');
            } else if (label == MAP_KEY) {
                out.append("[key]");
            } else {
                out.append('[').append(indices[i]).append(']');
            }
        }
        return out.toString();
    }

    /** Unwinds a probe that went too deep; carries no stack trace and no message. */
    static final class TooDeep extends RuntimeException {

        private static final long serialVersionUID = 1L;
        static final TooDeep INSTANCE = new TooDeep();

        private TooDeep() {
            super(null, null, false, false);
        }
    }
}

package dev.nodemesh.term;

/**
 * Thrown when text is not a well-formed term literal. The message says what was expected and
 * where; {@link #position()} gives the offending character's index.
 */
public final class TermSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;

    /**
     * Creates the exception.
     *
     * @param message what was expected and what was found
     * @param position zero-based index into the parsed text
     */
    public TermSyntaxException(String message, int position) {
        super(message + " at position " + position);
        this.position = position;
    }

    /**
     * Returns the index of the character where parsing failed.
     *
     * @return zero-based position
     */
    public int position() {
        return position;
    }
}

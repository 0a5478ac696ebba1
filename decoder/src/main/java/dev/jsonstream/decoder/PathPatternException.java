package dev.jsonstream.decoder;

/** A path pattern that cannot be compiled: which pattern, at which character, and why. */
public final class PathPatternException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The pattern as written. */
    private final String pattern;
    /** The index of the offending character in {@link #pattern}. */
    private final int index;
    /** Why the pattern is not valid. */
    private final String reason;

    PathPatternException(String pattern, int index, String reason) {
        super("invalid path pattern \"" + pattern + "\" at index " + index + ": " + reason);
        this.pattern = pattern;
        this.index = index;
        this.reason = reason;
    }

    /**
     * The pattern that cannot be compiled.
     *
     * @return the pattern exactly as given to {@link PathPattern#compile(String)}
     */
    public String pattern() {
        return pattern;
    }

    /**
     * The index of the offending character in {@link #pattern()}.
     *
     * @return the index from 0, in {@code char}s
     */
    public int index() {
        return index;
    }

    /**
     * Why the pattern is not valid, without the pattern or the index (the message has all three).
     *
     * @return the reason in a few words, e.g. "'**' right after '**' is redundant"
     */
    public String reason() {
        return reason;
    }
}

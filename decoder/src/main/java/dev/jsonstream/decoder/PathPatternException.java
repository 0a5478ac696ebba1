package dev.jsonstream.decoder;

/** A path pattern that cannot be compiled: which pattern, at which character, and why. */
public final class PathPatternException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String pattern;
    private final int index;
    private final String reason;

    PathPatternException(String pattern, int index, String reason) {
        super("invalid path pattern \"" + pattern + "\" at index " + index + ": " + reason);
        this.pattern = pattern;
        this.index = index;
        this.reason = reason;
    }

    public String pattern() {
        return pattern;
    }

    /** The index of the offending character in {@link #pattern()}. */
    public int index() {
        return index;
    }

    public String reason() {
        return reason;
    }
}

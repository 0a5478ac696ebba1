package dev.jsonstream.decoder;

/**
 * The limits a decoder enforces, each with its configuration name and its default. An error names the limit in
 * {@link JsonDecodeException#limit()} and says what went over it in plain words ("nesting deeper than 64 levels"),
 * without the configuration name: a program may have set the limit under another name (a command-line option, a
 * server setting), and it can add that itself.
 *
 * <p>Why the defaults are what they are: the decoder's memory is bounded by the depth (one path frame per level),
 * the longest string, name and number (Jackson buffers one whole token before it is delivered), and nothing else.
 * So those four have finite defaults, as have the two that bound a value a {@link Selection} holds whole; the
 * counts over the whole input (bytes, tokens, root values) cost time, not memory, and default to unlimited: a
 * streaming decoder exists to take bodies of any size. Servers set the counts for themselves.
 */
public enum Limit {
    /** Bytes of input, counted from the first byte (a BOM included). Default: unlimited. */
    MAX_INPUT_BYTES("maxInputBytes", Long.MAX_VALUE, "an input longer than", "byte", "bytes"),
    /** Open objects and arrays at once; a top-level container is depth 1. Default: 1000 (Jackson's). */
    MAX_DEPTH("maxDepth", 1000, "nesting deeper than", "level", "levels"),
    /**
     * Characters (UTF-16 units) of one decoded string value. Default: 5,000,000, about 10 MB of heap while it is
     * delivered; Jackson checks the same limit while the string is still arriving, so a longer one is refused
     * within one text-buffer segment of the limit, not after it has all been held.
     */
    MAX_STRING_LENGTH("maxStringLength", 5_000_000, "a string longer than", "character", "characters"),
    /**
     * Digits of one number: integer, fraction and exponent digits, not the signs, point or exponent marker (Jackson's
     * count, which it checks while the number arrives). Default: 1000 (Jackson's).
     */
    MAX_NUMBER_LENGTH("maxNumberLength", 1000, "a number with more than", "digit", "digits"),
    /** Characters (UTF-16 units) of one decoded member name. Default: 50,000 (Jackson's). */
    MAX_NAME_LENGTH("maxNameLength", 50_000, "a member name longer than", "character", "characters"),
    /** Tokens of input (every kind but END_ROOT). Default: unlimited. */
    MAX_TOKENS("maxTokens", Long.MAX_VALUE, "more than", "token", "tokens"),
    /** Root values; meaningful in the sequence framings. Default: unlimited. */
    MAX_ROOT_VALUES("maxRootValues", Long.MAX_VALUE, "more than", "top-level value", "top-level values"),
    /**
     * Bytes of one value a {@link Selection} captures (as written in the input), whatever its form. Default: 16 MiB,
     * since a captured value is held whole; checked as the value arrives, at every buffer.
     */
    MAX_CAPTURE_BYTES("maxCaptureBytes", 16L << 20, "a selected value longer than", "byte", "bytes"),
    /** Tokens of one value a {@link Selection} captures. Default: 1,000,000. */
    MAX_CAPTURE_TOKENS("maxCaptureTokens", 1_000_000, "a selected value of more than", "token", "tokens");

    private final String configName;
    private final long defaultValue;
    /** The words of {@link #excess}: what goes over the limit, and the unit counted, singular and plural. */
    private final String over;
    private final String unitOne;
    private final String unit;

    Limit(String configName, long defaultValue, String over, String unitOne, String unit) {
        this.configName = configName;
        this.defaultValue = defaultValue;
        this.over = over;
        this.unitOne = unitOne;
        this.unit = unit;
    }

    /**
     * The name used in configuration, e.g. {@code maxDepth}; not in error details (see the class comment).
     *
     * @return the constant's name in lower camel case, as the HTTP adapter's problem responses give it
     */
    public String configName() {
        return configName;
    }

    /**
     * The value a {@link DecodeLimits#defaults()} has for this limit.
     *
     * @return the default in this limit's {@link #unit()}; {@code Long.MAX_VALUE} for unlimited
     */
    public long defaultValue() {
        return defaultValue;
    }

    /**
     * What the limit counts, in words.
     *
     * @return the plural, in English: "bytes", "levels", "characters", "digits", "tokens" or "top-level values"
     */
    public String unit() {
        return unit;
    }

    /**
     * What goes over this limit at {@code value}, in the words of an error's detail: "a string longer than 1000
     * characters". Says neither the configuration name nor how to raise it: that depends on who configured it
     * (a program, a command-line option, a server setting), so whoever reports the error may add it.
     */
    String excess(long value) {
        return over + " " + value + " " + (value == 1 ? unitOne : unit);
    }
}

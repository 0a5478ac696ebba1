package dev.jsonstream.decoder;

/**
 * The one exception for bad input: what was wrong ({@link #kind()}, {@link #detail()}, and for limits
 * {@link #limit()} and {@link #limitValue()}) and where ({@link #byteOffset()}, {@link #line()},
 * {@link #column()}, {@link #pointer()}).
 *
 * <p>Offsets count bytes from the first byte of the input, a UTF-8 BOM included. Lines are counted by LF
 * bytes from 1 (CR alone does not start a line; CRLF is one line break); columns count bytes from 1 after the
 * last LF. The pointer (RFC 6901) names the value being decoded when the error was found. The message quotes
 * at most a short, escaped excerpt of the input, never more.
 */
public final class JsonDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The class of problem, as {@link #kind()} gives it. */
    private final ErrorKind kind;
    /** What was wrong, without the location, as {@link #detail()} gives it. */
    private final String detail;
    private final transient Limit limit;
    /** The configured value of the limit exceeded, or -1. */
    private final long limitValue;
    /** Where the problem was found: 0-based offset in bytes from the first byte of the input. */
    private final long byteOffset;
    /** The 1-based line of {@link #byteOffset}, counted by LF. */
    private final long line;
    /** The 1-based column of {@link #byteOffset}, in bytes. */
    private final long column;
    /** The JSON Pointer of the value being decoded; empty for the root. */
    private final String pointer;

    JsonDecodeException(ErrorKind kind, String detail, Limit limit, long limitValue, long byteOffset, long line,
            long column, String pointer, Throwable cause) {
        super(format(detail, byteOffset, line, column, pointer), cause, false, true);
        this.kind = kind;
        this.detail = detail;
        this.limit = limit;
        this.limitValue = limitValue;
        this.byteOffset = byteOffset;
        this.line = line;
        this.column = column;
        this.pointer = pointer;
    }

    private static String format(String detail, long offset, long line, long column, String pointer) {
        return detail + " at line " + line + ", column " + column + " (byte " + offset + "), at "
                + (pointer.isEmpty() ? "(root)" : pointer);
    }

    /**
     * What class of problem this is: syntax, a limit, input cut short, or an encoding other than UTF-8.
     *
     * @return the kind, never null
     */
    public ErrorKind kind() {
        return kind;
    }

    /**
     * What was wrong, in one sentence, without the location: in JSON's terms, what was found where something else
     * was expected ("expected ',' or ']' after an array element, found '}'"), or for a limit what went over it
     * ("nesting deeper than 64 levels"). Never the parser's or the configuration's names.
     *
     * @return the sentence; {@link #getMessage()} is the same with the line, column, byte offset and pointer added
     */
    public String detail() {
        return detail;
    }

    /**
     * The limit exceeded, for {@link ErrorKind#LIMIT_EXCEEDED}; otherwise null.
     *
     * @return the limit, or null: for the other kinds, and after deserialization (the limit is not serialized,
     *     though {@link #limitValue()} is)
     */
    public Limit limit() {
        return limit;
    }

    /**
     * The configured value of {@link #limit()}, or -1 when there is none.
     *
     * @return the value in the limit's {@link Limit#unit() unit}, or -1
     */
    public long limitValue() {
        return limitValue;
    }

    /**
     * Byte offset (0-based, from the first byte of the input) where the problem was found.
     *
     * @return the offset in bytes, a BOM counted; for a token that breaks a rule as a whole (too long, too deep),
     *     its first byte
     */
    public long byteOffset() {
        return byteOffset;
    }

    /**
     * Line (1-based, by LF) of {@link #byteOffset()}.
     *
     * @return the line number, from 1; a CR alone does not start a line
     */
    public long line() {
        return line;
    }

    /**
     * Column (1-based, in bytes) of {@link #byteOffset()}.
     *
     * @return the column, from 1 after the last LF, counting bytes: a character of several bytes counts for each
     */
    public long column() {
        return column;
    }

    /**
     * JSON Pointer (RFC 6901) of the value being decoded; empty for the root.
     *
     * @return the pointer, never null
     */
    public String pointer() {
        return pointer;
    }
}

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

    private final ErrorKind kind;
    private final String detail;
    private final transient Limit limit;
    private final long limitValue;
    private final long byteOffset;
    private final long line;
    private final long column;
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

    public ErrorKind kind() {
        return kind;
    }

    /**
     * What was wrong, in one sentence, without the location: in JSON's terms, what was found where something else
     * was expected ("expected ',' or ']' after an array element, found '}'"), or for a limit what went over it
     * ("nesting deeper than 64 levels"). Never the parser's or the configuration's names.
     */
    public String detail() {
        return detail;
    }

    /** The limit exceeded, for {@link ErrorKind#LIMIT_EXCEEDED}; otherwise null. */
    public Limit limit() {
        return limit;
    }

    /** The configured value of {@link #limit()}, or -1 when there is none. */
    public long limitValue() {
        return limitValue;
    }

    /** Byte offset (0-based, from the first byte of the input) where the problem was found. */
    public long byteOffset() {
        return byteOffset;
    }

    /** Line (1-based, by LF) of {@link #byteOffset()}. */
    public long line() {
        return line;
    }

    /** Column (1-based, in bytes) of {@link #byteOffset()}. */
    public long column() {
        return column;
    }

    /** JSON Pointer (RFC 6901) of the value being decoded; empty for the root. */
    public String pointer() {
        return pointer;
    }
}

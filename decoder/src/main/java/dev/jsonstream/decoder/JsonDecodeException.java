package dev.jsonstream.decoder;

/**
 * The one exception for bad input: what was wrong ({@link #kind()}, {@link #detail()}, and for limits
 * {@link #limit()} and {@link #limitValue()}) and where ({@link #byteOffset()}, {@link #line()},
 * {@link #column()}, {@link #pointer()}).
 *
 * <p>Offsets count bytes from the first byte of the input, a UTF-8 BOM included. Lines are counted by LF
 * bytes from 1 (CR alone does not start a line; CRLF is one line break); columns count bytes from 1 after the
 * last LF. The pointer (RFC 6901) names the value being decoded when the error was found. The message quotes
 * at most a short, escaped excerpt of the input, never more, and shows the pointer through {@link #escapeControls}:
 * a member name is chosen by whoever sent the input, and raw it could add lines to a log.
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
        // suppression on: a caller may add why the input stopped (a client's broken connection, say)
        super(format(detail, byteOffset, line, column, pointer), cause, true, true);
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
                + (pointer.isEmpty() ? "(root)" : escapeControls(pointer));
    }

    /**
     * Text from the input (a pointer, a member name) made safe for one line of a message or a log, as
     * {@link #getMessage()} shows the pointer: escaped as in a JSON string, so that no character of it can end the
     * line or pass for another. A backslash becomes {@code \\}; LF, CR, tab, backspace and form feed become
     * {@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \f}; the other control characters (U+0000 to U+001F,
     * U+007F to U+009F) and the line and paragraph separators U+2028 and U+2029 become {@code \}{@code u} and four
     * hex digits (U+0085 as {@code \}{@code u0085}). Every other character, non-ASCII letters included, stays as it
     * is.
     *
     * @param text the text, such as {@link #pointer()} or {@code Match.pointer()}
     * @return the text escaped; the same String when nothing needed escaping
     */
    public static String escapeControls(String text) {
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (needsEscape(c)) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '\\' || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
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

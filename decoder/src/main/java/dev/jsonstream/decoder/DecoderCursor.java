package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * The flyweight handed to the handler: the token being delivered, read from the parser and the path on demand. Valid
 * only during the callback; offsets and lines are computed on first use.
 */
final class DecoderCursor implements TokenCursor, CharSequence {
    private static final TokenKind[] KINDS = TokenKind.values();

    private final TokenPump pump;
    private final ParserFeed feed;
    private final JsonParser parser;
    private final PathStack path;
    private final LineIndex lines;
    private final Region region;
    private final FramingRules framing;

    private boolean valid;
    /**
     * The token's kind. Set for every token, so kept a primitive: reference stores cost a GC write barrier each,
     * which showed in profiles of number-heavy input.
     */
    int kindOrdinal = -1;
    private int depth;
    private int pointerFrames;
    /** Start and end offsets, computed on first use for this token (-1 until then). */
    private long start = -1;
    private long end = -1;
    /** End offset of the last token delivered; kept after the callback for a paused feed's count. */
    long lastEnd;

    DecoderCursor(TokenPump pump, ParserFeed feed, PathStack path, LineIndex lines, Region region,
            FramingRules framing) {
        this.pump = pump;
        this.feed = feed;
        this.parser = feed.parser;
        this.path = path;
        this.lines = lines;
        this.region = region;
        this.framing = framing;
    }

    void point(int kindOrdinal, int depth, int pointerFrames) {
        this.kindOrdinal = kindOrdinal;
        this.depth = depth;
        this.pointerFrames = pointerFrames;
        this.start = -1;
        this.end = -1;
        this.valid = true;
    }

    void invalidate() {
        valid = false;
    }

    /** The cursor stays on the token last delivered, for a binder's match that ends on it (see TokenPump.pull). */
    void revalidate() {
        valid = true;
    }

    /** The handler paused on this token: its end is where a paused feed's count stops. */
    void rememberEnd() {
        lastEnd = endByteOffset0();
    }

    private void check() {
        if (!valid) {
            throw new IllegalStateException("this cursor was used after its callback returned;"
                    + " copy what you need during the callback");
        }
    }

    @Override
    public TokenKind kind() {
        check();
        return k();
    }

    private TokenKind k() {
        return KINDS[kindOrdinal];
    }

    @Override
    public int depth() {
        check();
        return depth;
    }

    @Override
    public String fieldName() {
        check();
        if (k() == TokenKind.END_ROOT) {
            return null;
        }
        return path.nameAt(pointerFrames);
    }

    @Override
    public int arrayIndex() {
        check();
        if (k() == TokenKind.END_ROOT || k() == TokenKind.FIELD_NAME) {
            return -1;
        }
        return path.indexAt(pointerFrames);
    }

    @Override
    public String pointer() {
        check();
        return path.pointer(pointerFrames, false);
    }

    @Override
    public void appendPointer(StringBuilder out) {
        check();
        path.appendPointer(out, pointerFrames, false);
    }

    @Override
    public long rootIndex() {
        check();
        return pump.rootCount() - 1;
    }

    @Override
    public String text() {
        check();
        switch (k()) {
            case FIELD_NAME:
                return feed.currentName();
            case STRING:
            case INT:
            case FLOAT:
                try {
                    return parser.getText();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            case TRUE:
                return "true";
            case FALSE:
                return "false";
            case NULL:
                return "null";
            default:
                return null;
        }
    }

    @Override
    public CharSequence textChars() {
        check();
        return k() == TokenKind.FIELD_NAME ? feed.currentName() : this;
    }

    @Override
    public String numberText() {
        check();
        requireNumber();
        return text();
    }

    private void requireNumber() {
        if (!k().isNumber()) {
            throw new IllegalStateException("not a number: " + k());
        }
    }

    private void requireInt() {
        if (k() != TokenKind.INT) {
            throw new IllegalStateException("not an INT: " + k());
        }
    }

    @Override
    public boolean fitsInLong() {
        check();
        if (k() != TokenKind.INT) {
            return false;
        }
        return intFitsInLong();
    }

    /** Whether the current INT token fits a long (Jackson's number type says, without parsing it twice). */
    private boolean intFitsInLong() {
        try {
            JsonParser.NumberType nt = parser.getNumberType();
            return nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long longValue() {
        check();
        requireInt();
        if (!intFitsInLong()) {
            throw new ArithmeticException("integer out of long range: " + text());
        }
        try {
            return parser.getLongValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public BigInteger bigIntegerValue() {
        check();
        requireInt();
        try {
            return parser.getBigIntegerValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public BigDecimal decimalValue() {
        check();
        requireNumber();
        try {
            return parser.getDecimalValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public double doubleValue() {
        check();
        requireNumber();
        try {
            return parser.getDoubleValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean booleanValue() {
        check();
        if (k() != TokenKind.TRUE && k() != TokenKind.FALSE) {
            throw new IllegalStateException("not a boolean: " + k());
        }
        return k() == TokenKind.TRUE;
    }

    @Override
    public long byteOffset() {
        check();
        return byteOffset0();
    }

    long byteOffset0() {
        if (start < 0) {
            TokenKind k = k();
            start = k == TokenKind.END_ROOT ? framing.rootEndOffset() - 1
                    : feed.tokenStart(k == TokenKind.END_ARRAY || k == TokenKind.END_OBJECT);
        }
        return start;
    }

    @Override
    public long endByteOffset() {
        check();
        return endByteOffset0();
    }

    long endByteOffset0() {
        if (end < 0) {
            switch (k()) {
                case END_ROOT:
                    end = framing.rootEndOffset();
                    break;
                case START_OBJECT:
                case START_ARRAY:
                case END_OBJECT:
                case END_ARRAY:
                    end = byteOffset0() + 1;
                    break;
                case FIELD_NAME:
                case STRING:
                    end = feed.position(); // just past the closing quote
                    break;
                case INT:
                case FLOAT:
                    end = byteOffset0() + feed.textLength(); // numbers are ASCII: one byte per character
                    break;
                case TRUE:
                case NULL:
                    end = byteOffset0() + 4;
                    break;
                case FALSE:
                    end = byteOffset0() + 5;
                    break;
                default:
                    throw new IllegalStateException(String.valueOf(k()));
            }
        }
        return end;
    }

    @Override
    public long line() {
        check();
        if (k() == TokenKind.END_ROOT) {
            return framing.rootEndLine();
        }
        lines.locate(byteOffset0(), region);
        return lines.line;
    }

    @Override
    public long column() {
        check();
        if (k() == TokenKind.END_ROOT) {
            return framing.rootEndColumn();
        }
        lines.locate(byteOffset0(), region);
        return lines.column;
    }

    @Override
    public void pause() {
        check();
        pump.pause();
    }

    // ---- CharSequence over the parser's text buffer (STRING and numbers) ----

    @Override
    public int length() {
        check();
        if (k() != TokenKind.STRING && !k().isNumber()) {
            String s = text();
            return s == null ? 0 : s.length();
        }
        return feed.textLength();
    }

    @Override
    public char charAt(int index) {
        check();
        if (k() != TokenKind.STRING && !k().isNumber()) {
            String s = text();
            if (s == null) {
                throw new IndexOutOfBoundsException(index);
            }
            return s.charAt(index);
        }
        try {
            Objects.checkIndex(index, parser.getTextLength());
            return parser.getTextCharacters()[parser.getTextOffset() + index];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CharSequence subSequence(int from, int to) {
        check();
        String s = text();
        return s == null ? "".subSequence(from, to) : s.subSequence(from, to);
    }

    @Override
    public String toString() {
        if (!valid) {
            return "TokenCursor(stale)";
        }
        String s = text();
        return s == null ? "" : s;
    }
}

package dev.jsonstream.decoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A handler that writes down everything the cursor says about each token, one line per token, so that two
 * decodes can be compared line by line. It reads every accessor, offsets included.
 */
final class EventLog implements TokenHandler {
    final List<String> lines = new ArrayList<>();
    private final boolean pauseEveryToken;
    private final List<String> expected;
    /** With an expected log: the first line that differed, or null. */
    String firstMismatch;

    EventLog(boolean pauseEveryToken) {
        this(pauseEveryToken, null);
    }

    /** Compares against {@code expected} as it goes instead of keeping every line. */
    EventLog(boolean pauseEveryToken, List<String> expected) {
        this.pauseEveryToken = pauseEveryToken;
        this.expected = expected;
    }

    private int count;

    @Override
    public void onToken(TokenCursor t) {
        String line = describe(t);
        add(line);
        if (pauseEveryToken) {
            t.pause();
        }
    }

    void add(String line) {
        if (expected == null) {
            lines.add(line);
        } else if (firstMismatch == null) {
            String want = count < expected.size() ? expected.get(count) : "<nothing>";
            if (!want.equals(line)) {
                firstMismatch = "line " + count + ": expected <" + want + "> but was <" + line + ">";
            }
        }
        count++;
    }

    /** Ends the log with the outcome: OK, or the error with all its fields. */
    void finish(JsonDecodeException e) {
        add(e == null ? "OK" : describe(e));
        if (expected != null && firstMismatch == null && count != expected.size()) {
            firstMismatch = "expected " + expected.size() + " lines but was " + count;
        }
    }

    static String describe(JsonDecodeException e) {
        return "ERROR " + e.kind() + " " + e.limit() + " " + e.limitValue() + " @" + e.byteOffset() + " " + e.line()
                + ":" + e.column() + " " + e.pointer() + " | " + e.detail();
    }

    static String describe(TokenCursor t) {
        StringBuilder sb = new StringBuilder(64);
        TokenKind k = t.kind();
        sb.append(k).append(' ').append(t.depth()).append(' ').append(t.pointer()).append(" name=")
                .append(t.fieldName()).append(" idx=").append(t.arrayIndex()).append(" root=")
                .append(t.rootIndex()).append(" @").append(t.byteOffset()).append('-').append(t.endByteOffset())
                .append(' ').append(t.line()).append(':').append(t.column());
        if (k == TokenKind.STRING || k == TokenKind.FIELD_NAME) {
            String text = t.text();
            if (!text.contentEquals(t.textChars())) {
                throw new AssertionError("textChars differs from text for " + text);
            }
            sb.append(" text=").append(text);
        } else if (k.isNumber()) {
            sb.append(" num=").append(t.numberText()).append(" dec=");
            try {
                sb.append(t.decimalValue().toString());
            } catch (NumberFormatException e) {
                sb.append("unrepresentable");
            }
            if (k == TokenKind.INT) {
                sb.append(" big=").append(t.bigIntegerValue()).append(" long=")
                        .append(t.fitsInLong() ? Long.toString(t.longValue()) : "no");
            }
            sb.append(" dbl=").append(t.doubleValue());
        } else if (k == TokenKind.TRUE || k == TokenKind.FALSE) {
            sb.append(' ').append(t.booleanValue());
        }
        return Objects.toString(sb);
    }
}

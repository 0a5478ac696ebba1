package dev.jsonstream.samples.cli;

import dev.jsonstream.decoder.TokenCursor;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.decoder.TokenKind;

/**
 * Writes each value it is given (an EVENTS match: its tokens, then END_ROOT) as one line of compact JSON, as
 * {@code jq -c} prints it: no spaces, strings re-escaped, numbers as written.
 */
final class CompactJson implements TokenHandler {
    private final LineSink sink;
    /** Whether the next value in the innermost container needs a comma before it. */
    private final java.util.BitSet needsComma = new java.util.BitSet();

    CompactJson(LineSink sink) {
        this.sink = sink;
    }

    @Override
    public void onToken(TokenCursor t) {
        TokenKind k = t.kind();
        StringBuilder line = sink.line;
        int depth = t.depth();
        switch (k) {
            case END_ROOT:
                sink.endLine();
                needsComma.clear();
                return;
            case FIELD_NAME:
                comma(line, depth);
                LineSink.appendJsonString(line, t.textChars());
                line.append(':');
                return;
            case START_OBJECT:
            case START_ARRAY:
                valueComma(line, t, depth - 1);
                line.append(k == TokenKind.START_OBJECT ? '{' : '[');
                needsComma.clear(depth);
                return;
            case END_OBJECT:
                line.append('}');
                return;
            case END_ARRAY:
                line.append(']');
                return;
            default:
                valueComma(line, t, depth);
                JqStreamLines.leaf(line, t);
        }
    }

    /** A value in an array follows a comma unless it is the first; in an object the name already placed it. */
    private void valueComma(StringBuilder line, TokenCursor t, int container) {
        if (t.fieldName() == null && container > 0) {
            comma(line, container);
        }
    }

    private void comma(StringBuilder line, int container) {
        if (needsComma.get(container)) {
            line.append(',');
        }
        needsComma.set(container);
    }
}

package dev.jsonstream.samples.cli;

import dev.jsonstream.decoder.TokenCursor;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.decoder.TokenKind;
import java.util.BitSet;

/**
 * Writes each value it is given (an EVENTS match: its tokens, then END_ROOT) as one line of compact JSON, as
 * {@code jq -c} prints it: no spaces, strings re-escaped, numbers as written.
 */
final class CompactJson implements TokenHandler {
    private final LineSink sink;
    /** Whether the next value in the innermost container needs a comma before it. */
    private final BitSet needsComma = new BitSet();

    CompactJson(LineSink sink) {
        this.sink = sink;
    }

    @Override
    public void onToken(TokenCursor t) {
        TokenKind k = t.kind();
        int depth = t.depth();
        switch (k) {
            case END_ROOT:
                sink.endLine();
                needsComma.clear();
                return;
            case FIELD_NAME:
                comma(depth);
                sink.putJsonString(t.textChars());
                sink.put((byte) ':');
                return;
            case START_OBJECT:
            case START_ARRAY:
                valueComma(t, depth - 1);
                sink.put(k == TokenKind.START_OBJECT ? (byte) '{' : (byte) '[');
                needsComma.clear(depth);
                return;
            case END_OBJECT:
                sink.put((byte) '}');
                return;
            case END_ARRAY:
                sink.put((byte) ']');
                return;
            default:
                valueComma(t, depth);
                sink.putScalar(t);
        }
    }

    /** A value in an array follows a comma unless it is the first; in an object the name already placed it. */
    private void valueComma(TokenCursor t, int container) {
        if (t.fieldName() == null && container > 0) {
            comma(container);
        }
    }

    private void comma(int container) {
        if (needsComma.get(container)) {
            sink.put((byte) ',');
        }
        needsComma.set(container);
    }
}

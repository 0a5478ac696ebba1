package dev.jsonstream.samples.cli;

import dev.jsonstream.decoder.TokenCursor;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.decoder.TokenKind;
import java.util.Arrays;

/**
 * Writes each value it is given (an EVENTS match: its tokens, then END_ROOT) as one line of compact JSON, as
 * {@code jq -c} prints it: no spaces, strings re-escaped, numbers as written.
 *
 * <p>It keeps its own stack of open containers rather than asking the cursor for each token's depth and name: a
 * match's cursor works those out relative to the match on every call.
 */
final class CompactJson implements TokenHandler {
    private final LineSink sink;
    /** Per open container: whether it is an array, and whether something is in it yet. */
    private boolean[] isArray = new boolean[32];
    private boolean[] hasChild = new boolean[32];
    private int open;

    CompactJson(LineSink sink) {
        this.sink = sink;
    }

    @Override
    public void onToken(TokenCursor t) {
        TokenKind k = t.kind();
        switch (k) {
            case END_ROOT:
                sink.endLine();
                open = 0;
                return;
            case FIELD_NAME:
                comma();
                sink.putName(t.textChars());
                sink.put((byte) ':');
                return;
            case START_OBJECT:
            case START_ARRAY:
                beforeValue();
                sink.put(k == TokenKind.START_OBJECT ? (byte) '{' : (byte) '[');
                push(k == TokenKind.START_ARRAY);
                return;
            case END_OBJECT:
                sink.put((byte) '}');
                open--;
                return;
            case END_ARRAY:
                sink.put((byte) ']');
                open--;
                return;
            default:
                beforeValue();
                sink.putScalar(t);
        }
    }

    /** A value in an array follows a comma unless it is the first; in an object its name already placed it. */
    private void beforeValue() {
        if (open > 0 && isArray[open - 1]) {
            comma();
        }
    }

    private void comma() {
        if (hasChild[open - 1]) {
            sink.put((byte) ',');
        }
        hasChild[open - 1] = true;
    }

    private void push(boolean array) {
        if (open == isArray.length) {
            isArray = Arrays.copyOf(isArray, open * 2);
            hasChild = Arrays.copyOf(hasChild, open * 2);
        }
        isArray[open] = array;
        hasChild[open] = false;
        open++;
    }
}

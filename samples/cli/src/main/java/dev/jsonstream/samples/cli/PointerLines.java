package dev.jsonstream.samples.cli;

import dev.jsonstream.decoder.TokenCursor;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.decoder.TokenKind;

/** {@code POINTER<TAB>VALUE} for each leaf: scalars, and empty objects and arrays. */
final class PointerLines implements TokenHandler {
    private final LineSink sink;
    /** A container has just started and nothing has come inside it yet. */
    private boolean emptySoFar;

    PointerLines(LineSink sink) {
        this.sink = sink;
    }

    @Override
    public void onToken(TokenCursor t) {
        TokenKind k = t.kind();
        StringBuilder line = sink.line;
        switch (k) {
            case START_OBJECT:
            case START_ARRAY:
                emptySoFar = true;
                return;
            case END_OBJECT:
            case END_ARRAY:
                if (emptySoFar) {
                    t.appendPointer(line);
                    line.append('\t').append(k == TokenKind.END_OBJECT ? "{}" : "[]");
                    sink.endLine();
                }
                emptySoFar = false;
                return;
            case FIELD_NAME:
                emptySoFar = false;
                return;
            case END_ROOT:
                return;
            default:
                emptySoFar = false;
                t.appendPointer(line);
                line.append('\t');
                JqStreamLines.leaf(line, t);
                sink.endLine();
        }
    }
}

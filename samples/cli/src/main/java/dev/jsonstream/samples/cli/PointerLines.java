package dev.jsonstream.samples.cli;

import dev.jsonstream.decoder.TokenCursor;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.decoder.TokenKind;

/** {@code POINTER<TAB>VALUE} for each leaf: scalars, and empty objects and arrays. */
final class PointerLines implements TokenHandler {
    private static final byte[] TAB_EMPTY_OBJECT = JsonBytes.ascii("\t{}");
    private static final byte[] TAB_EMPTY_ARRAY = JsonBytes.ascii("\t[]");

    private final LineSink sink;
    /** The token's pointer: the cursor only appends it to a StringBuilder. */
    private final StringBuilder pointer = new StringBuilder();
    /** A container has just started and nothing has come inside it yet. */
    private boolean emptySoFar;

    PointerLines(LineSink sink) {
        this.sink = sink;
    }

    @Override
    public void onToken(TokenCursor t) {
        TokenKind k = t.kind();
        switch (k) {
            case START_OBJECT:
            case START_ARRAY:
                emptySoFar = true;
                return;
            case END_OBJECT:
            case END_ARRAY:
                if (emptySoFar) {
                    putPointer(t);
                    sink.put(k == TokenKind.END_OBJECT ? TAB_EMPTY_OBJECT : TAB_EMPTY_ARRAY);
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
                putPointer(t);
                sink.put((byte) '\t');
                sink.putScalar(t);
                sink.endLine();
        }
    }

    private void putPointer(TokenCursor t) {
        pointer.setLength(0);
        t.appendPointer(pointer);
        sink.putText(pointer);
    }
}

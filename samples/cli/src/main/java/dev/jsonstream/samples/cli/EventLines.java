package dev.jsonstream.samples.cli;

import dev.jsonstream.decoder.TokenCursor;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.decoder.TokenKind;

/** The default format: {@code KIND POINTER [VALUE]} per token ({@code FIELD /a}, {@code STRING /a "x"}). */
final class EventLines implements TokenHandler {
    /** Each kind's word and the space after it, by ordinal. */
    private static final byte[][] WORDS = new byte[TokenKind.values().length][];

    static {
        for (TokenKind k : TokenKind.values()) {
            WORDS[k.ordinal()] = JsonBytes.ascii(k.name() + " ");
        }
        WORDS[TokenKind.FIELD_NAME.ordinal()] = JsonBytes.ascii("FIELD ");
        WORDS[TokenKind.INT.ordinal()] = JsonBytes.ascii("NUMBER ");
        WORDS[TokenKind.FLOAT.ordinal()] = JsonBytes.ascii("NUMBER ");
    }

    private final LineSink sink;
    /** The token's pointer: the cursor only appends it to a StringBuilder. */
    private final StringBuilder pointer = new StringBuilder();

    EventLines(LineSink sink) {
        this.sink = sink;
    }

    @Override
    public void onToken(TokenCursor t) {
        TokenKind k = t.kind();
        if (k == TokenKind.END_ROOT) {
            return;
        }
        sink.put(WORDS[k.ordinal()]);
        pointer.setLength(0);
        t.appendPointer(pointer);
        sink.putText(pointer);
        switch (k) {
            case STRING:
                sink.put((byte) ' ');
                sink.putJsonString(t.textChars());
                break;
            case INT:
            case FLOAT:
                sink.put((byte) ' ');
                sink.putAscii(t.textChars());
                break;
            default:
                break;
        }
        sink.endLine();
    }
}

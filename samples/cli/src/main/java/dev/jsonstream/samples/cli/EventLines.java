package dev.jsonstream.samples.cli;

import dev.jsonstream.decoder.TokenCursor;
import dev.jsonstream.decoder.TokenHandler;

/** The default format: {@code KIND POINTER [VALUE]} per token ({@code FIELD /a}, {@code STRING /a "x"}). */
final class EventLines implements TokenHandler {
    private final LineSink sink;

    EventLines(LineSink sink) {
        this.sink = sink;
    }

    @Override
    public void onToken(TokenCursor t) {
        StringBuilder line = sink.line;
        switch (t.kind()) {
            case END_ROOT:
                return;
            case FIELD_NAME:
                line.append("FIELD ");
                t.appendPointer(line);
                break;
            case STRING:
                line.append("STRING ");
                t.appendPointer(line);
                line.append(' ');
                LineSink.appendJsonString(line, t.textChars());
                break;
            case INT:
            case FLOAT:
                line.append("NUMBER ");
                t.appendPointer(line);
                line.append(' ').append(t.textChars());
                break;
            default:
                line.append(t.kind().name()).append(' ');
                t.appendPointer(line);
                break;
        }
        sink.endLine();
    }
}

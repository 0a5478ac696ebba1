package dev.jsonstream.samples.cli;

import dev.jsonstream.decoder.TokenCursor;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.decoder.TokenKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines {@code jq -c --stream .} prints: {@code [PATH,LEAF]} for each scalar and each empty container, and
 * {@code [PATH]} (the path of its last child) when a non-empty container closes. Numbers keep their source text,
 * where jq would round them to a double.
 */
final class JqStreamLines implements TokenHandler {
    private final LineSink sink;
    /**
     * One entry per open container: the key (String name or Integer index) of its latest child, or null before its
     * first. Together they are the path of the value being decoded.
     */
    private final List<Object> childKeys = new ArrayList<>();

    JqStreamLines(LineSink sink) {
        this.sink = sink;
    }

    @Override
    public void onToken(TokenCursor t) {
        TokenKind k = t.kind();
        StringBuilder line = sink.line;
        switch (k) {
            case END_ROOT:
            case FIELD_NAME:
                return;
            case START_OBJECT:
            case START_ARRAY:
                markChild(t);
                childKeys.add(null);
                return;
            case END_OBJECT:
            case END_ARRAY:
                Object lastChild = childKeys.remove(childKeys.size() - 1);
                line.append('[');
                if (lastChild != null) {
                    childKeys.add(lastChild); // the closing line names the last child
                    path(line);
                    childKeys.remove(childKeys.size() - 1);
                } else {
                    path(line);
                    line.append(',').append(k == TokenKind.END_OBJECT ? "{}" : "[]");
                }
                line.append(']');
                sink.endLine();
                return;
            default:
                markChild(t);
                line.append('[');
                path(line);
                line.append(',');
                leaf(line, t);
                line.append(']');
                sink.endLine();
        }
    }

    /** The value a token starts becomes the latest child of the innermost open container. */
    private void markChild(TokenCursor t) {
        if (!childKeys.isEmpty()) {
            childKeys.set(childKeys.size() - 1, t.fieldName() != null ? t.fieldName() : (Object) t.arrayIndex());
        }
    }

    private void path(StringBuilder line) {
        line.append('[');
        for (int i = 0; i < childKeys.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            Object key = childKeys.get(i);
            if (key instanceof String) {
                LineSink.appendJsonString(line, (String) key);
            } else {
                line.append(key);
            }
        }
        line.append(']');
    }

    /** A scalar as JSON: strings escaped, numbers as written, literals as they are. */
    static void leaf(StringBuilder line, TokenCursor t) {
        if (t.kind() == TokenKind.STRING) {
            LineSink.appendJsonString(line, t.textChars());
        } else {
            line.append(t.textChars());
        }
    }
}

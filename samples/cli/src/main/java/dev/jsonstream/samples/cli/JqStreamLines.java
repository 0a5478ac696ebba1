package dev.jsonstream.samples.cli;

import dev.jsonstream.decoder.TokenCursor;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.decoder.TokenKind;
import java.util.Arrays;

/**
 * The lines {@code jq -c --stream .} prints: {@code [PATH,LEAF]} for each scalar and each empty container, and
 * {@code [PATH]} (the path of its last child) when a non-empty container closes. Numbers keep their source text,
 * where jq would round them to a double.
 *
 * <p>Every line begins with the path of the value, so the path is kept encoded: {@code [[} and the keys so far,
 * each written once, when the child it names starts. A line is then a copy of those bytes and the leaf's.
 */
final class JqStreamLines implements TokenHandler {
    private static final byte[] EMPTY_OBJECT_END = JsonBytes.ascii("],{}]");
    private static final byte[] EMPTY_ARRAY_END = JsonBytes.ascii("],[]]");
    private static final int PATH_START = 2; // after "[["

    private final LineSink sink;
    /** {@code [[} then the keys of the value being decoded, comma-separated, as JSON (names quoted). */
    private final GrowingBytes path = new GrowingBytes();
    /**
     * One entry per open container: where the key of its latest child ends in {@link #path}, or -1 before its first
     * child.
     */
    private int[] keyEnds = new int[32];
    private int open;

    JqStreamLines(LineSink sink) {
        this.sink = sink;
        path.put((byte) '[', (byte) '[');
    }

    @Override
    public void onToken(TokenCursor t) {
        TokenKind k = t.kind();
        switch (k) {
            case END_ROOT:
            case FIELD_NAME:
                return;
            case START_OBJECT:
            case START_ARRAY:
                markChild(t);
                if (open == keyEnds.length) {
                    keyEnds = Arrays.copyOf(keyEnds, open * 2);
                }
                keyEnds[open++] = -1;
                return;
            case END_OBJECT:
            case END_ARRAY:
                int closing = --open;
                int lastChild = keyEnds[closing];
                if (lastChild >= 0) { // the closing line names the last child
                    sink.put(path.buf, 0, lastChild);
                    sink.put((byte) ']', (byte) ']');
                } else {
                    sink.put(path.buf, 0, pathEnd(closing));
                    sink.put(k == TokenKind.END_OBJECT ? EMPTY_OBJECT_END : EMPTY_ARRAY_END);
                }
                sink.endLine();
                return;
            default:
                markChild(t);
                sink.put(path.buf, 0, pathEnd(open));
                sink.put((byte) ']', (byte) ',');
                sink.putScalar(t);
                sink.put((byte) ']');
                sink.endLine();
        }
    }

    /** Where the keys of the outermost {@code levels} open containers' latest children end in {@link #path}. */
    private int pathEnd(int levels) {
        return levels == 0 ? PATH_START : keyEnds[levels - 1];
    }

    /** The value a token starts becomes the latest child of the innermost open container: its key replaces the last. */
    private void markChild(TokenCursor t) {
        if (open == 0) {
            return;
        }
        int level = open - 1;
        path.pos = pathEnd(level);
        if (level > 0) {
            path.put((byte) ',');
        }
        String name = t.fieldName();
        if (name != null) {
            path.putJsonString(name);
        } else {
            path.putIndex(t.arrayIndex());
        }
        keyEnds[level] = path.pos;
    }

    /** Bytes that grow as needed: the path, as deep and with names as long as the input has them. */
    private static final class GrowingBytes extends JsonBytes {
        GrowingBytes() {
            super(256);
        }

        @Override
        void makeRoom(int n) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}

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
 * each written once, when the child it names starts (a member's name at its FIELD_NAME, an element's index counted
 * here). A line is then a copy of those bytes and the leaf's.
 */
final class JqStreamLines implements TokenHandler {
    private static final byte[] EMPTY_OBJECT_END = JsonBytes.ascii("],{}]");
    private static final byte[] EMPTY_ARRAY_END = JsonBytes.ascii("],[]]");
    private static final int PATH_START = 2; // after "[["
    /** In {@link #indexes}: the container is an object. */
    private static final int OBJECT = -2;

    private final LineSink sink;
    /** {@code [[} then the keys of the value being decoded, comma-separated, as JSON (names quoted). */
    private final GrowingBytes path = new GrowingBytes(256);
    /**
     * One entry per open container: where the key of its latest child ends in {@link #path}, or -1 before its first
     * child.
     */
    private int[] keyEnds = new int[32];
    /** One entry per open container: an array's latest index (-1 before its first element), or {@link #OBJECT}. */
    private int[] indexes = new int[32];
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
                return;
            case FIELD_NAME:
                startKey();
                path.putName(t.textChars());
                keyEnds[open - 1] = path.pos;
                return;
            case START_OBJECT:
            case START_ARRAY:
                nextIndex();
                push(k == TokenKind.START_ARRAY ? -1 : OBJECT);
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
                nextIndex();
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

    /** A value starts: in an array it is the next element, whose index replaces the last in the path. */
    private void nextIndex() {
        if (open > 0 && indexes[open - 1] != OBJECT) {
            startKey();
            path.putIndex(++indexes[open - 1]);
            keyEnds[open - 1] = path.pos;
        }
    }

    /** Cuts the path back to the keys of the containers around the innermost one, for that one's next key. */
    private void startKey() {
        int level = open - 1;
        path.pos = pathEnd(level);
        if (level > 0) {
            path.put((byte) ',');
        }
    }

    private void push(int index) {
        if (open == keyEnds.length) {
            keyEnds = Arrays.copyOf(keyEnds, open * 2);
            indexes = Arrays.copyOf(indexes, open * 2);
        }
        keyEnds[open] = -1;
        indexes[open] = index;
        open++;
    }

}

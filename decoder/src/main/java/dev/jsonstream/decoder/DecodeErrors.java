package dev.jsonstream.decoder;

/**
 * Builds the decoder's exceptions: each with its offset located (line and column) and the JSON Pointer it concerns.
 * The words come from the callers ({@link SyntaxMessages}, {@link Limit#excess}); this class only places them.
 */
final class DecodeErrors {
    private final LineIndex lines;
    /** The bytes still held, to count lines in up to an offset. */
    private final LineIndex.Bytes held;
    private final PathStack path;

    DecodeErrors(LineIndex lines, LineIndex.Bytes held, PathStack path) {
        this.lines = lines;
        this.held = held;
        this.path = path;
    }

    JsonDecodeException error(ErrorKind kind, String detail, Limit limit, long limitValue, long offset,
            String pointer, Throwable cause) {
        lines.locate(offset, held);
        return new JsonDecodeException(kind, detail, limit, limitValue, offset, lines.line, lines.column, pointer,
                cause);
    }

    /** The one template of limit errors: what went over which limit, where. */
    JsonDecodeException limit(Limit limit, long value, long offset, String pointer) {
        return error(ErrorKind.LIMIT_EXCEEDED, limit.excess(value), limit, value, offset, pointer, null);
    }

    /** Malformed input; a null pointer names the value being parsed. */
    JsonDecodeException malformed(String detail, long offset, String pointer) {
        return error(ErrorKind.MALFORMED, detail, null, -1, offset, pointer == null ? pendingPointer() : pointer,
                null);
    }

    /** The pointer of the value being parsed but not yet delivered (where a parse error is). */
    String pendingPointer() {
        return path.pointer(path.depth(), true);
    }

    /** The pointer of the innermost open container, or of the value just delivered at depth 0. */
    String currentPointer() {
        return path.pointer(path.depth(), false);
    }
}

package dev.jsonstream.decoder;

/**
 * Maps byte offsets to 1-based line and column (lines by LF, columns in bytes), lazily.
 *
 * <p>Jackson's own line numbers go wrong after a lone CR in the non-blocking parser, so lines are counted here.
 * Counting costs almost nothing while nobody asks: {@link InputScanner} counts LFs eight bytes at a time and
 * remembers the last one, and each segment begins with a {@link #checkpoint} of those two numbers. A question
 * about an offset then counts forward from the checkpoint (or from the previous answer, since questions mostly
 * come in input order) over the bytes the decoder still holds.
 *
 * <p>Exact for every offset asked about: questions concern the current segment, except the start of a token that
 * began in an earlier buffer, and such a token (string, number, literal) holds no raw LF, so no LF lies between
 * it and the checkpoint.
 */
final class LineIndex {
    /** The bytes still held, by input offset; -1 where there are none (and then no LF either). */
    interface Bytes {
        int byteAt(long offset);
    }

    // The checkpoint: an offset, the LFs before it and the last of them (-1: none).
    private long checkpointOffset;
    private long checkpointLines;
    private long checkpointLastLf = -1;
    // The last answer, to go on from when the next question is further on.
    private long cursorOffset;
    private long cursorLines;
    private long cursorLastLf = -1;

    // Filled by locate().
    long line;
    long column;

    /** {@code lines} LFs lie before {@code offset}, the last at {@code lastLf}. */
    void checkpoint(long offset, long lines, long lastLf) {
        checkpointOffset = offset;
        checkpointLines = lines;
        checkpointLastLf = lastLf;
        cursorOffset = offset;
        cursorLines = lines;
        cursorLastLf = lastLf;
    }

    /** Sets {@link #line} and {@link #column} for the byte at {@code offset}. */
    void locate(long offset, Bytes bytes) {
        if (offset <= checkpointOffset) {
            line = checkpointLines + 1;
            column = offset - checkpointLastLf;
            return;
        }
        if (offset < cursorOffset) {
            cursorOffset = checkpointOffset;
            cursorLines = checkpointLines;
            cursorLastLf = checkpointLastLf;
        }
        for (long off = cursorOffset; off < offset; off++) {
            if (bytes.byteAt(off) == '\n') {
                cursorLines++;
                cursorLastLf = off;
            }
        }
        cursorOffset = offset;
        line = cursorLines + 1;
        column = offset - cursorLastLf;
    }
}

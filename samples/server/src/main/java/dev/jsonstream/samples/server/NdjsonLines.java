package dev.jsonstream.samples.server;

import java.nio.ByteBuffer;

/**
 * The lines of {@code /select}: each selected value's bytes with the whitespace between its tokens left out, then a
 * line feed, so that a value pretty-printed over many lines is still one NDJSON line. Everything else stays byte for
 * byte as the client wrote it (strings with their escapes, numbers in their own notation), which re-encoding the
 * tokens would not keep.
 *
 * <p>The bytes come from the decoder, which has checked them as JSON and UTF-8, so knowing where strings begin and
 * end is enough: outside them, whitespace is only space, tab, line feed and carriage return, and no byte of a
 * multi-byte character equals one of those or a quote.
 *
 * <p>One array is reused for every line: the consumer pauses the body while the response channel has not taken a
 * line, so the next value only comes once the previous line is written. A line longer than {@link #KEPT_BYTES} gets
 * an array of its own, so that one large value does not leave the request holding that much until it ends.
 */
final class NdjsonLines {
    static final int KEPT_BYTES = 64 * 1024;

    private byte[] kept = new byte[1024];
    private ByteBuffer keptLine = ByteBuffer.wrap(kept);

    /**
     * The line for {@code value} (which is left as it was): compacted, or its exact bytes when {@code raw}, then a
     * line feed. Valid until the next call.
     */
    ByteBuffer line(ByteBuffer value, boolean raw) {
        int n = value.remaining();
        byte[] b;
        ByteBuffer line;
        if (n < kept.length) {
            b = kept;
            line = keptLine;
        } else if (n < KEPT_BYTES) {
            kept = new byte[Math.min(KEPT_BYTES, Math.max(n + 1, kept.length * 2))];
            keptLine = ByteBuffer.wrap(kept);
            b = kept;
            line = keptLine;
        } else {
            b = new byte[n + 1];
            line = ByteBuffer.wrap(b);
        }
        value.get(value.position(), b, 0, n);
        int length = raw ? n : compact(b, n);
        b[length] = '\n';
        return line.clear().limit(length + 1);
    }

    /**
     * Drops the whitespace outside strings from the JSON text in {@code b[0, n)}, moving the rest to the front;
     * returns how many bytes are left. A backslash in a string makes the next byte text, so {@code \"} does not end
     * the string and {@code \\} does not escape the quote after it.
     */
    static int compact(byte[] b, int n) {
        int w = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int r = 0; r < n; r++) {
            byte c = b[r];
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                continue;
            } else if (c == '"') {
                inString = true;
            }
            b[w++] = c;
        }
        return w;
    }
}

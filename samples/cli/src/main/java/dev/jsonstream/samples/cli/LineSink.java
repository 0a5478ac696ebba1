package dev.jsonstream.samples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Where output lines go: their UTF-8 bytes are written into one array and reach the output stream in blocks of up to
 * 64 KiB. Only whole lines are written out; the line being built stays in the array until {@link #endLine()}, however
 * long it grows, as when lines were Strings. A broken pipe surfaces as {@link UncheckedIOException} for the CLI to end
 * quietly on.
 */
final class LineSink extends JsonBytes {
    private static final int BLOCK = 1 << 16;

    private final OutputStream out;
    /** Every line is written out and flushed as it ends (--unbuffered). */
    private final boolean eachLine;
    /** Where the line being built starts: what is before it is whole lines not yet written out. */
    private int lineStart;

    LineSink(OutputStream out, boolean eachLine) {
        super(BLOCK);
        this.out = out;
        this.eachLine = eachLine;
    }

    /** Ends the line being built with a newline. */
    void endLine() {
        put((byte) '\n');
        lineStart = pos;
        if (eachLine) {
            flush();
        }
    }

    /**
     * Forgets the line being built: after an error a value is cut short, and its start is neither output nor the
     * start of the next file's first line.
     */
    void dropLine() {
        pos = lineStart;
    }

    /** A RAW match's bytes and a newline; the view's position is left alone. */
    void putLine(ByteBuffer bytes) {
        int n = bytes.remaining();
        reserve(n);
        bytes.get(bytes.position(), buf, pos, n);
        pos += n;
        endLine();
    }

    /** Writes out the whole lines and flushes the stream. */
    void flush() {
        writeLines();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes out the whole lines, which moves the line being built to the front; grows the array if it must. */
    @Override
    void makeRoom(int n) {
        writeLines();
        if (buf.length - pos < n) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    private void writeLines() {
        if (lineStart == 0) {
            return;
        }
        try {
            out.write(buf, 0, lineStart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.arraycopy(buf, lineStart, buf, 0, pos - lineStart);
        pos -= lineStart;
        lineStart = 0;
    }
}

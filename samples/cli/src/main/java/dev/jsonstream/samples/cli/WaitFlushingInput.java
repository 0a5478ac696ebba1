package dev.jsonstream.samples.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The CLI's input, which writes out the lines printed so far before a read that would wait: a slow producer's
 * values show at once, while a file (whose bytes are always available) keeps its output in full blocks.
 *
 * <p>{@link InputStream#available()} says how much can be read without blocking: for a pipe, what the writer has put
 * in it (FIONREAD); for a file, what is left. Zero means the next read may wait, so the output is flushed first.
 */
final class WaitFlushingInput extends FilterInputStream {
    private final LineSink out;

    WaitFlushingInput(InputStream in, LineSink out) {
        super(in);
        this.out = out;
    }

    @Override
    public int read() throws IOException {
        flushIfWaiting();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        flushIfWaiting();
        return super.read(b, off, len);
    }

    private void flushIfWaiting() throws IOException {
        int ready;
        try {
            ready = in.available();
        } catch (IOException e) {
            ready = 0; // a stream that cannot tell: flush, as if it might wait
        }
        if (ready <= 0) {
            out.flush();
        }
    }
}

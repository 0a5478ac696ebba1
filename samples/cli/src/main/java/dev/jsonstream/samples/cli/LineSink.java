package dev.jsonstream.samples.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where output lines go: a StringBuilder per line, written as UTF-8 through one buffer. A broken pipe surfaces as
 * {@link UncheckedIOException} for the CLI to end quietly on.
 */
final class LineSink {
    private final OutputStream out;
    final StringBuilder line = new StringBuilder(256);

    LineSink(OutputStream out) {
        this.out = out;
    }

    /** Writes {@link #line} and a newline, and empties it. */
    void endLine() {
        line.append('\n');
        try {
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line.setLength(0);
    }

    void writeRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends {@code text} as a JSON string. */
    static void appendJsonString(StringBuilder sb, CharSequence text) {
        sb.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, sb);
        sb.append('"');
    }
}

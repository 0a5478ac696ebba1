package dev.jsonstream.samples.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Counts what is read and redraws one line on standard error at most ten times a second: percent, MB, MB/s. */
final class ProgressBar extends FilterInputStream {
    private final long size;
    private final PrintStream err;
    private final long started = System.nanoTime();
    private long read;
    private long lastDraw;

    ProgressBar(InputStream in, long size, PrintStream err) {
        super(in);
        this.size = Math.max(1, size);
        this.err = err;
    }

    /** Whether standard error is a terminal (Linux: fd 2 links to a tty device). */
    static boolean stderrIsTerminal() {
        try {
            Path target = Files.readSymbolicLink(Paths.get("/proc/self/fd/2"));
            String t = target.toString();
            return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            read += n;
            long now = System.nanoTime();
            if (now - lastDraw > 100_000_000L) {
                lastDraw = now;
                draw(now);
            }
        } else if (n < 0) {
            draw(System.nanoTime());
            err.print('\n');
        }
        return n;
    }

    private void draw(long now) {
        int percent = (int) (read * 100 / size);
        int filled = percent / 4;
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        err.printf("\r[%-25s] %3d%% %,.1f MB %,.1f MB/s", "#".repeat(filled), percent, read / 1e6,
                read / 1e6 / seconds);
        err.flush();
    }
}

package dev.jsonstream.decoder;

import java.io.InputStream;
import java.nio.ByteBuffer;

/** A stream over a buffer's remaining bytes, read in place: a match's bytes in a direct buffer, for a binder. */
final class ByteBufferInput extends InputStream {
    /** Owned view; its position is the next byte to read. */
    private final ByteBuffer bytes;

    ByteBufferInput(ByteBuffer bytes) {
        this.bytes = bytes;
    }

    @Override
    public int read() {
        return bytes.hasRemaining() ? bytes.get() & 0xFF : -1;
    }

    @Override
    public int read(byte[] dst, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, dst.length);
        if (len == 0) {
            return 0;
        }
        if (!bytes.hasRemaining()) {
            return -1;
        }
        int n = Math.min(len, bytes.remaining());
        bytes.get(dst, off, n);
        return n;
    }

    @Override
    public long skip(long n) {
        int k = (int) Math.max(0, Math.min(n, bytes.remaining()));
        bytes.position(bytes.position() + k);
        return k;
    }

    @Override
    public int available() {
        return bytes.remaining();
    }
}

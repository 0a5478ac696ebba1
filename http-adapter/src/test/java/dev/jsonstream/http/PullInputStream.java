package dev.jsonstream.http;

import java.io.InputStream;

/** A request body made up as it is read: subclasses fill arrays; single bytes go through the same path. */
abstract class PullInputStream extends InputStream {
    @Override
    public final int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public abstract int read(byte[] b, int off, int len);
}

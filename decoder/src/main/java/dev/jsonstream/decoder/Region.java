package dev.jsonstream.decoder;

import java.nio.ByteBuffer;

/**
 * A stretch of input that can be read as an array or a buffer, where index {@code i} holds input offset
 * {@code i + delta}: the caller's heap array (or, under BYTE_BUFFER feeding, its buffer), a chunk of direct or
 * read-only input copied into the decoder's scratch array, or the first bytes held while the encoding is sniffed.
 *
 * <p>Ownership: the arrays and buffers are the caller's (or the decoder's scratch) and are only borrowed for the
 * running feed; {@link #release()} drops every reference once the feed returns, so that the caller may reuse them.
 */
final class Region implements LineIndex.Bytes {
    /** Exactly one of the two is set while the region is held; both null once released. */
    private byte[] array;
    private ByteBuffer buffer;
    /** BYTE_BUFFER feeding: a view whose position and limit frame the segment Jackson holds (null otherwise). */
    private ByteBuffer parserView;
    /** Indexes: the region's first byte, the next byte not yet scanned, and the end. */
    private int start;
    int pos;
    private int end;
    /** Input offset minus index. */
    private long delta;

    void set(byte[] array, ByteBuffer buffer, int from, int to, long delta) {
        this.array = array;
        this.buffer = buffer;
        this.parserView = buffer == null ? null : buffer.duplicate();
        this.start = from;
        this.pos = from;
        this.end = to;
        this.delta = delta;
    }

    /** Drops the references to the caller's bytes; offsets are kept for the questions asked after a feed. */
    void release() {
        array = null;
        buffer = null;
        parserView = null;
    }

    boolean held() {
        return array != null || buffer != null;
    }

    boolean hasUnscanned() {
        return pos < end;
    }

    byte[] array() {
        return array;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    ByteBuffer parserView() {
        return parserView;
    }

    int end() {
        return end;
    }

    long delta() {
        return delta;
    }

    long startOffset() {
        return start + delta;
    }

    long endOffset() {
        return end + delta;
    }

    long posOffset() {
        return pos + delta;
    }

    int index(long offset) {
        return (int) (offset - delta);
    }

    /** The byte at {@code offset}, which lies in the region (unsigned). */
    int get(long offset) {
        int i = (int) (offset - delta);
        return (array != null ? array[i] : buffer.get(i)) & 0xFF;
    }

    /** The byte at {@code offset} if the region still holds it, else -1 (for {@link LineIndex}). */
    @Override
    public int byteAt(long offset) {
        long i = offset - delta;
        return held() && i >= start && i < end ? get(offset) : -1;
    }

    /** Copies the region's bytes at offsets {@code [from, from + n)} into {@code dst}. */
    void copy(long from, byte[] dst, int dstPos, int n) {
        int i = (int) (from - delta);
        if (array != null) {
            System.arraycopy(array, i, dst, dstPos, n);
        } else {
            buffer.get(i, dst, dstPos, n);
        }
    }

    /**
     * A view of the region's bytes at offsets {@code [from, from + n)}, no copy; over the array when the bytes lie in
     * one (so that a parser can read it in place). Never handed out as it is: users get it read-only.
     */
    ByteBuffer view(long from, int n) {
        int i = (int) (from - delta);
        if (array != null) {
            return ByteBuffer.wrap(array, i, n).slice();
        }
        ByteBuffer v = buffer.duplicate();
        v.limit(i + n).position(i);
        return v.slice();
    }
}

package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Jackson's buffer recyclers for one configuration's parsers, pooled, each keeping only buffers of Jackson's
 * default (small) sizes.
 *
 * <p>Why pooled: a parser made without recycling allocates its recycler, two small arrays and its first text
 * segment, about 0.8 KB, which for a 1 KiB body is a third of what the decoder allocates.
 *
 * <p>Why only small buffers: Jackson checks a growing string against its length limit only when a text segment
 * fills. A recycler that kept the largest segment a thread ever saw (as Jackson's own pools do) would make the
 * first segment of every later string that large, and a 1,000-character limit fire only after a megabyte. Here a
 * segment grown past its default size is dropped when the parser gives it back, so every parser starts from a
 * default-sized segment, as a fresh one would.
 *
 * <p>The decoder borrows its scratch array ({@link DecoderConfig#scratchBytes()}, for direct input) from the same
 * recycler, as {@link BufferRecycler#BYTE_READ_IO_BUFFER}, which Jackson's non-blocking parsers do not use: a new
 * one starts at {@link #SMALL_SCRATCH} bytes, and one up to the configured size is kept.
 *
 * <p>At most {@link #CAPACITY} recyclers are kept; a parser that finds none makes a new one, and one given back to a
 * full pool is left to the collector. A decoder that is never closed keeps its recycler: nothing is leaked, the pool
 * only makes another.
 */
final class SmallBufferPool implements RecyclerPool<BufferRecycler> {
    private static final long serialVersionUID = 1L;
    /** Recyclers kept: enough for the IO and worker threads of a busy server sharing one configuration. */
    static final int CAPACITY = 32;
    /** The scratch array's index among the recycler's byte buffers. */
    static final int SCRATCH = BufferRecycler.BYTE_READ_IO_BUFFER;
    /** The least scratch array made: a small body's one small input gets no more. */
    static final int SMALL_SCRATCH = 256;

    private final transient ArrayBlockingQueue<BufferRecycler> idle = new ArrayBlockingQueue<>(CAPACITY);
    private final int scratchBytes;

    SmallBufferPool(int scratchBytes) {
        this.scratchBytes = scratchBytes;
    }

    @Override
    public BufferRecycler acquirePooled() {
        BufferRecycler r = idle.poll();
        return r != null ? r : new SmallBufferRecycler(scratchBytes);
    }

    @Override
    public void releasePooled(BufferRecycler recycler) {
        idle.offer(recycler);
    }

    @Override
    public int pooledCount() {
        return idle.size();
    }

    @Override
    public boolean clear() {
        idle.clear();
        return true;
    }

    /**
     * A recycler that keeps a buffer given back only if it is no larger than the default for its use (for the
     * scratch array: the configured size).
     */
    private static final class SmallBufferRecycler extends BufferRecycler {
        private final int scratchBytes;

        SmallBufferRecycler(int scratchBytes) {
            this.scratchBytes = scratchBytes;
        }

        @Override
        protected int byteBufferLength(int ix) {
            return ix == SCRATCH ? SMALL_SCRATCH : super.byteBufferLength(ix);
        }

        @Override
        public void releaseCharBuffer(int ix, char[] buffer) {
            if (buffer.length <= charBufferLength(ix)) {
                super.releaseCharBuffer(ix, buffer);
            }
        }

        @Override
        public void releaseByteBuffer(int ix, byte[] buffer) {
            if (buffer.length <= (ix == SCRATCH ? scratchBytes : byteBufferLength(ix))) {
                super.releaseByteBuffer(ix, buffer);
            }
        }
    }
}

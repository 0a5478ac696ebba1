package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.util.BufferRecycler;
import java.nio.ByteBuffer;

/**
 * The caller's input of the running feed, handed out region by region within the input byte limit; the encoding is
 * sniffed from the first bytes before any region is given out.
 *
 * <p>Ownership: the caller's array or buffer is borrowed from {@link #begin} until the feed returns having consumed
 * it ({@link #release()}); while a handler has paused, it stays borrowed.
 */
final class InputWindow {
    private final long maxInputBytes;
    private final DecodeErrors errors;
    private final EncodingSniff sniff = new EncodingSniff();
    /** BYTE_BUFFER feeding: every region is a buffer, for Jackson's buffer parser. */
    private final boolean buffersOnly;
    /**
     * Under COPY_TO_SCRATCH, direct and read-only input is copied here chunk by chunk. Borrowed from the parser's
     * recycler on the first such input (heap input never needs it) and given back by {@link #close()}; a new one is
     * small if that input is, so that a decoder per small body does not pay for the full size.
     */
    private byte[] scratch;
    private final int scratchBytes;
    private final BufferRecycler recycler;
    /** A first input up to this size gets a scratch array of its own size. */
    private static final int SMALL_INPUT = 4096;

    /** The running feed's bytes, as an array or a buffer (one set); null once released. */
    private byte[] array;
    private ByteBuffer buffer;
    /** Next index not yet taken into a region, and the end. */
    private int pos;
    private int end;
    /** The feed's input is copied to {@link #scratch} chunk by chunk. */
    private boolean copied;

    /** Bytes passed to the feed methods so far. */
    private long received;
    /** Bytes taken into regions so far: the input offset of the next byte. */
    private long taken;
    /** The running feed: the offset of its first byte, its length, and how much of it was reported consumed. */
    private long feedStart;
    private int feedLength;
    private long feedReported;

    InputWindow(DecoderConfig config, DecodeErrors errors, BufferRecycler recycler) {
        this.recycler = recycler;
        this.maxInputBytes = config.limits().get(Limit.MAX_INPUT_BYTES);
        this.errors = errors;
        this.buffersOnly = config.directBufferFeeding() == DirectBufferFeeding.BYTE_BUFFER;
        this.scratchBytes = config.scratchBytes();
    }

    void begin(byte[] array, ByteBuffer buffer, int from, int to, boolean copied) {
        this.array = array;
        this.buffer = buffer;
        this.pos = from;
        this.end = to;
        this.copied = copied;
        this.feedStart = taken;
        this.feedReported = 0;
        this.feedLength = to - from;
        this.received += feedLength;
    }

    /** The running feed ends: its bytes are no longer referenced. */
    void release() {
        array = null;
        buffer = null;
    }

    /** The decoder is closed: the scratch array goes back to the recycler, before the parser gives that back. */
    void close() {
        release();
        if (scratch != null) {
            recycler.releaseByteBuffer(SmallBufferPool.SCRATCH, scratch);
            scratch = null;
        }
    }

    /**
     * How many of the running feed's bytes to report as newly consumed, given that everything before
     * {@code consumedOffset} has been delivered (the whole feed when it is not paused).
     */
    long report(boolean whole, long consumedOffset) {
        long consumed = whole ? feedLength : Math.max(0, Math.min(feedLength, consumedOffset - feedStart));
        long delta = consumed - feedReported;
        feedReported = consumed;
        return delta;
    }

    /** The end of input: a feed of nothing. */
    void beginEnd() {
        feedLength = 0;
    }

    long received() {
        return received;
    }

    long taken() {
        return taken;
    }

    boolean sniffed() {
        return sniff.done();
    }

    int bomLength() {
        return sniff.bomLength;
    }

    /**
     * Makes the next stretch of input the region; false when the feed has nothing more for now. The first region
     * is the sniffed head, once it decides the encoding.
     */
    boolean next(Region region) {
        if (!sniff.done()) {
            int room = (int) Math.min(sniff.room(), Math.min(end - pos, maxInputBytes - taken));
            for (int i = 0; i < room; i++) {
                sniff.add(array != null ? array[pos++] : buffer.get(pos++));
            }
            taken += room;
            boolean limitHit = pos < end && taken == maxInputBytes;
            if (!limitHit && !sniff.decisive()) {
                return false;
            }
            sniffNow(region);
            return true;
        }
        if (pos >= end) {
            return false;
        }
        long allowed = maxInputBytes - taken;
        if (allowed <= 0) {
            throw errors.limit(Limit.MAX_INPUT_BYTES, maxInputBytes, taken, errors.pendingPointer());
        }
        int n = (int) Math.min(end - pos, allowed);
        if (copied) {
            if (scratch == null || scratch.length < Math.min(n, scratchBytes)) {
                // A small body's one small input gets a small array; anything larger gets the full size at once,
                // so that inputs of growing sizes (as reads from a socket come) make at most two arrays. The
                // recycler hands out the one it keeps instead when that is large enough.
                int size = n <= SMALL_INPUT && scratch == null ? n : scratchBytes;
                if (scratch != null) {
                    recycler.releaseByteBuffer(SmallBufferPool.SCRATCH, scratch);
                }
                scratch = recycler.allocByteBuffer(SmallBufferPool.SCRATCH, size);
            }
            n = Math.min(n, scratch.length);
            buffer.get(pos, scratch, 0, n);
            region.set(scratch, null, 0, n, taken);
        } else {
            region.set(array, buffer, pos, pos + n, taken - pos);
        }
        pos += n;
        taken += n;
        return true;
    }

    /** Decides the encoding on the bytes held so far, and makes them the region. */
    void sniffNow(Region region) {
        sniff.decide();
        byte[] head = sniff.head;
        region.set(buffersOnly ? null : head, buffersOnly ? ByteBuffer.wrap(head) : null, 0, sniff.length, 0);
    }
}
